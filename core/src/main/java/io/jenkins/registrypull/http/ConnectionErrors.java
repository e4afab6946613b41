package io.jenkins.registrypull.http;

import io.jenkins.registrypull.error.FailureKind;
import io.jenkins.registrypull.error.RegistryConnectionException;
import io.jenkins.registrypull.error.RegistryException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/** Explains an I/O failure talking to a registry in words a Jenkins user can act on. */
public final class ConnectionErrors {

    private ConnectionErrors() {
    }

    /**
     * Whether a failure is worth another attempt on a new connection: a reset, a cut or a
     * silence (timeout), a refused connection (a registry restarting), a TLS record that failed to
     * decrypt (bytes damaged on the way). Not: a certificate that is not trusted, an unknown host,
     * an address the engine refuses, or a failure the engine itself raised.
     */
    public static boolean isTransient(IOException e) {
        if (e instanceof RegistryFailure || e instanceof GuardedDns.ForbiddenAddressException
                || e instanceof UnknownHostException || e instanceof SSLHandshakeException
                || e instanceof javax.net.ssl.SSLPeerUnverifiedException) {
            return false;
        }
        if (e instanceof java.nio.channels.ClosedByInterruptException
                || (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException))) {
            return "timeout".equals(e.getMessage()); // OkHttp's call timeout says "timeout"; a cancel does not
        }
        return true;
    }

    /**
     * Whether {@code e} is OkHttp's call timeout firing: the engine sets one only from the pull's
     * {@link Deadline}, so the pull is out of time (a silent socket is a {@link SocketTimeoutException}).
     */
    public static boolean isCallTimeout(IOException e) {
        return e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)
                && "timeout".equals(e.getMessage());
    }

    /** Whether the handshake failed on the certificate chain (PKIX path building or validation), not on the protocol. */
    private static boolean causedByCertificate(Throwable e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof java.security.cert.CertificateException
                    || t instanceof java.security.cert.CertPathValidatorException
                    || t instanceof java.security.cert.CertPathBuilderException) {
                return true;
            }
        }
        return false;
    }

    public static RegistryException describe(IOException e, String host, String action) {
        if (e instanceof RegistryFailure wrapped) {
            return wrapped.failure();
        }
        String what = "while " + action + ": ";
        boolean retryable = isTransient(e);
        if (e instanceof GuardedDns.ForbiddenAddressException) {
            return new RegistryConnectionException("Refused " + what + e.getMessage(), e, retryable);
        }
        if (e instanceof UnknownHostException) {
            return new RegistryConnectionException("Cannot resolve the host " + host + " " + what
                    + "check the registry name in the image reference and the agent's DNS.", e, retryable);
        }
        if (e instanceof ConnectException) {
            return new RegistryConnectionException("Cannot connect to " + host + " " + what + e.getMessage()
                    + ". Check that the registry is up and reachable from this agent (proxy, firewall).", e,
                    retryable);
        }
        if (e instanceof SSLHandshakeException && causedByCertificate(e)) {
            // the front ends name their option for the CA certificate (FailureKind.UNTRUSTED_CERTIFICATE)
            return new RegistryConnectionException(FailureKind.UNTRUSTED_CERTIFICATE, "The TLS certificate of " + host
                    + " is not trusted " + what + "give the registry's CA certificate or fix the registry's"
                    + " certificate chain.", e, false);
        }
        if (e instanceof SSLException) {
            // the front ends name their option for a plain-HTTP registry (FailureKind.TLS)
            return new RegistryConnectionException(FailureKind.TLS, "TLS failed with " + host + " " + what
                    + e.getMessage() + ". If this registry speaks plain HTTP, mark it as an insecure registry.", e,
                    retryable);
        }
        if (isCallTimeout(e)) {
            return Deadline.expired(null, action + " with " + host);
        }
        if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
            return new RegistryConnectionException("Timed out talking to " + host + " " + what
                    + "the registry or the network is too slow.", e, retryable);
        }
        // the retry advice comes from the Retrier once the attempts are spent, not twice
        return new RegistryConnectionException("I/O error with " + host + " " + what + e.getMessage() + ".", e,
                retryable);
    }
}
