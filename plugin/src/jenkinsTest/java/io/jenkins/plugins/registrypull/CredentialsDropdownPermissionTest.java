package io.jenkins.plugins.registrypull;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import hudson.model.Item;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.ListBoxModel;
import java.util.List;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;
import jenkins.security.QueueItemAuthenticatorConfiguration;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.MockQueueItemAuthenticator;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The SECURITY-533 rules of the credentials dropdowns with real Jenkins permissions: someone who can only read a job
 * sees no credential ids; someone who can configure it does; at the root only administrators do. A job lists as the
 * authentication its builds run as.
 */
@WithJenkins
class CredentialsDropdownPermissionTest {
    private static RegistryFixture fixture;

    @BeforeAll
    static void startRegistry() {
        fixture = new RegistryFixture();
    }

    @AfterAll
    static void stopRegistry() {
        fixture.close();
    }

    private static List<String> values(ListBoxModel model) {
        return model.stream().map(o -> o.value).collect(Collectors.toList());
    }

    private static List<String> listAs(String user, Item item) {
        ImageToPull.DescriptorImpl image = Jenkins.get().getDescriptorByType(ImageToPull.DescriptorImpl.class);
        try (ACLContext ctx = ACL.as2(User.getById(user, true).impersonate2())) {
            return values(image.doFillCredentialsIdItems(item, "", fixture.image()));
        }
    }

    @Test
    void testDropdown_listsOnlyForThoseWhoMayConfigureOrUseTheJob(JenkinsRule j) throws Exception {
        fixture.addCredentials();
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ).everywhere().to("reader", "configurer")
                .grant(Item.READ).onItems(p).to("reader", "configurer")
                .grant(Item.CONFIGURE).onItems(p).to("configurer"));

        assertThat(listAs("reader", p), not(hasItem(RegistryFixture.LOGIN_ID)));
        assertThat(listAs("configurer", p), hasItem(RegistryFixture.LOGIN_ID));
        assertThat(listAs("configurer", null), not(hasItem(RegistryFixture.LOGIN_ID)));
        assertThat(listAs("admin", null), hasItem(RegistryFixture.LOGIN_ID));
    }

    /**
     * A job that runs as a user (a QueueItemAuthenticator, as Authorize Project configures) is offered what its builds
     * can resolve as that user: without USE_ITEM on the job (alice on p) not the job's credentials, with it (bob, who
     * configures q) those too. The SYSTEM view would list them for both.
     */
    @Test
    void testDropdown_listsAsTheJobsAuthentication(JenkinsRule j) throws Exception {
        fixture.addCredentials();
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        WorkflowJob q = j.createProject(WorkflowJob.class, "q");
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ).everywhere().to("configurer", "alice", "bob")
                .grant(Item.CONFIGURE).onItems(p, q).to("configurer")
                .grant(Item.READ, Item.BUILD).onItems(p, q).to("alice", "bob")
                .grant(Item.CONFIGURE).onItems(q).to("bob"));
        QueueItemAuthenticatorConfiguration.get().getAuthenticators().add(new MockQueueItemAuthenticator()
                .authenticate("p", User.getById("alice", true).impersonate2())
                .authenticate("q", User.getById("bob", true).impersonate2()));

        assertThat("p runs as alice, who may not use its credentials", listAs("configurer", p), not(hasItem(RegistryFixture.LOGIN_ID)));
        assertThat("q runs as bob, who may", listAs("configurer", q), hasItem(RegistryFixture.LOGIN_ID));
    }
}
