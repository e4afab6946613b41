package io.jenkins.plugins.registrypull;

import com.cloudbees.plugins.credentials.CredentialsParameterDefinition;
import com.cloudbees.plugins.credentials.CredentialsParameterValue;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.domains.HostnameSpecification;
import hudson.model.ParametersAction;
import hudson.model.ParametersDefinitionProperty;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** What real credentials 1511 does that the stand-ins only imitate: credentials parameters and domain requirements. */
@WithJenkins
class CredentialsResolutionTest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private static RegistryFixture fixture;

    @BeforeAll
    static void startRegistry() {
        fixture = new RegistryFixture();
    }

    @AfterAll
    static void stopRegistry() {
        fixture.close();
    }

    private WorkflowJob job(JenkinsRule j, DumbSlave agent, String credentialsId) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("node('" + agent.getNodeName() + "') {\n"
                + "  registryPull image: '" + fixture.image() + "', credentialsId: '" + credentialsId + "',"
                + " caCertificateId: 'ca', target: 'oci', path: 'out/app'\n"
                + "}", true));
        return p;
    }

    @Test
    void testCredentialsParameter_resolvesTheChosenCredentials(JenkinsRule j) throws Exception {
        fixture.addCredentials();
        DumbSlave agent = j.createOnlineSlave();
        WorkflowJob p = job(j, agent, "${REGISTRY}");
        p.addProperty(new ParametersDefinitionProperty(new CredentialsParameterDefinition("REGISTRY", "registry login",
                RegistryFixture.LOGIN_ID, StandardUsernamePasswordCredentials.class.getName(), true)));

        j.assertBuildStatusSuccess(p.scheduleBuild2(0,
                new ParametersAction(new CredentialsParameterValue("REGISTRY", RegistryFixture.LOGIN_ID, "registry login"))));
    }

    @Test
    void testDomain_credentialsOfAnotherHostAreNotOffered(JenkinsRule j) throws Exception {
        CredentialsStore store = CredentialsProvider.lookupStores(j.jenkins).iterator().next();
        store.addCredentials(Domain.global(), fixture.ca());
        String host = fixture.registry.hostPort().replaceFirst(":[0-9]+$", "");
        store.addDomain(new Domain("this registry", null, List.of(new HostnameSpecification(host, null))),
                fixture.login("here"));
        store.addDomain(new Domain("elsewhere", null, List.of(new HostnameSpecification("registry.example.com", null))),
                fixture.login("elsewhere"));
        DumbSlave agent = j.createOnlineSlave();

        j.buildAndAssertSuccess(job(j, agent, "here"));

        WorkflowJob other = j.createProject(WorkflowJob.class, "other");
        other.setDefinition(new CpsFlowDefinition("node('" + agent.getNodeName() + "') {\n"
                + "  registryPull image: '" + fixture.image() + "', credentialsId: 'elsewhere', caCertificateId: 'ca'\n"
                + "}", true));
        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, other);
        j.assertLogContains("elsewhere", b);
    }
}
