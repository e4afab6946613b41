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
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The SECURITY-533 rules of the credentials dropdowns with real Jenkins permissions: someone who can only read a job
 * sees no credential ids; someone who can configure it does; at the root only administrators do.
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
        RegistryPullStep.DescriptorImpl step = Jenkins.get().getDescriptorByType(RegistryPullStep.DescriptorImpl.class);
        try (ACLContext ctx = ACL.as2(User.getById(user, true).impersonate2())) {
            return values(step.doFillCredentialsIdItems(item, "", fixture.image()));
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
}
