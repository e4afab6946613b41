package io.jenkins.plugins.registrypull.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.util.Secret;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.credential.CredentialMinter;
import io.jenkins.registrypull.credential.MintedCredential;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.error.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On the agent a cloud login becomes the engine's renewing credential: the minter gets the identity that crossed the
 * channel, the registry login is minted on first use and renewed before it expires, and closing it wipes the minted
 * credentials and closes the minter.
 */
class CloudLoginMintingTest {
    /** A clock the test moves. */
    static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-12-06T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** Mints {@code AWS}/{@code minted-N}, valid 12 hours, as ECR's GetAuthorizationToken. */
    static final class FakeEcrMinter implements CredentialMinter {
        final CloudLogin login;
        final TestClock clock;
        final List<Credential> minted = new ArrayList<>();
        boolean closed;

        FakeEcrMinter(CloudLogin login, TestClock clock) {
            this.login = login;
            this.clock = clock;
        }

        @Override
        public MintedCredential mint() {
            Credential c = Credential.usernamePassword("AWS", SecretValue.ofString("minted-" + (minted.size() + 1)));
            minted.add(c);
            return new MintedCredential(c, clock.instant().plus(Duration.ofHours(12)));
        }

        @Override
        public String describe() {
            return "fake Amazon ECR token for " + login.registry();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static RegistryLogin acrossTheChannel(RegistryLogin login) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(login);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (RegistryLogin) in.readObject();
        }
    }

    @Test
    void testCloudLogin_mintedOnFirstUse_renewedBeforeExpiry_wipedOnClose() throws Exception {
        RegistryLogin login = acrossTheChannel(RegistryLogin.cloud(CloudLogin.aws("123456789012.dkr.ecr.eu-west-1.amazonaws.com",
                Secret.fromString("ASIASESSIONKEY000001"), Secret.fromString("session-secret"), Secret.fromString("session-token"),
                "credentials 'ecr'")));
        TestClock clock = new TestClock();
        List<FakeEcrMinter> minters = new ArrayList<>();

        Credential credential = login.toCredential(cloud -> {
            FakeEcrMinter m = new FakeEcrMinter(cloud, clock);
            minters.add(m);
            return m;
        }, clock);

        assertThat(credential).isInstanceOf(Credential.Renewing.class);
        FakeEcrMinter minter = minters.get(0);
        assertThat(minter.login.key().getPlainText()).isEqualTo("ASIASESSIONKEY000001");
        assertThat(minter.login.sessionToken().getPlainText()).isEqualTo("session-token");
        assertThat(minter.minted).as("nothing minted before use").isEmpty();

        Credential.UsernamePassword first = (Credential.UsernamePassword) credential.current();
        assertThat(first.password().reveal()).isEqualTo("minted-1");
        assertThat(credential.current()).isSameAs(first);

        clock.advance(Duration.ofHours(11)); // within the renewal margin of a 12-hour token
        Credential.UsernamePassword second = (Credential.UsernamePassword) credential.current();
        assertThat(second.password().reveal()).isEqualTo("minted-2");

        credential.close();
        assertThat(minter.closed).isTrue();
        assertThat(minter.minted).allSatisfy(c -> assertThat(c.isWiped()).isTrue());
    }

    @Test
    void testAgentIdentity_reachesTheMinterWithoutSecrets() throws Exception {
        RegistryLogin login = acrossTheChannel(RegistryLogin.cloud(CloudLogin.agentIdentity(Cloud.AZURE, "team.azurecr.io")));
        List<CloudLogin> seen = new ArrayList<>();
        try (Credential c = login.toCredential(cloud -> {
            seen.add(cloud);
            return new FakeEcrMinter(cloud, new TestClock());
        }, Clock.systemUTC())) {
            assertThat(c).isInstanceOf(Credential.Renewing.class);
        }
        assertThat(seen).singleElement().satisfies(cloud -> {
            assertThat(cloud.isAgentIdentity()).isTrue();
            assertThat(cloud.cloud()).isEqualTo(Cloud.AZURE);
            assertThat(cloud.secretTexts()).isEmpty();
        });
    }

    @Test
    void testMinterRefusal_isAnInvalidInputNamingTheRegistry() {
        RegistryLogin login = RegistryLogin.cloud(CloudLogin.google("europe-docker.pkg.dev", Secret.fromString("{}"), "credentials 'gar'"));
        assertThatThrownBy(() -> login.toCredential(cloud -> {
            throw new InvalidInputException("credentialsId", "no minter for " + cloud.cloud().registryName());
        }, Clock.systemUTC())).isInstanceOf(InvalidInputException.class).hasMessageContaining("Google Artifact Registry");
    }
}
