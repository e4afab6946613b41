package io.jenkins.registrypull.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Looks for secrets where they must never be: in files (recursively, binary-safe, streamed, any
 * size), in text (logs, console output, exception messages and stack traces with their causes), and
 * in {@code /proc/PID/cmdline} and {@code /proc/PID/environ} of processes.
 *
 * <p>Each secret is searched in every form a program could plausibly write it in: the raw UTF-8
 * bytes; base64 (standard and URL-safe alphabet, with and without padding) of the secret alone and,
 * for a secret that is part of a longer text that was base64-encoded as a whole (the
 * {@code auth} field of a docker {@code config.json} is base64 of {@code user:password}), the part
 * of the encoding that depends only on the secret, for each of the three alignments the secret can
 * have in that text; base64 of {@code user:password} for a Basic credential; URL-encoded (form
 * encoding with {@code +}, and percent-encoding of everything but the unreserved characters, in
 * upper- and lower-case hex, and the minimal encoding OkHttp uses in paths and queries);
 * JSON-escaped (minimal, with {@code \/}, and with non-ASCII as {@code \}{@code uXXXX}); hex;
 * UTF-16; and for a JWT its signature segment alone. Forms shorter than {@value #MIN_FORM_LENGTH}
 * bytes are not searched (they would match by chance), so secrets must be longer than that.
 *
 * <p>A {@link Hit} names where the secret was found and in which form, never the secret itself:
 * reports can be printed in CI logs.
 *
 * <p>This class holds the secrets' forms ({@link SecretForms}) in an index ({@link PatternIndex}); a
 * {@link SecretScan} reads the sources through a {@link PatternMatcher} each.
 *
 * <pre>{@code
 * SecretScanner scanner = SecretScanner.builder()
 *         .basic("alice", alice.username(), alice.password())
 *         .secrets("bearer token", tokens.issuedTokens())
 *         .build();
 * SecretScan scan = scanner.newScan();
 * scan.tree(home).tree(workspace).text("console", console).throwable("the step's failure", e);
 * scan.assertClean();
 * }</pre>
 */
public final class SecretScanner {

    /** Shorter forms would match random data by chance; secrets must encode to at least this many bytes. */
    public static final int MIN_FORM_LENGTH = 8;

    private final List<SecretPattern> patterns;
    private final PatternIndex index;
    private final Set<String> labels;

    /**
     * A secret found somewhere.
     *
     * @param where  the file, the process ({@code pid 123 (docker) environ}) or the text's name
     * @param secret the label given to the secret, e.g. {@code alice's password}
     * @param form   the encoding it was found in, e.g. {@code base64 (url-safe) at offset 1}
     */
    public record Hit(String where, String secret, String form) {
        @Override
        public String toString() {
            return secret + " as " + form + " in " + where;
        }
    }

    private SecretScanner(List<SecretPattern> patterns, Set<String> labels) {
        this.patterns = List.copyOf(patterns);
        this.labels = Set.copyOf(labels);
        this.index = new PatternIndex(this.patterns);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How many distinct byte sequences are searched (for reports). */
    public int formCount() {
        return patterns.size();
    }

    /** The labels of the secrets searched. */
    public Set<String> secretLabels() {
        return labels;
    }

    /** The names of the forms searched for {@code label}, for reports and tests. */
    public List<String> formsOf(String label) {
        return patterns.stream().filter(p -> p.label().equals(label)).map(SecretPattern::form).toList();
    }

    /** A fresh accumulator of hits and of what was scanned. */
    public SecretScan newScan() {
        return new SecretScan(index, labels.size() + " secrets in " + patterns.size() + " forms");
    }

    /** Collects the secrets and expands each into its forms. */
    public static final class Builder {
        private final Map<String, SecretPattern> unique = new LinkedHashMap<>();
        private final Set<String> labels = new LinkedHashSet<>();

        private Builder() {
        }

        /** A secret (password, token, refresh token, bearer token) under a label used in reports. */
        public Builder secret(String label, String secret) {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(secret, "secret");
            labels.add(label);
            if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_FORM_LENGTH) {
                throw new IllegalArgumentException("a secret to scan for must have at least " + MIN_FORM_LENGTH
                        + " bytes, or it would be found by chance (" + label + ")");
            }
            SecretForms.of(secret, (form, bytes) -> add(label, form, bytes));
            return this;
        }

        /** Several secrets under one label (e.g. every bearer token the token server issued). */
        public Builder secrets(String label, Collection<String> secrets) {
            int i = 1;
            for (String secret : secrets) {
                secret(secrets.size() == 1 ? label : label + " #" + i++, secret);
            }
            return this;
        }

        /**
         * A username and password: the password in all its forms, and {@code base64(user:password)} (the value
         * of a Basic {@code Authorization} header and of a docker {@code config.json} {@code auth} field).
         */
        public Builder basic(String label, String username, String password) {
            secret(label + " password", password);
            SecretForms.ofBasicPair(username, password, (form, bytes) -> add(label + " password", form, bytes));
            return this;
        }

        public SecretScanner build() {
            if (unique.isEmpty()) {
                throw new IllegalStateException("no secret to scan for");
            }
            return new SecretScanner(new ArrayList<>(unique.values()), labels);
        }

        private void add(String label, String form, byte[] bytes) {
            if (bytes.length < MIN_FORM_LENGTH) {
                return;
            }
            // one entry per distinct byte sequence and secret: the first (most basic) form name wins
            unique.putIfAbsent(label + "\0" + HexFormat.of().formatHex(bytes), new SecretPattern(bytes, label, form));
        }
    }
}
