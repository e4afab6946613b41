package io.jenkins.plugins.registrypull.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.util.Secret;
import io.jenkins.plugins.registrypull.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;

/**
 * A Google service-account JSON key stored as a Jenkins "Secret file", for Google Artifact Registry / Container
 * Registry. Checked on the controller (a JSON object of {@code "type": "service_account"} with a client email and a
 * private key), so that a wrong file fails before any network call; the messages never quote the file.
 */
final class GoogleKeys {
    /** A service-account key file is about 2.3 KiB; anything far larger is not one. */
    private static final int MAX_KEY_BYTES = 64 * 1024;

    private GoogleKeys() {
    }

    @NonNull
    static RegistryLogin login(@NonNull FileCredentials file, @NonNull String credentialsId, @NonNull String registry)
            throws AbortException {
        String json;
        try (InputStream in = file.getContent()) {
            byte[] bytes = in.readNBytes(MAX_KEY_BYTES + 1);
            if (bytes.length > MAX_KEY_BYTES) {
                throw new UnusableCredentialsException(Messages.CloudLogin_GoogleKeyInvalid(credentialsId));
            }
            json = new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AbortException(Messages.RegistryPull_CredentialsUnreadable("credentialsId", credentialsId, e.getMessage()));
        }
        if (!isServiceAccountKey(json)) {
            throw new UnusableCredentialsException(Messages.CloudLogin_GoogleKeyInvalid(credentialsId));
        }
        return RegistryLogin.cloud(CloudLogin.google(registry, Secret.fromString(json), "credentials '" + credentialsId + "'"));
    }

    private static boolean isServiceAccountKey(String json) {
        try {
            JsonNode key = new ObjectMapper().readTree(json);
            return key != null && key.isObject() && "service_account".equals(key.path("type").asText())
                    && !key.path("client_email").asText().isEmpty() && !key.path("private_key").asText().isEmpty();
        } catch (IOException e) {
            return false; // Jackson's message may quote the file: not shown
        }
    }
}
