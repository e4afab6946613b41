package io.jenkins.registrypull.http;

import okhttp3.Dns;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Host names that resolve to link-local or cloud metadata addresses are refused when resolved (a realm or a
 * redirect naming {@code metadata.internal} instead of the address), and address literals, which OkHttp connects to
 * without resolving, are recognised by {@link GuardedDns#isForbiddenLiteral}.
 */
class GuardedDnsTest {

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private final Map<String, List<InetAddress>> names = Map.of(
            "metadata.google.internal", List.of(ip("169.254.169.254")),
            "ecs-credentials.test", List.of(ip("169.254.170.2")),
            "ec2-v6-metadata.test", List.of(ip("fd00:ec2::254")),
            "link-local-v6.test", List.of(ip("fe80::1")),
            "mixed.test", List.of(ip("10.1.2.3"), ip("169.254.169.254")),
            "registry.test", List.of(ip("10.1.2.3"), ip("fd00:ec2::1")),
            "loopback.test", List.of(ip("127.0.0.1"), ip("::1")));
    private final GuardedDns dns = new GuardedDns(host -> {
        List<InetAddress> found = names.get(host);
        if (found == null) {
            throw new UnknownHostException(host);
        }
        return found;
    });

    @Test
    void testNamesResolvingToMetadataOrLinkLocal_refusedWithTheReason() {
        for (String host : List.of("metadata.google.internal", "ecs-credentials.test", "ec2-v6-metadata.test",
                "link-local-v6.test", "mixed.test")) {
            assertThatThrownBy(() -> dns.lookup(host)).as(host)
                    .isInstanceOf(GuardedDns.ForbiddenAddressException.class)
                    .hasMessageStartingWith(host + " resolves to ")
                    .hasMessageContaining("a link-local or cloud metadata address; registries and token servers are"
                            + " never contacted there");
        }
    }

    @Test
    void testOrdinaryAddresses_resolved() throws Exception {
        assertThat(dns.lookup("registry.test")).hasSize(2);
        assertThat(dns.lookup("loopback.test")).hasSize(2);
        assertThatThrownBy(() -> dns.lookup("unknown.test")).isInstanceOf(UnknownHostException.class)
                .isNotInstanceOf(GuardedDns.ForbiddenAddressException.class);
    }

    @Test
    void testRefusal_explainedByConnectionErrors() {
        UnknownHostException refused = (UnknownHostException) org.assertj.core.api.Assertions.catchThrowable(
                () -> dns.lookup("metadata.google.internal"));
        assertThat(ConnectionErrors.describe(refused, "metadata.google.internal", "getting a pull token").getMessage())
                .startsWith("Refused while getting a pull token: metadata.google.internal resolves to 169.254.169.254");
    }

    @Test
    void testLiterals() {
        for (String host : List.of("169.254.169.254", "169.254.0.1", "169.254.255.255", "fd00:ec2::254",
                "fe80::1", "FD00:EC2:0:0:0:0:0:254", "100.100.100.200", "168.63.129.16", "::ffff:169.254.169.254",
                "::ffff:a9fe:a9fe", "[::ffff:169.254.169.254]", "0:0:0:0:0:ffff:a9fe:a9fe", "::169.254.169.254",
                "64:ff9b::169.254.169.254", "2002:a9fe:a9fe::1", "::ffff:100.100.100.200", "fd00:0ec2:0::0254",
                "fe80::a9fe:a9fe%1")) {
            assertThat(GuardedDns.isForbiddenLiteral(host)).as(host).isTrue();
        }
        for (String host : List.of("169.253.255.255", "169.255.0.1", "10.0.0.1", "127.0.0.1", "::1", "fd00:ec2::253",
                "fd00:ec2::1:254", "registry.example.com", "169.254.169.254.nip.io", "100.100.100.201", "::ffff:127.0.0.1",
                "::ffff:10.0.0.1", "2002:0a00:0001::1", "::", "100.64.0.1")) {
            assertThat(GuardedDns.isForbiddenLiteral(host)).as(host).isFalse();
        }
    }

    @Test
    void testSystemDns_isWrapped() throws Exception {
        assertThat(new GuardedDns(Dns.SYSTEM).lookup("localhost")).isNotEmpty();
    }
}
