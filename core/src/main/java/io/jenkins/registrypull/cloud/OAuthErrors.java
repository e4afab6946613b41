package io.jenkins.registrypull.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * Reads the {@code error} and {@code error_description} of an OAuth2 error answer (RFC 6749 section 5.2), which
 * Google's and Microsoft's token endpoints both send, into a short, printable text for a user's message.
 */
public final class OAuthErrors {

    private static final int MAX_DESCRIPTION = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private OAuthErrors() {
    }

    /** E.g. {@code invalid_grant: Invalid JWT Signature.}, or {@code HTTP 400} when the body says nothing usable. */
    public static String describe(int status, String body) {
        String code = null;
        String description = null;
        if (body != null && !body.isBlank()) {
            try {
                JsonNode node = JSON.readTree(body);
                code = text(node.get("error"));
                description = text(node.get("error_description"));
            } catch (IOException e) {
                // not JSON: only the status is worth showing
            }
        }
        if (code == null) {
            return "HTTP " + status;
        }
        return description == null ? code : code + ": " + firstLine(description);
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isBlank() ? firstLine(node.asText()) : null;
    }

    /**
     * The first line of an issuer's error text, printable ASCII, bounded: Entra's descriptions carry a trace id and
     * a timestamp on further lines, and the first line names the error.
     */
    public static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        String firstLine = text.strip().lines().findFirst().orElse("");
        String clean = firstLine.replaceAll("[^\\x20-\\x7E]", "?");
        return clean.length() <= MAX_DESCRIPTION ? clean : clean.substring(0, MAX_DESCRIPTION) + "...";
    }
}
