package io.jenkins.registrypull.cloud.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.registrypull.cloud.EndpointOverride;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.error.InvalidInputException;

import java.io.IOException;
import java.net.URI;
import java.util.Arrays;

/**
 * The secret-free facts of a service-account key file, read to check it before any network call: whose key it is
 * and where its token endpoint is.
 */
record ServiceAccountKeyFile(String clientEmail, URI tokenUri) {

    static final String FIELD = "service-account key";
    static final String DEFAULT_TOKEN_URI = "https://oauth2.googleapis.com/token";
    private static final int MAX_BYTES = 64 * 1024;

    static ServiceAccountKeyFile parse(SecretValue keyJson) throws InvalidInputException {
        byte[] bytes = keyJson.utf8();
        try {
            if (bytes.length > MAX_BYTES) {
                throw new InvalidInputException(FIELD, "is larger than 64 KiB; give the JSON key file that Google"
                        + " Cloud's IAM page downloads for the service account");
            }
            JsonNode node;
            try {
                node = new ObjectMapper().readTree(bytes);
            } catch (IOException e) {
                // the parser's message may quote the key's text: name the problem only
                throw new InvalidInputException(FIELD, "is not JSON; give the JSON key file of a service account"
                        + " (IAM > Service accounts > Keys > Add key > JSON)");
            }
            if (node == null || !node.isObject()) {
                throw new InvalidInputException(FIELD, "is not a JSON object; give the JSON key file of a service account");
            }
            String type = text(node, "type");
            if (!"service_account".equals(type)) {
                throw new InvalidInputException(FIELD, "has \"type\": " + (type == null ? "missing" : "\"" + type + "\"")
                        + "; only a service account's key (\"type\": \"service_account\") is accepted");
            }
            String email = text(node, "client_email");
            if (email == null || !email.contains("@")) {
                throw new InvalidInputException(FIELD, "has no \"client_email\"; download a new JSON key for the"
                        + " service account");
            }
            if (text(node, "private_key") == null || !text(node, "private_key").contains("PRIVATE KEY")) {
                throw new InvalidInputException(FIELD, "has no \"private_key\" in PEM form; download a new JSON key"
                        + " for the service account");
            }
            String tokenUri = text(node, "token_uri");
            URI uri = EndpointOverride.check("token_uri of the service-account key",
                    tokenUri == null ? DEFAULT_TOKEN_URI : tokenUri);
            return new ServiceAccountKeyFile(email, uri);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
