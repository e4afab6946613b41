package io.jenkins.registrypull.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.registrypull.credential.CredentialMinter;
import io.jenkins.registrypull.error.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which minter --auth picks for which registry, before any network call. */
class CloudAuthOptionsTest {
    private static final String ECR = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
    private static final Map<String, String> ENV = Map.of("AWS_EC2_METADATA_DISABLED", "true");

    private static CloudAuthOptions mode(String auth) {
        CloudAuthOptions options = new CloudAuthOptions();
        options.auth = auth;
        return options;
    }

    private static boolean mints(CloudAuthOptions options, String registry, boolean userCredential) throws Exception {
        CredentialMinter minter = options.minter(registry, userCredential, ENV, option -> {
            throw new AssertionError("no ECR input reads stdin");
        }, null);
        if (minter == null) {
            return false;
        }
        assertThat(minter.describe()).startsWith("Amazon ECR");
        minter.close();
        return true;
    }

    @Test
    void testAuto_mintsForPrivateEcrHostsOnly_andNotBesideTheUsersSecret() throws Exception {
        assertThat(mints(mode("auto"), ECR, false)).isTrue();
        assertThat(mints(mode("auto"), ECR + ":443", false)).isTrue();
        assertThat(mints(mode("auto"), "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", false)).isTrue();
        assertThat(mints(mode("auto"), ECR, true)).as("the user's own secret wins").isFalse();
        assertThat(mints(mode("auto"), "public.ecr.aws", false)).as("public images pull anonymously").isFalse();
        assertThat(mints(mode("auto"), "registry.example.com", false)).isFalse();
        assertThat(mints(mode("auto"), ECR + ".evil.example", false)).isFalse();
    }

    @Test
    void testEcrAndNone() throws Exception {
        CloudAuthOptions ecr = mode("ECR");
        ecr.awsRegion = "us-east-2";
        assertThat(mints(ecr, "registry.example.com", false)).isTrue();
        assertThat(mints(mode("ecr"), "public.ecr.aws", false)).isTrue();
        assertThat(mints(mode("none"), ECR, false)).isFalse();
    }

    @Test
    void testBadCombinations_nameTheOption() {
        CloudAuthOptions none = mode("none");
        none.awsRegion = "eu-west-1";
        assertThatThrownBy(() -> mints(none, ECR, false)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("--aws-region:");
        assertThatThrownBy(() -> mints(mode("ecr"), ECR, true)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("ecr makes the registry credential itself");
        assertThatThrownBy(() -> mints(mode("gcr-typo"), ECR, false)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("must be auto, none or ecr");
        CloudAuthOptions noRegion = mode("ecr");
        assertThatThrownBy(() -> mints(noRegion, "registry.example.com", false))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("AWS_REGION");
    }
}
