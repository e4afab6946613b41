package io.jenkins.registrypull.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.registrypull.error.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EcrEndpointTest {
    private static final Map<String, String> NONE = Map.of();

    @Test
    void testPrivateHost_regionAndAccountFromTheHost() throws Exception {
        EcrEndpoint e = EcrEndpoint.forRegistry("123456789012.dkr.ecr.eu-west-1.amazonaws.com", null, NONE);
        assertThat(e.url().toString()).isEqualTo("https://api.ecr.eu-west-1.amazonaws.com/");
        assertThat(e.region()).isEqualTo("eu-west-1");
        assertThat(e.signingName()).isEqualTo("ecr");
        assertThat(e.target()).isEqualTo("AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken");
        assertThat(e.describe()).isEqualTo("Amazon ECR token for account 123456789012 in eu-west-1");
    }

    @Test
    void testChinaHost_cnEndpoint() throws Exception {
        EcrEndpoint e = EcrEndpoint.forRegistry("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", null, NONE);
        assertThat(e.url().toString()).isEqualTo("https://api.ecr.cn-north-1.amazonaws.com.cn/");
    }

    @Test
    void testPublic_usEast1_ecrPublicOperation() throws Exception {
        EcrEndpoint e = EcrEndpoint.forRegistry("public.ecr.aws", "eu-west-1", NONE);
        assertThat(e.url().toString()).isEqualTo("https://api.ecr-public.us-east-1.amazonaws.com/");
        assertThat(e.region()).isEqualTo("us-east-1");
        assertThat(e.signingName()).isEqualTo("ecr-public");
        assertThat(e.target()).isEqualTo("SpencerFrontendService.GetAuthorizationToken");
    }

    @Test
    void testOtherHost_regionFromConfigurationThenEnvironment() throws Exception {
        assertThat(EcrEndpoint.forRegistry("mirror.example.com:5000", "us-east-2", NONE).region())
                .isEqualTo("us-east-2");
        assertThat(EcrEndpoint.forRegistry("mirror.example.com", null,
                Map.of("AWS_REGION", "ap-south-1")).region()).isEqualTo("ap-south-1");
        assertThat(EcrEndpoint.forRegistry("mirror.example.com", null,
                Map.of("AWS_DEFAULT_REGION", "sa-east-1")).region()).isEqualTo("sa-east-1");
    }

    @Test
    void testRegion_missingMismatchedOrMalformed_failsBeforeAnyCall() {
        assertThatThrownBy(() -> EcrEndpoint.forRegistry("mirror.example.com", null, NONE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("AWS_REGION");
        assertThatThrownBy(() -> EcrEndpoint.forRegistry("123456789012.dkr.ecr.eu-west-1.amazonaws.com",
                "us-east-1", NONE)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is in eu-west-1, not in the configured region us-east-1");
        assertThatThrownBy(() -> EcrEndpoint.forRegistry("mirror.example.com", "Frankfurt", NONE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not an AWS region name");
    }

    @Test
    void testOverride_httpsAnywhere_httpOnlyOnLoopback() throws Exception {
        assertThat(EcrEndpoint.forRegistry("mirror.example.com", "eu-west-1",
                Map.of("AWS_ENDPOINT_URL_ECR", "http://127.0.0.1:9000")).url().toString())
                .isEqualTo("http://127.0.0.1:9000/");
        assertThat(EcrEndpoint.forRegistry("mirror.example.com", "eu-west-1",
                Map.of("AWS_ENDPOINT_URL_ECR", "https://ecr.internal.example")).url().host())
                .isEqualTo("ecr.internal.example");
        assertThatThrownBy(() -> EcrEndpoint.forRegistry("mirror.example.com", "eu-west-1",
                Map.of("AWS_ENDPOINT_URL_ECR", "http://ecr.internal.example")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("AWS_ENDPOINT_URL_ECR")
                .hasMessageContaining("plain http:// only to 127.0.0.1");
    }

    @Test
    void testIsEcrRegistry_privateHostsOnly() {
        assertThat(EcrMinters.isEcrRegistry("123456789012.dkr.ecr.eu-west-1.amazonaws.com")).isTrue();
        assertThat(EcrMinters.isEcrRegistry("123456789012.DKR.ecr.cn-north-1.amazonaws.com.cn:443")).isTrue();
        assertThat(EcrMinters.isEcrRegistry("public.ecr.aws")).isFalse();
        assertThat(EcrMinters.isEcrRegistry("123456789012.dkr.ecr.eu-west-1.amazonaws.com.evil.example")).isFalse();
        assertThat(EcrMinters.isEcrRegistry("dkr.ecr.eu-west-1.amazonaws.com")).isFalse();
    }

    @Test
    void testIdentity_badValuesNameTheField() {
        assertThatThrownBy(() -> AwsIdentity.keys("wJalrXUtnFEMI/K7MDENG", "s".toCharArray(), null, null))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("accessKeyId:")
                .hasMessageNotContaining("wJalr");
        assertThatThrownBy(() -> AwsIdentity.keys("AKIAIOSFODNN7EXAMPLE", new char[0], null, null))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("secretAccessKey:");
        assertThatThrownBy(() -> AwsIdentity.agent("arn:aws:iam::123:role/x"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("roleArn:");
    }

    @Test
    void testIdentity_describeAndToString_noSecret() throws Exception {
        AwsIdentity.Keys keys = AwsIdentity.keys("AKIAIOSFODNN7EXAMPLE", "the-secret-key".toCharArray(),
                "the-session".toCharArray(), "arn:aws:iam::123456789012:role/pull");
        assertThat(keys.describe()).isEqualTo("access key AKIA...MPLE (temporary), role"
                + " arn:aws:iam::123456789012:role/pull");
        assertThat(keys.toString()).doesNotContain("the-secret-key").doesNotContain("the-session");
        keys.close();
        assertThat(keys.secretAccessKey().isWiped()).isTrue();
        assertThat(keys.sessionToken().isWiped()).isTrue();
    }
}
