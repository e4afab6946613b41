package io.jenkins.plugins.registrypull;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import hudson.AbortException;
import io.jenkins.plugins.registrypull.credentials.RegistryCredentialsResolver;
import io.jenkins.plugins.registrypull.credentials.RegistryLogin;
import io.jenkins.plugins.registrypull.testing.TestCredentials;
import io.jenkins.registrypull.reference.ImageReference;
import io.jenkins.registrypull.standin.StandIn;
import io.jenkins.registrypull.standin.StandInJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Run by {@link OptionalCloudPluginsAbsentTest} inside a class loader without the cloud plugins: resolves a pull's
 * credentials and lists the login credential types as a build and a form would.
 */
public final class OptionalCloudPluginsAbsentScenario implements Callable<String> {
    @Override
    public String call() throws Exception {
        Path home = Files.createTempDirectory("no-cloud-plugins");
        StandIn.reset();
        try {
            StandIn.startJenkins(home.toFile());
            TestCredentials.registerDescriptors();
            TestCredentials.usernamePassword("reg", "ci-bot", "s3cret");
            TestCredentials.sshKey("ssh");
            RegistryCredentialsResolver resolver = new RegistryCredentialsResolver(StandInJob.create("app").newRun());
            RegistryLogin login = resolver.resolveLogin("reg", ImageReference.parse("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app"), false);
            String types = CredentialsMatchers.filter(StandIn.credentials(), RegistryPullForms.LOGIN_TYPES).stream()
                    .map(c -> ((com.cloudbees.plugins.credentials.common.IdCredentials) c).getId()).toList().toString();
            String agent;
            try {
                resolver.resolveLogin("agent-identity", ImageReference.parse("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app"), false);
                agent = "agent-identity allowed";
            } catch (AbortException e) {
                agent = "agent-identity refused";
            }
            return login.describe() + "; login types: " + types + "; " + agent;
        } finally {
            StandIn.reset();
        }
    }
}
