package io.jenkins.registrypull.mirror;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.jenkins.registrypull.error.InvalidInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads containers-registries.conf(5) version 2 with Jackson's TOML parser. What the engine applies: every
 * {@code [[registry]]} with {@code prefix}, {@code location}, {@code insecure}, {@code blocked},
 * {@code mirror-by-digest-only} and its {@code [[registry.mirror]]} entries ({@code location}, {@code insecure},
 * {@code pull-from-mirror}). Settings about short names, credential helpers and layer stores are read and reported
 * as not applied; an unknown key is reported too (a typo must not pass unnoticed). The version 1 format
 * ({@code [registries.search]}) is refused with a message saying how to convert it.
 */
public final class RegistriesConfParser {

    /** Files are a few KiB; a larger one is refused rather than parsed. */
    static final int MAX_BYTES = 1024 * 1024;

    private static final Map<String, String> NOT_APPLIED = Map.of(
            "unqualified-search-registries", "short names are not searched: name images in full"
                    + " (docker.io/library/busybox:1.36)",
            "short-name-mode", "short names are not resolved: name images in full",
            "aliases", "short-name aliases are not applied: name images in full",
            "credential-helpers", "credentials come from Jenkins or the command line, not from credential helpers",
            "additional-layer-store-auth-helper", "additional layer stores are not used");

    private RegistriesConfParser() {
    }

    /** Reads and parses a file; {@code field} names it in errors (e.g. {@code registriesConf}). */
    public static RegistriesConf parse(Path file, String field) throws InvalidInputException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new InvalidInputException(field, file + " is larger than 1 MiB; a registries.conf is a few KiB");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidInputException(field, "cannot read " + file + " (" + e.getClass().getSimpleName()
                    + "); give the path of a readable registries.conf");
        }
        return parse(new String(bytes, StandardCharsets.UTF_8), field + " (" + file + ")");
    }

    /** Parses the text of a registries.conf; {@code source} names it in errors and notes. */
    public static RegistriesConf parse(String text, String source) throws InvalidInputException {
        if (text.length() > MAX_BYTES) {
            throw new InvalidInputException(source, "larger than 1 MiB; a registries.conf is a few KiB");
        }
        JsonNode root;
        try {
            root = new TomlMapper().readTree(text);
        } catch (JacksonException e) {
            throw new InvalidInputException(source, "not valid TOML: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
        }
        List<String> notes = new ArrayList<>();
        List<RegistryRule> rules = new ArrayList<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return RegistriesConf.of(rules, notes, source);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            if (key.equals("registry")) {
                JsonNode list = entry.getValue();
                if (!list.isArray()) {
                    throw new InvalidInputException(source, "'registry' must be an array of tables: write"
                            + " [[registry]], not [registry]");
                }
                for (int i = 0; i < list.size(); i++) {
                    rules.add(rule(list.get(i), source + " [[registry]] #" + (i + 1), notes));
                }
            } else if (key.equals("registries")) {
                throw new InvalidInputException(source, "this is the version 1 format ([registries.search],"
                        + " [registries.insecure], [registries.block]); write version 2: one [[registry]] per"
                        + " registry, with location, insecure = true or blocked = true (containers-registries.conf(5))");
            } else if (NOT_APPLIED.containsKey(key)) {
                notes.add(source + ": '" + key + "' is not applied: " + NOT_APPLIED.get(key));
            } else {
                notes.add(source + ": unknown setting '" + key + "' is not applied (a typo?)");
            }
        }
        return RegistriesConf.of(rules, notes, source);
    }

    private static RegistryRule rule(JsonNode node, String where, List<String> notes) throws InvalidInputException {
        if (!node.isObject()) {
            throw new InvalidInputException(where, "must be a table of settings");
        }
        String prefix = "";
        String location = "";
        boolean insecure = false;
        boolean blocked = false;
        boolean digestOnly = false;
        List<MirrorRule> mirrors = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = where + " " + e.getKey();
            switch (e.getKey()) {
                case "prefix" -> prefix = text(e.getValue(), field);
                case "location" -> location = text(e.getValue(), field);
                case "insecure" -> insecure = bool(e.getValue(), field);
                case "blocked" -> blocked = bool(e.getValue(), field);
                case "mirror-by-digest-only" -> digestOnly = bool(e.getValue(), field);
                case "pull-from-mirror" -> throw new InvalidInputException(field, "belongs on a [[registry.mirror]],"
                        + " not on the registry itself; for the registry use mirror-by-digest-only = true");
                case "mirror" -> {
                    if (!e.getValue().isArray()) {
                        throw new InvalidInputException(field, "must be an array of tables: write"
                                + " [[registry.mirror]]");
                    }
                    for (int m = 0; m < e.getValue().size(); m++) {
                        mirrors.add(mirror(e.getValue().get(m), where + " [[registry.mirror]] #" + (m + 1), notes));
                    }
                }
                default -> notes.add(field + ": unknown setting, not applied (a typo?)");
            }
        }
        return new RegistryRule(prefix, location, insecure, blocked, digestOnly, mirrors);
    }

    private static MirrorRule mirror(JsonNode node, String where, List<String> notes) throws InvalidInputException {
        if (!node.isObject()) {
            throw new InvalidInputException(where, "must be a table of settings");
        }
        String location = "";
        boolean insecure = false;
        PullFromMirror pull = PullFromMirror.ALL;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = where + " " + e.getKey();
            switch (e.getKey()) {
                case "location" -> location = text(e.getValue(), field);
                case "insecure" -> insecure = bool(e.getValue(), field);
                case "pull-from-mirror" -> pull = PullFromMirror.parse(text(e.getValue(), field), field);
                default -> notes.add(field + ": unknown setting, not applied (a typo?)");
            }
        }
        return new MirrorRule(location, insecure, pull);
    }

    private static String text(JsonNode value, String field) throws InvalidInputException {
        if (!value.isTextual()) {
            throw new InvalidInputException(field, "must be a string in quotes, was " + value.getNodeType()
                    .toString().toLowerCase(java.util.Locale.ROOT));
        }
        return value.asText();
    }

    private static boolean bool(JsonNode value, String field) throws InvalidInputException {
        if (!value.isBoolean()) {
            throw new InvalidInputException(field, "must be true or false (without quotes), was "
                    + value.toString());
        }
        return value.booleanValue();
    }
}
