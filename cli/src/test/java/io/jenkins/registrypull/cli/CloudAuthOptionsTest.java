package io.jenkins.registrypull.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.registrypull.cloud.Environment;
import io.jenkins.registrypull.error.InvalidInputException;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudAuthOptionsTest {
    private static final String ECR = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";

    private static CloudAuthOptions mode(String auth) {
        CloudAuthOptions options = new CloudAuthOptions(Environment.of(Map.of()), Clock.systemUTC());
        options.auth = auth;
        return options;
    }

    @Test
    void testAuto_mintsForPrivateEcrHostsOnly_andNotWhenASecretIsGiven() throws Exception {
        assertThat(mode("auto").mints(ECR, false)).isTrue();
        assertThat(mode("auto").mints(ECR, true)).as("the user's own secret wins").isFalse();
        assertThat(mode("auto").mints("public.ecr.aws", false)).as("public images pull anonymously").isFalse();
        assertThat(mode("auto").mints("registry.example.com", false)).isFalse();
        assertThat(mode("auto").mints("123456789012.dkr.ecr.eu-west-1.amazonaws.com.evil.example", false)).isFalse();
    }

    @Test
    void testEcrAndNone() throws Exception {
        assertThat(mode("ecr").mints("registry.example.com", false)).isTrue();
        assertThat(mode("ECR").mints("public.ecr.aws", false)).isTrue();
        assertThat(mode("none").mints(ECR, false)).isFalse();
        CloudAuthOptions none = mode("none");
        none.awsRegion = "eu-west-1";
        assertThatThrownBy(() -> none.mints(ECR, false)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("--aws-region:");
    }
}
