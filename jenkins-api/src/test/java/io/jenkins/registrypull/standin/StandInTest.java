package io.jenkins.registrypull.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.FilePath;
import hudson.model.Fingerprint;
import hudson.model.Item;
import hudson.model.Result;
import hudson.remoting.Callable;
import hudson.remoting.VirtualChannel;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import hudson.util.Secret;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import jenkins.MasterToSlaveFileCallable;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

/** The behaviour the stand-ins promise to plugin unit tests. */
class StandInTest {
    @TempDir
    Path home;

    @BeforeEach
    void start() {
        StandIn.reset();
        StandIn.startJenkins(home.toFile());
    }

    @AfterEach
    void stop() {
        StandIn.reset();
    }

    @Test
    void testFindCredentialById_findsGlobalCredentialsWithoutTrackingThem() throws Exception {
        StandIn.credentials().add(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "reg", "registry", "bob", "s3cr3t"));
        StandIn.credentials().add(new StringCredentialsImpl(CredentialsScope.SYSTEM, "sys", "", Secret.fromString("t0k3n")));
        StandInRun run = StandInJob.create("app").newRun();

        StandardUsernamePasswordCredentials c = CredentialsProvider.findCredentialById("reg", StandardUsernamePasswordCredentials.class, run,
                URIRequirementBuilder.fromUri("https://reg.example:5000/v2/").build());

        assertThat(c).isNotNull();
        assertThat(c.getUsername()).isEqualTo("bob");
        assertThat(c.getPassword().getPlainText()).isEqualTo("s3cr3t");
        assertThat(CredentialsProvider.findCredentialById("sys", StringCredentials.class, run)).as("SYSTEM scope is not for items").isNull();
        assertThat(CredentialsProvider.findCredentialById("nope", StandardUsernamePasswordCredentials.class, run)).isNull();
        Fingerprint fp = CredentialsProvider.getOrCreateFingerprintOf(c);
        assertThat(fp.getRangeSet("app").includes(run.getNumber())).as("credentials 1502 does not track a plain id").isFalse();
    }

    @Test
    void testListBoxModel_listsIdsAndKeepsCurrentValue() throws Exception {
        StandIn.credentials().add(new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "a", "Alpha", "u", "p"));
        StandInJob job = StandInJob.create("app");

        StandardListBoxModel model = new StandardListBoxModel();
        model.includeEmptyValue()
                .includeMatchingAs(ACL.SYSTEM2, job, StandardUsernamePasswordCredentials.class, URIRequirementBuilder.create().build(),
                        CredentialsMatchers.always())
                .includeCurrentValue("gone");

        assertThat(model).extracting(o -> o.value).containsExactly("", "gone", "a");
    }

    @Test
    void testPermissions_grantOnlyAndImplication() throws Exception {
        StandInJob job = StandInJob.create("app");
        StandIn.grantOnly(Item.CONFIGURE);
        try (ACLContext ctx = ACL.as2(new UsernamePasswordAuthenticationToken("alice", "x"))) {
            assertThat(job.hasPermission(Item.CONFIGURE)).isTrue();
            assertThat(job.hasPermission(Item.EXTENDED_READ)).as("implied by CONFIGURE").isTrue();
            assertThat(job.hasPermission(Item.BUILD)).isFalse();
            assertThatThrownBy(() -> Jenkins.get().checkPermission(Jenkins.ADMINISTER)).isInstanceOf(AccessDeniedException.class);
        }
        try (ACLContext ctx = ACL.as2(ACL.SYSTEM2)) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER); // SYSTEM may do anything
        }
    }

    @Test
    void testFilePathAct_serializesTheCallableThroughAChannel() throws Exception {
        File dir = home.resolve("ws").toFile();
        FilePath ws = new FilePath(new SerializingChannel(), dir.getPath());

        String result = ws.act(new WhereAmI());

        assertThat(result).isEqualTo(dir.getPath());
    }

    @Test
    void testSecretAndFormValidation() {
        Secret s = Secret.fromString("p@ss");
        assertThat(Secret.fromString(s.getEncryptedValue())).isEqualTo(s);
        FormValidation v = FormValidation.error("bad <input>");
        assertThat(v.kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(v.getMessage()).isEqualTo("bad &lt;input&gt;");
        assertThat(Result.FAILURE.isWorseThan(Result.UNSTABLE)).isTrue();
    }

    private static final class WhereAmI extends MasterToSlaveFileCallable<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String invoke(File f, VirtualChannel channel) {
            return f.getPath();
        }
    }

    /** A channel that round-trips every callable through Java serialization, as Remoting does. */
    private static final class SerializingChannel implements VirtualChannel {
        @Override
        @SuppressWarnings("unchecked")
        public <V, T extends Throwable> V call(Callable<V, T> callable) throws IOException, T {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(callable);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return ((Callable<V, T>) in.readObject()).call();
            } catch (ClassNotFoundException e) {
                throw new IOException(e);
            }
        }

        @Override
        public <V, T extends Throwable> hudson.remoting.Future<V> callAsync(Callable<V, T> callable) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }

        @Override
        public void join() {
        }

        @Override
        public void join(long timeout) {
        }

        @Override
        public <T> T export(Class<T> intf, T instance) {
            return instance;
        }

        @Override
        public void syncLocalIO() {
        }
    }
}
