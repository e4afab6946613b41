package io.jenkins.registrypull.testkit;

import java.nio.file.Path;

/**
 * The YAML configuration of one registry instance. Written by hand (it is small and flat) so the
 * testkit needs no YAML library; every value is quoted.
 *
 * <p>Choices and why: {@code http.addr} on 127.0.0.1 only (Debian's default config listens on all
 * interfaces); storage in the instance's own directory; delete enabled so tests can delete
 * manifests; upload purging and storage health checks off, they only add background work; no
 * {@code http.debug} listener, which would open a second port. With {@code proxyRemoteUrl} the
 * registry is a pull-through cache of that registry ({@code proxy.remoteurl}), logging in there as
 * {@code proxyUser} (or anonymously).
 */
record RegistryConfig(
        int port,
        Path storage,
        Path tlsCertificate,
        Path tlsKey,
        RegistryAuth auth,
        Path htpasswdFile,
        String tokenRealm,
        String tokenService,
        String tokenIssuer,
        Path tokenRootCertBundle,
        boolean schema1Enabled,
        String proxyRemoteUrl,
        TestUser proxyUser) {

    String toYaml() {
        StringBuilder yaml = new StringBuilder();
        yaml.append("version: 0.1\n");
        yaml.append("log:\n  level: info\n  formatter: text\n  accesslog:\n    disabled: false\n");
        yaml.append("storage:\n");
        yaml.append("  filesystem:\n    rootdirectory: ").append(quote(storage.toString())).append('\n');
        yaml.append("  delete:\n    enabled: true\n");
        yaml.append("  maintenance:\n    uploadpurging:\n      enabled: false\n");
        yaml.append("http:\n");
        yaml.append("  addr: ").append(quote(FreePort.loopback().getHostAddress() + ":" + port)).append('\n');
        yaml.append("  secret: ").append(quote(RandomStrings.alphanumeric(32))).append('\n');
        if (tlsCertificate != null) {
            yaml.append("  tls:\n");
            yaml.append("    certificate: ").append(quote(tlsCertificate.toString())).append('\n');
            yaml.append("    key: ").append(quote(tlsKey.toString())).append('\n');
        }
        if (auth == RegistryAuth.HTPASSWD) {
            yaml.append("auth:\n  htpasswd:\n");
            yaml.append("    realm: ").append(quote("testkit-registry")).append('\n');
            yaml.append("    path: ").append(quote(htpasswdFile.toString())).append('\n');
        } else if (auth == RegistryAuth.TOKEN) {
            yaml.append("auth:\n  token:\n");
            yaml.append("    realm: ").append(quote(tokenRealm)).append('\n');
            yaml.append("    service: ").append(quote(tokenService)).append('\n');
            yaml.append("    issuer: ").append(quote(tokenIssuer)).append('\n');
            yaml.append("    rootcertbundle: ").append(quote(tokenRootCertBundle.toString())).append('\n');
        }
        if (schema1Enabled) {
            yaml.append("compatibility:\n  schema1:\n    enabled: true\n");
        }
        if (proxyRemoteUrl != null) {
            yaml.append("proxy:\n  remoteurl: ").append(quote(proxyRemoteUrl)).append('\n');
            if (proxyUser != null) {
                yaml.append("  username: ").append(quote(proxyUser.username())).append('\n');
                yaml.append("  password: ").append(quote(proxyUser.password())).append('\n');
            }
        }
        yaml.append("health:\n  storagedriver:\n    enabled: false\n");
        return yaml.toString();
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
