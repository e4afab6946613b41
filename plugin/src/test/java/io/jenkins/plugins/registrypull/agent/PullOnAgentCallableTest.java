package io.jenkins.plugins.registrypull.agent;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.util.Secret;
import io.jenkins.plugins.registrypull.Target;
import io.jenkins.plugins.registrypull.ValidatedPull;
import io.jenkins.plugins.registrypull.credentials.RegistryLogin;
import io.jenkins.plugins.registrypull.testing.CapturingListener;
import io.jenkins.plugins.registrypull.testing.SerializingChannel;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.pull.PullSpec;
import java.util.Map;
import jenkins.MasterToSlaveFileCallable;
import jenkins.security.Roles;
import org.jenkinsci.remoting.Role;
import org.jenkinsci.remoting.RoleChecker;
import org.junit.jupiter.api.Test;

/** The callable crosses the agent channel (Java serialization) with the secret intact, and never shows it. */
class PullOnAgentCallableTest {
    private static final String PASSWORD = "pa55-w0rd-9f8e7d";
    private static final String SECRET_USER = "hidden-user-4711";

    private static PullOnAgentCallable callable(RegistryLogin login) throws Exception {
        PullSpec spec = PullSpec.builder().image("reg.example.com/team/app:1.2").platform("linux/amd64").build();
        return new PullOnAgentCallable(new ValidatedPull(spec, Target.OCI, "images/app", null, null, null, false),
                null, null, login, new CapturingListener(),
                Map.of("PATH", "/usr/bin", "DOCKER_HOST", "unix:///run/d.sock", "AWS_SECRET_ACCESS_KEY", "nope",
                        "REG_PASSWORD", PASSWORD));
    }

    @Test
    void testSerialization_secretIntactOnTheOtherSide() throws Exception {
        PullOnAgentCallable sent = callable(RegistryLogin.usernamePassword("ci-bot", false, Secret.fromString(PASSWORD), "credentials 'reg'"));
        PullOnAgentCallable received = (PullOnAgentCallable) SerializingChannel.deserialize(SerializingChannel.serialize(sent));
        RegistryLogin login = received.getLogin();
        assertThat(login.kind()).isEqualTo(RegistryLogin.Kind.USERNAME_PASSWORD);
        assertThat(login.username()).isEqualTo("ci-bot");
        assertThat(login.secret().getPlainText()).isEqualTo(PASSWORD);
        try (Credential engine = login.toCredential()) {
            assertThat(((Credential.UsernamePassword) engine).password().reveal()).isEqualTo(PASSWORD);
        }
    }

    @Test
    void testSerialization_identityToken() throws Exception {
        PullOnAgentCallable sent = callable(RegistryLogin.identityToken(Secret.fromString(PASSWORD), "credentials 'rt'"));
        RegistryLogin login = ((PullOnAgentCallable) SerializingChannel.deserialize(SerializingChannel.serialize(sent))).getLogin();
        try (Credential engine = login.toCredential()) {
            assertThat(((Credential.IdentityToken) engine).refreshToken().reveal()).isEqualTo(PASSWORD);
        }
    }

    @Test
    void testToString_neverShowsTheSecret_beforeOrAfterTheChannel() throws Exception {
        PullOnAgentCallable sent = callable(RegistryLogin.usernamePassword(SECRET_USER, true, Secret.fromString(PASSWORD), "credentials 'reg'"));
        PullOnAgentCallable received = (PullOnAgentCallable) SerializingChannel.deserialize(SerializingChannel.serialize(sent));
        for (PullOnAgentCallable c : new PullOnAgentCallable[] {sent, received}) {
            assertThat(c.toString()).contains("reg.example.com/team/app:1.2").contains("credentials 'reg'")
                    .doesNotContain(PASSWORD).doesNotContain(SECRET_USER);
            assertThat(c.getLogin().toString()).doesNotContain(PASSWORD).doesNotContain(SECRET_USER);
        }
    }

    @Test
    void testEnvironment_onlyTheAllowListedNonSecretVariablesTravel() throws Exception {
        PullOnAgentCallable c = callable(RegistryLogin.anonymous());
        assertThat(c.getEnvironment()).containsOnlyKeys("PATH", "DOCKER_HOST");
    }

    @Test
    void testRole_isAControllerToAgentCallable() throws Exception {
        PullOnAgentCallable c = callable(RegistryLogin.anonymous());
        assertThat(c).isInstanceOf(MasterToSlaveFileCallable.class);
        Role[] checked = new Role[1];
        c.checkRoles(new RoleChecker() {
            @Override
            public void check(org.jenkinsci.remoting.RoleSensitive subject, java.util.Collection<Role> expected) {
                checked[0] = expected.iterator().next();
            }
        });
        assertThat(checked[0]).isEqualTo(Roles.SLAVE);
    }
}
