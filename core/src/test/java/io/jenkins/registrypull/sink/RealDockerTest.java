package io.jenkins.registrypull.sink;

import io.jenkins.registrypull.testkit.DockerDaemon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The lifecycle of the tests against a private dockerd 20.10: the registry fixture and the daemon, once per class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RealDockerTest {

    RealEngineFixture fixture;
    DockerDaemon docker;

    @BeforeAll
    void start() {
        fixture = new RealEngineFixture();
        docker = DockerDaemon.start();
        System.out.printf("dockerd %s started in %d ms%n", docker.serverVersion(), docker.startDuration().toMillis());
    }

    @AfterAll
    void stop() {
        try {
            if (docker != null) {
                docker.close();
            }
        } finally {
            fixture.close();
        }
    }
}
