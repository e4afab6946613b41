package io.jenkins.plugins.registrypull;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.notNullValue;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * What Jenkins keeps on disk survives a restart: the wrapper in config.xml and PulledImagesAction in build.xml
 * (XStream with the JEP-200 class filter), and a finished Pipeline's pull record.
 */
class RestartTest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    private static RegistryFixture fixture;

    @BeforeAll
    static void startRegistry() {
        fixture = new RegistryFixture();
    }

    @AfterAll
    static void stopRegistry() {
        fixture.close();
    }

    @Test
    void testWrapperConfigAndBuildRecords_loadAfterARestart() throws Throwable {
        sessions.then(r -> {
            fixture.addCredentials();
            FreeStyleProject f = r.createFreeStyleProject("freestyle");
            ImageToPull image = new ImageToPull(fixture.image());
            image.setCredentialsId(RegistryFixture.LOGIN_ID);
            image.setCaCertificateId(RegistryFixture.CA_ID);
            image.setTarget("oci");
            f.getBuildWrappersList().add(new RegistryPullBuildWrapper(List.of(image)));
            r.buildAndAssertSuccess(f);
            WorkflowJob p = r.createProject(WorkflowJob.class, "pipeline");
            p.setDefinition(new CpsFlowDefinition("node {\n"
                    + "  registryPull image: '" + fixture.image() + "', credentialsId: 'reg', caCertificateId: 'ca', target: 'oci'\n"
                    + "}", true));
            r.buildAndAssertSuccess(p);
        });
        sessions.then(r -> {
            FreeStyleProject f = r.jenkins.getItemByFullName("freestyle", FreeStyleProject.class);
            RegistryPullBuildWrapper wrapper = f.getBuildWrappersList().get(RegistryPullBuildWrapper.class);
            assertThat(wrapper, notNullValue());
            assertThat(wrapper.getImages().get(0).getImage(), org.hamcrest.Matchers.is(fixture.image()));
            FreeStyleBuild fb = f.getLastBuild();
            assertThat(fb.getAction(PulledImagesAction.class).getImages().stream().map(PulledImage::getManifestDigest).toList(),
                    contains(fixture.app.manifestDigest()));
            WorkflowRun pb = r.jenkins.getItemByFullName("pipeline", WorkflowJob.class).getLastBuild();
            assertThat(pb.getAction(PulledImagesAction.class).getImages().stream().map(PulledImage::getManifestDigest).toList(),
                    contains(fixture.app.manifestDigest()));
            // and the job still builds with what was loaded
            r.buildAndAssertSuccess(f);
        });
    }
}
