package io.jenkins.registrypull.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.registrypull.error.AccessDeniedException;
import io.jenkins.registrypull.error.RegistryConnectionException;
import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.error.UnauthorizedException;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The AWS error codes the end-to-end tests cannot provoke from the fakes, and the SDK's own failures. */
class AwsErrorsTest {
    private static EcrEndpoint endpoint() throws Exception {
        return EcrEndpoint.forRegistry("123456789012.dkr.ecr.eu-west-1.amazonaws.com", null, Map.of());
    }

    @Test
    void testExpiredToken_saysTheTemporaryKeysExpired() throws Exception {
        RegistryException e = AwsErrors.of("ExpiredTokenException", "The security token included in the request is"
                + " expired", 400, "the request for the token", "access key ASIA...ABCD (temporary)", endpoint());
        assertThat(e).isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("ExpiredTokenException").hasMessageContaining("session token) expired");
    }

    @Test
    void testCodeWithNamespaceAndErrorTypeSuffix_reducedToTheCode() throws Exception {
        RegistryException e = AwsErrors.of("com.amazonaws.ecr#AccessDeniedException:http://internal.amazon.com/x",
                "no", 400, "the request for the token", "who", endpoint());
        assertThat(e).isInstanceOf(AccessDeniedException.class).hasMessageContaining("(AccessDeniedException: no)");
    }

    @Test
    void testWebIdentityRefused_pointsAtTheOidcProvider() throws Exception {
        RegistryException e = AwsErrors.of("InvalidIdentityToken", "No OpenIDConnect provider found", 400,
                "assuming the role", "the agent's own AWS identity", endpoint());
        assertThat(e).hasMessageContaining("AWS_WEB_IDENTITY_TOKEN_FILE").hasMessageContaining("OIDC provider");
    }

    @Test
    void testSdkFailures_connectionVersusNoIdentity() throws Exception {
        RegistryException down = AwsErrors.of(SdkClientException.builder().message("Unable to execute HTTP request")
                .cause(new IOException("Connection refused")).build(), "assuming the role", "who", endpoint());
        RegistryException none = AwsErrors.of(SdkClientException.create("Unable to load credentials from any of the"
                + " providers in the chain"), "finding the AWS credentials", "who", endpoint());

        assertThat(down).isInstanceOf(RegistryConnectionException.class).hasMessageContaining("Connection refused")
                .hasMessageContaining("AWS_ENDPOINT_URL_STS");
        assertThat(none).isInstanceOf(UnauthorizedException.class).hasMessageContaining("No usable AWS identity")
                .hasMessageContaining("instance profile");
    }
}
