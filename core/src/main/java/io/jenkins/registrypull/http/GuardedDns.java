package io.jenkins.registrypull.http;

import okhttp3.Dns;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves host names but refuses link-local and cloud metadata addresses (169.254.0.0/16,
 * fe80::/10, fd00:ec2::254). A registry or token realm never lives there, and a realm pointing
 * at the metadata service is how a hostile registry would steal an agent's cloud credentials.
 */
public final class GuardedDns implements Dns {

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
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            // fd00:ec2::254, the IPv6 address of the EC2 instance metadata service.
            return (b[0] & 0xff) == 0xfd && b[1] == 0 && (b[2] & 0xff) == 0x0e && (b[3] & 0xff) == 0xc2
                    && allZero(b, 4, 14) && b[14] == 0x02 && (b[15] & 0xff) == 0x54;
        }
        return false;
    }

    /**
     * Whether {@code host} is an IP address literal (which OkHttp connects to without asking the {@link Dns})
     * that {@link #isForbidden} refuses. Host names are checked when they are resolved.
     */
    public static boolean isForbiddenLiteral(String host) {
        boolean literal = host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
        if (!literal) {
            return false;
        }
        try {
            return isForbidden(InetAddress.getByName(host));
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
