package io.jenkins.plugins.registrypull;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.AbortException;
import hudson.model.Item;
import hudson.model.Result;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.registrypull.credentials.RegistryCredentialsResolver;
import io.jenkins.plugins.registrypull.testing.TestCredentials;
import io.jenkins.registrypull.reference.ImageReference;
import io.jenkins.registrypull.standin.StandIn;
import io.jenkins.registrypull.standin.StandInJob;
import io.jenkins.registrypull.standin.StandInRun;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

/**
 * The credentials dropdowns follow the SECURITY-533 fix (credentials-binding, docker-commons): credentials are only
 * listed to users who may configure or use them in that context; anyone else sees the current value only, so the
 * form can be saved without revealing which credentials exist. Both the step's and the wrapper image's descriptors.
 */
class CredentialsDropdownSecurityTest {
    @TempDir
    Path home;
    private StandInJob job;
    private final ImageToPull.DescriptorImpl image = new ImageToPull.DescriptorImpl();

    @BeforeEach
    void start() throws Exception {
        StandIn.reset();
        StandIn.startJenkins(home.toFile());
        TestCredentials.registerDescriptors();
        TestCredentials.usernamePassword("reg-user", "ci-bot", "s3cret");
        TestCredentials.secretText("reg-token", "t0ken");
        TestCredentials.secretFile("reg-ca", "ca.pem", "-----BEGIN CERTIFICATE-----\n...");
        TestCredentials.sshKey("ssh");
        job = StandInJob.create("app");
    }

    @AfterEach
    void stop() {
        StandIn.reset();
    }

    private static <T> T as(String user, Supplier<T> call) {
        try (ACLContext ctx = ACL.as2(new UsernamePasswordAuthenticationToken(user, "x"))) {
            return call.get();
        }
    }

    private static List<String> values(ListBoxModel model) {
        return model.stream().map(o -> o.value).collect(Collectors.toList());
    }

    @Test
    void testItem_withConfigure_listsLoginCredentialsOnly() {
        StandIn.grantOnly(Item.CONFIGURE); // implies EXTENDED_READ and USE_ITEM
        assertThat(values(as("alice", () -> image.doFillCredentialsIdItems(job, "", "reg.example.com/app"))))
                .containsExactly("", "reg-token", "reg-user");
        assertThat(values(as("alice", () -> image.doFillCredentialsIdItems(job, "", "reg.example.com/app"))))
                .containsExactly("", "reg-token", "reg-user");
    }

    /**
     * EXTENDED_READ and USE_ITEM are disabled in Jenkins unless their system properties are set: granted alone (as a
     * stale matrix entry can be), neither lists anything.
     */
    @Test
    void testItem_withDisabledExtendedReadOrUseItemAlone_seesTheCurrentValueOnly() {
        StandIn.grantOnly(Item.EXTENDED_READ);
        assertThat(values(as("alice", () -> image.doFillCredentialsIdItems(job, "", "reg.example.com/app")))).containsExactly("");
        StandIn.grantOnly(CredentialsProvider.USE_ITEM);
        assertThat(values(as("alice", () -> image.doFillCredentialsIdItems(job, "", null)))).containsExactly("");
    }

    @Test
    void testItem_readOnly_seesTheCurrentValueOnly() {
        StandIn.grantOnly(Item.READ);
        assertThat(values(as("alice", () -> image.doFillCredentialsIdItems(job, "reg-user", null)))).containsExactly("reg-user");
        assertThat(values(as("alice", () -> image.doFillCredentialsIdItems(job, "", null)))).containsExactly("");
        assertThat(values(as("alice", () -> image.doFillCaCertificateIdItems(job, "x", null)))).containsExactly("x");
    }

    @Test
    void testNoItem_needsAdminister() {
        StandIn.grantOnly(Item.CONFIGURE);
        assertThat(values(as("alice", () -> image.doFillCredentialsIdItems(null, "reg-user", null)))).containsExactly("reg-user");
        StandIn.grantOnly(Jenkins.ADMINISTER);
        assertThat(values(as("admin", () -> image.doFillCredentialsIdItems(null, "", null)))).contains("", "reg-user", "reg-token");
    }

    @Test
    void testCaCertificateDropdown_listsSecretFilesAndTexts() {
        StandIn.grantOnly(Item.CONFIGURE);
        assertThat(values(as("alice", () -> image.doFillCaCertificateIdItems(job, "", null))))
                .containsExactly("", "reg-ca", "reg-token");
    }

    @Test
    void testDoCheckCredentialsId_revealsNothingWithoutPermission() {
        StandIn.grantOnly(Item.READ);
        assertThat(as("alice", () -> image.doCheckCredentialsId(job, "nope", null)).kind).isEqualTo(FormValidation.Kind.OK);
        StandIn.grantOnly(Item.CONFIGURE);
        assertThat(as("alice", () -> image.doCheckCredentialsId(job, "nope", null)).kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(as("alice", () -> image.doCheckCredentialsId(job, "ssh", null)).kind).as("unsupported type")
                .isEqualTo(FormValidation.Kind.ERROR);
        assertThat(as("alice", () -> image.doCheckCredentialsId(job, "reg-user", null)).kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(as("alice", () -> image.doCheckCaCertificateId(job, "reg-ca", null)).kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(as("alice", () -> image.doCheckCredentialsId(job, "${REG}", null)).kind).as("parameter expression")
                .isEqualTo(FormValidation.Kind.OK);
    }

    /** Whether a build of the job can resolve {@code id} as a login for {@code image} (the real resolver). */
    private static boolean buildResolves(StandInJob job, String id, String image) throws Exception {
        StandInRun run = job.newRun();
        try {
            new RegistryCredentialsResolver(run).resolveLogin(id, ImageReference.parse(image, "image"), false);
            return true;
        } catch (AbortException e) {
            return false;
        } finally {
            run.finish(Result.SUCCESS);
        }
    }

    /**
     * A job running as alice (Authorize Project) who may not use the item's credentials: its builds resolve only
     * alice's own credentials, so that is all the dropdown offers, whoever looks (the SYSTEM view listed the global
     * ones, which such a build cannot use, and hid hers, which it can).
     */
    @Test
    void testJobRunningAsUserWithoutUseItem_offersExactlyWhatItsBuildsResolve() throws Exception {
        StandIn.userCredentials("alice").add(new UsernamePasswordCredentialsImpl(CredentialsScope.USER, "alices", "", "alice", "pw"));
        StandInJob aliceJob = StandInJob.create("alice-app").runAs(StandIn.user("alice"));
        StandIn.grantOnly(Item.READ, Item.BUILD);
        List<String> offered;
        try (ACLContext ctx = ACL.as2(ACL.SYSTEM2)) {
            offered = values(image.doFillCredentialsIdItems(aliceJob, "", "reg.example.com/app"));
            assertThat(image.doCheckCredentialsId(aliceJob, "reg-user", "reg.example.com/app").kind).isEqualTo(FormValidation.Kind.ERROR);
            assertThat(image.doCheckCredentialsId(aliceJob, "alices", "reg.example.com/app").kind).isEqualTo(FormValidation.Kind.OK);
        }
        assertThat(offered).containsExactly("", "alices");
        assertThat(buildResolves(aliceJob, "alices", "reg.example.com/app")).isTrue();
        assertThat(buildResolves(aliceJob, "reg-user", "reg.example.com/app")).isFalse();
        assertThat(buildResolves(aliceJob, "reg-token", "reg.example.com/app")).isFalse();
    }

    /** With USE_ITEM the job's builds resolve alice's credentials and the item's: the dropdown offers both. */
    @Test
    void testJobRunningAsUserWithUseItem_offersHerCredentialsAndTheItems() throws Exception {
        StandIn.userCredentials("alice").add(new UsernamePasswordCredentialsImpl(CredentialsScope.USER, "alices", "", "alice", "pw"));
        StandInJob aliceJob = StandInJob.create("alice-app").runAs(StandIn.user("alice"));
        StandIn.grantOnly(Item.CONFIGURE); // implies EXTENDED_READ and USE_ITEM
        List<String> offered = values(as("bob", () -> image.doFillCredentialsIdItems(aliceJob, "", "reg.example.com/app")));

        assertThat(offered).containsExactlyInAnyOrder("", "alices", "reg-token", "reg-user");
        for (String id : offered.subList(1, offered.size())) {
            assertThat(buildResolves(aliceJob, id, "reg.example.com/app")).as(id).isTrue();
        }
        assertThat(values(as("bob", () -> image.doFillCredentialsIdItems(job, "", "reg.example.com/app"))))
                .as("a job without a run-as user runs as SYSTEM: the item's credentials only")
                .containsExactly("", "reg-token", "reg-user");
    }
}
