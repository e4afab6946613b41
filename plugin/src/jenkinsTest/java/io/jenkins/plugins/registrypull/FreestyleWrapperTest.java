package io.jenkins.plugins.registrypull;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.slaves.DumbSlave;
import hudson.tasks.Shell;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The freestyle wrapper through real builds: setUp on an agent, the build action, and the configuration form. */
@WithJenkins
class FreestyleWrapperTest {
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

    private static RegistryPullBuildWrapper wrapper() {
        ImageToPull image = new ImageToPull(fixture.image());
        image.setCredentialsId(RegistryFixture.LOGIN_ID);
        image.setCaCertificateId(RegistryFixture.CA_ID);
        image.setTarget("oci");
        image.setPath("out/app");
        image.setTimeout(5);
        return new RegistryPullBuildWrapper(List.of(image));
    }

    @Test
    void testBuild_onAnAgent_pullsBeforeTheBuildSteps(JenkinsRule j) throws Exception {
        fixture.addCredentials();
        DumbSlave agent = j.createOnlineSlave();
        FreeStyleProject p = j.createFreeStyleProject("wrapped");
        p.setAssignedNode(agent);
        p.getBuildWrappersList().add(wrapper());
        p.getBuildersList().add(new Shell("test -f out/app/index.json && echo LAYOUT-PRESENT"));

        FreeStyleBuild b = j.buildAndAssertSuccess(p);

        j.assertLogContains("LAYOUT-PRESENT", b);
        assertThat(b.getAction(PulledImagesAction.class).getImages().stream().map(PulledImage::getManifestDigest).toList(),
                contains(fixture.app.manifestDigest()));
        j.assertLogNotContains(fixture.alice.password(), b);
    }

    @Test
    void testConfigRoundtrip_keepsEveryField(JenkinsRule j) throws Exception {
        fixture.addCredentials();
        FreeStyleProject p = j.createFreeStyleProject("roundtrip");
        RegistryPullBuildWrapper before = wrapper();
        before.setRegistryCredentials(List.of(new RegistryCredential(fixture.registry.hostPort(), RegistryFixture.LOGIN_ID)));
        p.getBuildWrappersList().add(before);

        p = j.configRoundtrip(p);

        RegistryPullBuildWrapper after = p.getBuildWrappersList().get(RegistryPullBuildWrapper.class);
        j.assertEqualDataBoundBeans(before, after);
        assertThat(after.getImages().get(0).getPath(), is("out/app"));
    }
}
