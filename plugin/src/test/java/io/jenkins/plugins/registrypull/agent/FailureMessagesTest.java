package io.jenkins.plugins.registrypull.agent;

import io.jenkins.registrypull.error.FailureKind;
import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.error.NotFoundException;
import io.jenkins.registrypull.error.RegistryConnectionException;
import io.jenkins.registrypull.error.SignatureVerificationException;
import io.jenkins.registrypull.error.TooManyRequestsException;
import io.jenkins.registrypull.error.UnauthorizedException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The plugin's one mapping from a failure's kind to console words: the engine's message, then the step's field. */
class FailureMessagesTest {

    @Test
    void testConsole_badInputOrFailure_byKind() {
        assertThat(FailureMessages.console("reg/app:1", new InvalidInputException("platform", "not os/arch")))
                .isEqualTo("Invalid input, nothing was pulled: platform: not os/arch");
        assertThat(FailureMessages.console("reg/app:1", new NotFoundException("HTTP 404: no such tag.", 404,
                List.of()))).isEqualTo("Could not pull reg/app:1: HTTP 404: no such tag.");
    }

    @Test
    void testAdvice_namesTheStepsFields() {
        assertThat(FailureMessages.describe(new UnauthorizedException("HTTP 401: give credentials.", 401, List.of())))
                .startsWith("HTTP 401: give credentials. ").contains("credentialsId");
        assertThat(FailureMessages.describe(new TooManyRequestsException("HTTP 429.", List.of(), null)))
                .contains("credentialsId");
        assertThat(FailureMessages.describe(new RegistryConnectionException(FailureKind.UNTRUSTED_CERTIFICATE,
                "not trusted.", null, false))).contains("caCertificateId");
        assertThat(FailureMessages.describe(new SignatureVerificationException(
                SignatureVerificationException.Reason.WRONG_KEY, "bad."))).contains("verifyKeyId");
        assertThat(FailureMessages.describe(new SignatureVerificationException(
                SignatureVerificationException.Reason.MISSING, "none."))).contains("remove requireSignature");
        assertThat(FailureMessages.describe(new RegistryConnectionException(FailureKind.TLS, "TLS failed.", null,
                true))).contains("insecure: true");
        assertThat(FailureMessages.describe(new RegistryConnectionException("cut.", null, true))).isEqualTo("cut.");
    }
}
