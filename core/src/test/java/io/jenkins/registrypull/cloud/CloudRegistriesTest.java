package io.jenkins.registrypull.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.registrypull.cloud.CloudRegistries.Cloud;
import org.junit.jupiter.api.Test;

class CloudRegistriesTest {
    @Test
    void testCloudOf_ownHostPatternsOnly() {
        assertThat(CloudRegistries.cloudOf("123456789012.dkr.ecr.eu-west-1.amazonaws.com")).isEqualTo(Cloud.AWS_ECR);
        assertThat(CloudRegistries.cloudOf("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn"))
                .isEqualTo(Cloud.AWS_ECR);
        assertThat(CloudRegistries.cloudOf("public.ecr.aws")).isEqualTo(Cloud.AWS_ECR);
        assertThat(CloudRegistries.cloudOf("europe-west1-docker.pkg.dev")).isEqualTo(Cloud.GOOGLE);
        assertThat(CloudRegistries.cloudOf("eu.gcr.io")).isEqualTo(Cloud.GOOGLE);
        assertThat(CloudRegistries.cloudOf("myreg.azurecr.io")).isEqualTo(Cloud.AZURE);
        assertThat(CloudRegistries.cloudOf("dkr.ecr.eu-west-1.amazonaws.com.evil.example")).isNull();
        assertThat(CloudRegistries.cloudOf("123456789012.dkr.ecr.eu-west-1.amazonaws.com.evil.example")).isNull();
        assertThat(CloudRegistries.cloudOf("docker.io")).isNull();
        assertThat(CloudRegistries.cloudOf("127.0.0.1:5000")).isNull();
    }

    @Test
    void testLoopback_literalAddressesAndLocalhostOnly() {
        assertThat(EndpointOverride.isLoopback("127.0.0.1")).isTrue();
        assertThat(EndpointOverride.isLoopback("127.1.2.3")).isTrue();
        assertThat(EndpointOverride.isLoopback("::1")).isTrue();
        assertThat(EndpointOverride.isLoopback("localhost")).isTrue();
        assertThat(EndpointOverride.isLoopback("169.254.169.254")).isFalse();
        assertThat(EndpointOverride.isLoopback("localhost.evil.example")).isFalse();
    }
}
