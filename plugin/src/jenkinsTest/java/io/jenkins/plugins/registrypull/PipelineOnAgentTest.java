package io.jenkins.plugins.registrypull;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import hudson.FilePath;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import java.nio.file.Path;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * registryPull and withRegistryAuth in a real Pipeline on a real agent (a second JVM over Remoting: the callables
 * travel through the class filter and the agent loads the plugin's classes through a RemoteClassLoader), against the
 * test kit's registry with token auth over TLS.
 */
@WithJenkins
class PipelineOnAgentTest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private static RegistryFixture fixture;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startRegistry() {
        fixture = new RegistryFixture();
    }

    @AfterAll
    static void stopRegistry() {
        fixture.close();
    }

    @Test
    void testRegistryPull_onAnAgent_writesAVerifiedOciLayoutAndRecordsTheDigest(JenkinsRule j) throws Exception {
        fixture.addCredentials();
        DumbSlave agent = j.createOnlineSlave();
        WorkflowJob p = j.createProject(WorkflowJob.class, "pull");
        p.setDefinition(new CpsFlowDefinition("node('" + agent.getNodeName() + "') {\n"
                + "  registryPull image: '" + fixture.image() + "', credentialsId: 'reg', caCertificateId: 'ca',"
                + " target: 'oci', path: 'out/app'\n"
                + "}", true));

        WorkflowRun b = j.buildAndAssertSuccess(p);

        FilePath layout = agent.getWorkspaceFor(p).child("out/app");
        assertThat(layout.child("index.json").exists(), is(true));
        assertThat(layout.child("blobs/sha256/" + fixture.app.manifestDigest().substring("sha256:".length())).exists(), is(true));
        PulledImagesAction action = b.getAction(PulledImagesAction.class);
        assertThat(action, notNullValue());
        assertThat(action.getImages().stream().map(PulledImage::getManifestDigest).toList(), contains(fixture.app.manifestDigest()));
        j.assertLogNotContains(fixture.alice.password(), b);
    }

    @Test
    void testWithRegistryAuth_skopeoInTheBlockPullsWithTheServedLogin_andNotAfterIt(JenkinsRule j) throws Exception {
        fixture.addCredentials();
        DumbSlave agent = j.createOnlineSlave();
        Path certs = fixture.certDir(tmp);
        String copy = "skopeo --insecure-policy copy --src-cert-dir '" + certs + "' docker://" + fixture.image();
        WorkflowJob p = j.createProject(WorkflowJob.class, "auth");
        p.setDefinition(new CpsFlowDefinition("node('" + agent.getNodeName() + "') {\n"
                + "  withRegistryAuth(registry: '" + fixture.registry.hostPort() + "', credentialsId: 'reg') {\n"
                + "    sh \"" + copy + " oci:inside:latest\"\n"
                + "  }\n"
                + "  sh \"" + copy + " oci:after:latest || echo NOT-AUTHORIZED-AFTER\"\n"
                + "}", true));

        WorkflowRun b = j.buildAndAssertSuccess(p);

        assertThat(agent.getWorkspaceFor(p).child("inside/index.json").exists(), is(true));
        j.assertLogContains("NOT-AUTHORIZED-AFTER", b);
        j.assertLogNotContains(fixture.alice.password(), b);
    }

    @Test
    void testUnknownCredentials_failTheBuildBeforeAnyPull(JenkinsRule j) throws Exception {
        DumbSlave agent = j.createOnlineSlave();
        WorkflowJob p = j.createProject(WorkflowJob.class, "missing");
        p.setDefinition(new CpsFlowDefinition("node('" + agent.getNodeName() + "') {\n"
                + "  registryPull image: '" + fixture.image() + "', credentialsId: 'nope', caCertificateId: 'ca'\n"
                + "}", true));

        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);

        j.assertLogContains("nope", b);
        j.assertLogNotContains("Pulled", b);
    }
}
