package io.jenkins.registrypull.cloud.gcp;

import com.google.api.client.http.HttpResponseException;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import io.jenkins.registrypull.cloud.OAuthErrors;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.credential.CredentialMinter;
import io.jenkins.registrypull.credential.MintedCredential;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.error.RegistryConnectionException;
import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.error.UnauthorizedException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Mints an OAuth2 access token from a service-account key with Google's auth library: a JWT signed with the key,
 * exchanged at the key's {@code token_uri} by the JWT-bearer grant (RFC 7523).
 */
final class ServiceAccountKeyMinter implements CredentialMinter {

    private final ServiceAccountKeyFile facts;
    private final SecretValue keyJson;

    ServiceAccountKeyMinter(ServiceAccountKeyFile facts, SecretValue keyJson) {
        this.facts = facts;
        this.keyJson = keyJson;
    }

    @Override
    public MintedCredential mint() throws RegistryException {
        byte[] json = keyJson.utf8();
        AccessToken token;
        try {
            // the library keeps the parsed key only in this credentials object, dropped when mint() returns
            GoogleCredentials credentials = ServiceAccountCredentials
                    .fromStream(new ByteArrayInputStream(json), NetHttpTransport::new)
                    .createScoped(List.of(GoogleMinters.SCOPE));
            token = credentials.refreshAccessToken();
        } catch (IOException e) {
            throw failure(e);
        } finally {
            Arrays.fill(json, (byte) 0);
        }
        if (token == null || token.getTokenValue() == null || token.getExpirationTime() == null) {
            throw new RegistryConnectionException("Google's token endpoint " + facts.tokenUri()
                    + " answered without an access token or its expiry", null);
        }
        Instant expiresAt = token.getExpirationTime().toInstant();
        return new MintedCredential(Credential.usernamePassword(GoogleMinters.USERNAME,
                SecretValue.ofString(token.getTokenValue())), expiresAt);
    }

    private RegistryException failure(IOException e) {
        HttpResponseException answer = responseIn(e);
        if (answer == null) {
            return new RegistryConnectionException("cannot reach Google's token endpoint " + facts.tokenUri()
                    + " for the service account " + facts.clientEmail() + " (" + e.getClass().getSimpleName()
                    + "); check the agent's network and proxy settings", null);
        }
        String error = OAuthErrors.describe(answer.getStatusCode(), answer.getContent());
        return new UnauthorizedException("Google refused the key of the service account " + facts.clientEmail()
                + " (" + error + "). Check that the key was not deleted or disabled (IAM > Service accounts > Keys),"
                + " that the agent's clock is right, and that the account has the Artifact Registry Reader role"
                + " (or Storage Object Viewer for gcr.io)", answer.getStatusCode(), List.of());
    }

    private static HttpResponseException responseIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpResponseException answer) {
                return answer;
            }
        }
        return null;
    }

    @Override
    public String describe() {
        return "Google access token for the service account " + facts.clientEmail();
    }

    @Override
    public void close() {
        keyJson.close();
    }
}
