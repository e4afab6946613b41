package io.jenkins.registrypull.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Serialises manifests and configs: compact by default, or indented the way docker and the Go
 * registry tools write them (3 spaces, {@code "key": value}), so tests can prove clients keep the
 * exact bytes instead of re-serialising.
 */
final class JsonBytes {

    private final ObjectMapper mapper = new ObjectMapper();

    ObjectNode object() {
        return mapper.createObjectNode();
    }

    byte[] compact(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] indented(JsonNode node) {
        DefaultIndenter indenter = new DefaultIndenter("   ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        try {
            return mapper.writer(printer).writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] write(JsonNode node, boolean indented) {
        return indented ? indented(node) : compact(node);
    }

    ObjectNode descriptor(String mediaType, Blob blob) {
        ObjectNode descriptor = object();
        descriptor.put("mediaType", mediaType);
        descriptor.put("size", blob.size());
        descriptor.put("digest", blob.digest());
        return descriptor;
    }

    ObjectNode platform(Platform platform) {
        ObjectNode node = object();
        node.put("architecture", platform.architecture());
        node.put("os", platform.os());
        if (platform.variant() != null) {
            node.put("variant", platform.variant());
        }
        return node;
    }
}
