package io.jenkins.plugins.registrypull;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.util.Secret;
import io.jenkins.registrypull.testkit.BuiltImage;
import io.jenkins.registrypull.testkit.ManifestFormat;
import io.jenkins.registrypull.testkit.Platform;
import io.jenkins.registrypull.testkit.RegistryPusher;
import io.jenkins.registrypull.testkit.RegistryServer;
import io.jenkins.registrypull.testkit.TestImages;
import io.jenkins.registrypull.testkit.TestUser;
import io.jenkins.registrypull.testkit.TokenServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;

/**
 * The test kit's real registry (docker-registry 2.8, token auth over TLS with a private CA, on 127.0.0.1) with one
 * image, {@code team/app:1.0}, that {@code alice} may pull; the Jenkins side gets her login as credentials {@code reg}
 * and the CA certificate as {@code ca}. Needs the packages of scripts/install-test-deps.sh.
 */
final class RegistryFixture implements AutoCloseable {
    static final String LOGIN_ID = "reg";
    static final String CA_ID = "ca";

    final TestUser alice = TestUser.random("alice");
    final TokenServer tokens = TokenServer.start();
    final RegistryServer registry = RegistryServer.tokenTls(tokens);
    final BuiltImage app = TestImages.small(ManifestFormat.OCI, Platform.LINUX_AMD64);

    RegistryFixture() {
        tokens.addPuller(alice, "team/app");
        try (RegistryPusher pusher = RegistryPusher.forRegistry(registry)) {
            pusher.pushImage("team/app", "1.0", app);
        }
    }

    String image() {
        return registry.hostPort() + "/team/app:1.0";
    }

    /** Adds the login and the CA certificate to Jenkins' global credentials (domain "global"). */
    void addCredentials() throws Exception {
        SystemCredentialsProvider.getInstance().getCredentials().add(login(LOGIN_ID));
        SystemCredentialsProvider.getInstance().getCredentials().add(ca());
        SystemCredentialsProvider.getInstance().save();
    }

    UsernamePasswordCredentialsImpl login(String id) throws Exception {
        return new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, id, "registry login", alice.username(), alice.password());
    }

    StringCredentialsImpl ca() {
        return new StringCredentialsImpl(CredentialsScope.GLOBAL, CA_ID, "test CA", Secret.fromString(registry.ca().caCertificatePem()));
    }

    /** A directory with the CA as {@code ca.crt}, for skopeo's {@code --src-cert-dir}. */
    Path certDir(Path parent) throws Exception {
        Path dir = Files.createDirectories(parent.resolve("certs"));
        Files.writeString(dir.resolve("ca.crt"), registry.ca().caCertificatePem(), StandardCharsets.US_ASCII);
        return dir;
    }

    @Override
    public void close() {
        registry.close();
        tokens.close();
    }
}
