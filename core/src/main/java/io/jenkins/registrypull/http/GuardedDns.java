package io.jenkins.registrypull.http;

import okhttp3.Dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Resolves host names but refuses link-local and cloud metadata addresses. A registry or token
 * realm never lives there, and a realm or redirect pointing at the metadata service is how a
 * hostile registry would steal an agent's cloud credentials.
 *
 * <p>Refused: 169.254.0.0/16 and fe80::/10 (link-local: AWS, GCP, Azure, OpenStack, DigitalOcean,
 * Oracle and Tencent metadata live there), 100.100.100.200 (Alibaba Cloud), 168.63.129.16 (the
 * Azure WireServer), fd00:ec2::254 (AWS over IPv6), and each IPv4 one when written inside an IPv6
 * address: IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible {@code ::a.b.c.d}, NAT64
 * {@code 64:ff9b::a.b.c.d} and 6to4 {@code 2002:AABB:CCDD::}, which reach the same host.
 */
public final class GuardedDns implements Dns {

    private static final List<byte[]> METADATA_V4 = List.of(
            new byte[] {100, 100, 100, (byte) 200},       // Alibaba Cloud
            new byte[] {(byte) 168, 63, (byte) 129, 16}); // Azure WireServer
    private static final byte[] AWS_V6 = {(byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54};

    private final Dns delegate;

    public GuardedDns(Dns delegate) {
        this.delegate = delegate;
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        List<InetAddress> addresses = delegate.lookup(hostname);
        for (InetAddress address : addresses) {
            if (isForbidden(address)) {
                throw new ForbiddenAddressException(hostname, address);
            }
        }
        return addresses;
    }

    public static boolean isForbidden(InetAddress address) {
        if (address.isLinkLocalAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isForbiddenV4(b);
        }
        if (address instanceof Inet6Address) {
            if (Arrays.equals(b, AWS_V6)) {
                return true;
            }
            byte[] embedded = embeddedV4(b);
            return embedded != null && isForbiddenV4(embedded);
        }
        return false;
    }

    private static boolean isForbiddenV4(byte[] b) {
        if ((b[0] & 0xff) == 169 && (b[1] & 0xff) == 254) {
            return true;
        }
        return METADATA_V4.stream().anyMatch(m -> Arrays.equals(m, b));
    }

    /** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), or null. */
    private static byte[] embeddedV4(byte[] b) {
        boolean firstTenZero = allZero(b, 0, 10);
        boolean mapped = firstTenZero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = firstTenZero && b[10] == 0 && b[11] == 0;
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && allZero(b, 4, 12);
        if (mapped || compatible || nat64) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return Arrays.copyOfRange(b, 2, 6);
        }
        return null;
    }

    /**
     * Whether {@code host} is an IP address literal (which OkHttp connects to without asking the {@link Dns})
     * that {@link #isForbidden} refuses. Host names are checked when they are resolved.
     */
    public static boolean isForbiddenLiteral(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean literal = bare.indexOf(':') >= 0 || bare.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
        if (!literal || bare.isEmpty()) {
            return false;
        }
        try {
            // a literal is parsed, never looked up (InetAddress resolves only names)
            return isForbidden(InetAddress.getByName(bare));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Thrown when a host resolves to a forbidden address; the message says why. */
    public static final class ForbiddenAddressException extends UnknownHostException {
        private static final long serialVersionUID = 1L;

        ForbiddenAddressException(String hostname, InetAddress address) {
            super(hostname + " resolves to " + address.getHostAddress()
                    + ", a link-local or cloud metadata address; registries and token servers are never contacted there");
        }
    }
}
