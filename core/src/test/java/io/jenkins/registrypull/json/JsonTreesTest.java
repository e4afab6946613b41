package io.jenkins.registrypull.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JsonTrees reads and writes exactly what ObjectMapper's tree methods do, without an ObjectMapper. */
class JsonTreesTest {

    private final JsonTrees trees = new JsonTrees();
    private final ObjectMapper mapper = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"schemaVersion\":2,\"config\":{\"size\":1469,\"digest\":\"sha256:ab\"},\"layers\":[{\"size\":1},{}]}",
            "{\"int\":2147483647,\"long\":2147483648,\"big\":123456789012345678901234567890}",
            "{\"negative\":-9223372036854775808,\"below\":-9223372036854775809}",
            "{\"d\":1.5,\"e\":1e300,\"z\":-0.0,\"t\":true,\"f\":false,\"n\":null}",
            "{\"dup\":1,\"dup\":\"last wins\"}",
            "{\"text\":\"caf\\u00e9 \\\"quoted\\\" \\n \\ud83d\\ude00 \\/\"}",
            "[1,[2,[3,[]]],{},\"\"]",
            "\"just a string\"",
            "42",
            "null",
            "{\"a\":1} trailing content is ignored, as ObjectMapper.readTree ignores it",
            "  \n\t {\"spaced\" : [ 1 , 2 ] }  "})
    void testRead_givesTheTreeObjectMapperGives(String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        JsonNode ours = trees.read(bytes);
        JsonNode theirs = mapper.readTree(bytes);
        assertThat(ours).isEqualTo(theirs);
        assertThat(ours.getClass()).isEqualTo(theirs.getClass());
        if (ours.isContainerNode()) {
            assertThat(ours.toString()).isEqualTo(theirs.toString());
        }
    }

    @Test
    void testRead_numberNodesKeepTheirSize() throws IOException {
        JsonNode node = trees.read("{\"i\":7,\"l\":8589934592,\"b\":98765432109876543210,\"d\":0.25}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(node.get("i").isInt()).isTrue();
        assertThat(node.get("l").isLong()).isTrue();
        assertThat(node.get("b").bigIntegerValue()).isEqualTo(new BigInteger("98765432109876543210"));
        assertThat(node.get("d").isDouble()).isTrue();
    }

    @Test
    void testRead_emptyContentIsMissing() throws IOException {
        assertThat(trees.read(new byte[0]).isMissingNode()).isTrue();
        assertThat(trees.read(" \n ".getBytes(StandardCharsets.US_ASCII)).isMissingNode()).isTrue();
        assertThat(mapper.readTree(new byte[0]).isMissingNode()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"a\":}", "[1,2", "{\"a\" 1}", "nul", "{'single':1}", "\"unterminated"})
    void testRead_malformedJsonFailsAsObjectMapperDoes(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> trees.read(bytes)).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> mapper.readTree(bytes)).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void testRead_deepNestingIsRefusedByTheParserNotByTheStack() {
        byte[] bomb = ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> trees.read(bomb)).isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void testWrite_compactAndPrettyAreByteForByteObjectMappers() throws IOException {
        ObjectNode index = trees.object();
        index.put("schemaVersion", 2).put("mediaType", "application/vnd.oci.image.index.v1+json");
        ObjectNode entry = index.putArray("manifests").addObject();
        entry.put("size", 8_589_934_592L).put("digest", "sha256:ab").put("ratio", 0.5).put("ok", true).putNull("none");
        entry.putObject("annotations").put("org.opencontainers.image.ref.name", "1.0 \"é\"");
        index.set("empty", trees.array());
        index.put("big", new BigInteger("123456789012345678901234567890"));

        assertThat(trees.write(index)).isEqualTo(mapper.writeValueAsBytes(index));
        assertThat(trees.writePretty(index))
                .isEqualTo(mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(index));
        assertThat(trees.read(trees.writePretty(index))).isEqualTo(index);
    }
}
