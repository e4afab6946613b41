package io.jenkins.registrypull.credhelper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The block's {@code config.json}: the user's own docker settings with the block's credentials on top, so that CLI
 * plugins (buildx), contexts, proxies and credential helpers for other registries keep working inside the block.
 *
 * <p>From the user's {@code config.json} (in their {@code DOCKER_CONFIG}, default {@code ~/.docker}) everything is
 * kept except what holds or stores secrets: {@code auths} (base64 {@code user:password} and identity tokens) is never
 * copied, and {@code credsStore} is replaced. On top:
 * <ul>
 *   <li>{@code credHelpers}: every key clients use for each served registry names this block's helper; the user's
 *       entries for other registries stay (entries that name {@value HelperScript#HELPER_NAME}, left by an
 *       enclosing block, are dropped: its helper is not this block's);</li>
 *   <li>{@code credsStore}: {@value HelperScript#HELPER_NAME}, so that {@code docker login} inside the block asks
 *       this helper to store the password, which it refuses with a clear message, instead of writing base64
 *       {@code user:password} into the block's directory; a {@code get} for any other registry is answered "not
 *       found" and the client goes on anonymously;</li>
 *   <li>{@code cliPluginsExtraDirs}: the user's {@code cli-plugins} directory (before any extra directories the user
 *       already had), because docker looks for plugins under {@code DOCKER_CONFIG};</li>
 *   <li>{@link #links()}: {@code contexts} and {@code buildx} in the block's directory are symbolic links to the
 *       user's, so the current context and buildx builders resolve as outside the block.</li>
 * </ul>
 * A user config that cannot be read or parsed is left out (with a {@link #notes() note}); the block then works with
 * the credentials alone, as docker does with no config at all.
 */
public final class MergedDockerConfig {
    static final List<String> LINKED_DIRECTORIES = List.of("contexts", "buildx");
    private static final long MAX_USER_CONFIG = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String json;
    private final Map<String, Path> links;
    private final List<String> notes;

    private MergedDockerConfig(String json, Map<String, Path> links, List<String> notes) {
        this.json = json;
        this.links = links;
        this.notes = notes;
    }

    /**
     * @param userConfigDir the user's docker config directory (it need not exist), or null for none
     * @param registries the normalised registries the block serves
     */
    public static MergedDockerConfig build(Path userConfigDir, Iterable<String> registries) {
        List<String> notes = new ArrayList<>();
        ObjectNode config = JSON.createObjectNode();
        Map<String, Path> links = new java.util.LinkedHashMap<>();
        if (userConfigDir != null) {
            Path file = userConfigDir.resolve(CredentialHelperServer.CONFIG_NAME);
            if (Files.isRegularFile(file)) {
                config = readUserConfig(file, notes);
            }
            Path plugins = userConfigDir.resolve("cli-plugins");
            if (Files.isDirectory(plugins)) {
                ArrayNode dirs = JSON.createArrayNode().add(plugins.toString());
                JsonNode existing = config.get("cliPluginsExtraDirs");
                if (existing instanceof ArrayNode array) {
                    array.forEach(d -> {
                        if (!d.asText().equals(plugins.toString())) {
                            dirs.add(d);
                        }
                    });
                }
                config.set("cliPluginsExtraDirs", dirs);
            }
            for (String name : LINKED_DIRECTORIES) {
                Path dir = userConfigDir.resolve(name);
                if (Files.isDirectory(dir)) {
                    links.put(name, dir);
                }
            }
        }
        config.remove("auths");
        config.put("credsStore", HelperScript.HELPER_NAME);
        ObjectNode helpers = JSON.createObjectNode();
        if (config.get("credHelpers") instanceof ObjectNode userHelpers) {
            for (Iterator<Map.Entry<String, JsonNode>> it = userHelpers.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!HelperScript.HELPER_NAME.equals(e.getValue().asText())) {
                    helpers.set(e.getKey(), e.getValue());
                }
            }
        }
        for (String registry : registries) {
            for (String key : RegistryNames.configKeys(registry)) {
                helpers.put(key, HelperScript.HELPER_NAME);
            }
        }
        config.set("credHelpers", helpers);
        try {
            return new MergedDockerConfig(JSON.writeValueAsString(config) + "\n", Map.copyOf(links), List.copyOf(notes));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the block's config.json", e);
        }
    }

    private static ObjectNode readUserConfig(Path file, List<String> notes) {
        try {
            if (Files.size(file) > MAX_USER_CONFIG) {
                notes.add("your docker config " + file + " is larger than 1 MiB and was not used inside the block");
                return JSON.createObjectNode();
            }
            JsonNode node;
            try (InputStream in = Files.newInputStream(file)) {
                node = JSON.readTree(in);
            }
            if (node instanceof ObjectNode object) {
                object.remove("auths");
                object.remove("credsStore");
                return object;
            }
            notes.add("your docker config " + file + " is not a JSON object and was not used inside the block");
        } catch (IOException e) {
            // never the parser's message: it may quote the file's content, secrets included
            notes.add("your docker config " + file + " could not be read as JSON and was not used inside the block");
        }
        return JSON.createObjectNode();
    }

    /** The block's {@code config.json}. */
    public String json() {
        return json;
    }

    /** Name in the block's directory to the user's directory it links to. */
    public Map<String, Path> links() {
        return links;
    }

    /** What was left out of the user's config and why (no content of it). */
    public List<String> notes() {
        return notes;
    }
}
