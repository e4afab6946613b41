package io.jenkins.registrypull.standin;

import java.io.File;
import java.io.IOException;
import jenkins.model.Jenkins;
import org.jvnet.hudson.reactor.ReactorException;

/** The Jenkins instance of a test (as JenkinsRule's is a subclass of Jenkins too). */
final class StandInJenkins extends Jenkins {
    StandInJenkins(File root) throws IOException, InterruptedException, ReactorException {
        super(root, null);
    }
}
