package io.jenkins.registrypull.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads and writes the JSON the pull path handles (manifests, indexes, token and error bodies, {@code index.json},
 * {@code manifest.json}) as Jackson trees, with Jackson's streaming parser and generator and no {@code ObjectMapper}.
 *
 * <p>Why not an ObjectMapper: building the first one in a JVM loads about 360 classes of databind's binding machinery
 * (none of which a tree needs) and cost a fresh agent JVM's first pull about 140 ms, before its first request
 * (docs/performance.md, cold start). The trees are databind's own node types, read as {@code ObjectMapper.readTree}
 * reads them with its defaults: integers as int, long or BigInteger nodes by size, other numbers as doubles, the last
 * of duplicate keys wins, content after the first value is ignored, empty content is a {@link MissingNode}. Output is
 * what {@code writeValueAsBytes} and {@code writerWithDefaultPrettyPrinter()} give.
 *
 * <p>Immutable and thread-safe: one instance serves a whole engine.
 */
public final class JsonTrees {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonFactory factory = new JsonFactory();

    /** The JSON text of {@code content} as a tree; {@link MissingNode} when it holds no value at all. */
    public JsonNode read(byte[] content) throws IOException {
        try (JsonParser parser = factory.createParser(content)) {
            JsonToken first = parser.nextToken();
            return first == null ? MissingNode.getInstance() : value(parser);
        }
    }

    public ObjectNode object() {
        return NODES.objectNode();
    }

    public ArrayNode array() {
        return NODES.arrayNode();
    }

    /** Compact UTF-8 JSON, as {@code ObjectMapper.writeValueAsBytes}. */
    public byte[] write(JsonNode node) throws IOException {
        return write(node, false);
    }

    /** Indented UTF-8 JSON, as {@code ObjectMapper.writerWithDefaultPrettyPrinter().writeValueAsBytes}. */
    public byte[] writePretty(JsonNode node) throws IOException {
        return write(node, true);
    }

    private byte[] write(JsonNode node, boolean pretty) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = factory.createGenerator(out)) {
            if (pretty) {
                generator.useDefaultPrettyPrinter();
            }
            write(generator, node);
        }
        return out.toByteArray();
    }

    /** The value at the parser's current token; nesting is bounded by the parser's own constraints. */
    private static JsonNode value(JsonParser parser) throws IOException {
        switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, value(parser));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser));
                }
                return array;
            }
            case VALUE_STRING -> {
                return NODES.textNode(parser.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (parser.getNumberType()) {
                    case INT -> NODES.numberNode(parser.getIntValue());
                    case LONG -> NODES.numberNode(parser.getLongValue());
                    default -> NODES.numberNode(parser.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(parser.getDoubleValue());
            }
            case VALUE_TRUE -> {
                return NODES.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return NODES.booleanNode(false);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new IOException("unexpected JSON token " + parser.currentToken());
        }
    }

    private static void write(JsonGenerator generator, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                generator.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    generator.writeFieldName(field.getKey());
                    write(generator, field.getValue());
                }
                generator.writeEndObject();
            }
            case ARRAY -> {
                generator.writeStartArray();
                for (JsonNode element : node) {
                    write(generator, element);
                }
                generator.writeEndArray();
            }
            case STRING -> generator.writeString(node.textValue());
            case NUMBER -> writeNumber(generator, node);
            case BOOLEAN -> generator.writeBoolean(node.booleanValue());
            case NULL -> generator.writeNull();
            default -> throw new IOException("cannot write a JSON " + node.getNodeType() + " node");
        }
    }

    private static void writeNumber(JsonGenerator generator, JsonNode node) throws IOException {
        if (node.isInt()) {
            generator.writeNumber(node.intValue());
        } else if (node.isLong()) {
            generator.writeNumber(node.longValue());
        } else if (node.isBigInteger()) {
            generator.writeNumber(node.bigIntegerValue());
        } else if (node.isBigDecimal()) {
            generator.writeNumber(node.decimalValue());
        } else {
            generator.writeNumber(node.doubleValue());
        }
    }
}
