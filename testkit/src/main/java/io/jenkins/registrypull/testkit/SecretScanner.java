package io.jenkins.registrypull.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
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
 * <pre>{@code
 * SecretScanner scanner = SecretScanner.builder()
 *         .basic("alice", alice.username(), alice.password())
 *         .secrets("bearer token", tokens.issuedTokens())
 *         .build();
 * SecretScanner.Scan scan = scanner.newScan();
 * scan.tree(home).tree(workspace).text("console", console).throwable("the step's failure", e);
 * scan.assertClean();
 * }</pre>
 */
public final class SecretScanner {

    /** Shorter forms would match random data by chance; secrets must encode to at least this many bytes. */
    public static final int MIN_FORM_LENGTH = 8;
    private static final int ANCHOR = 8;
    private static final int BLOOM_BITS = 1 << 20;
    private static final Set<String> SPECIAL_ROOTS = Set.of("/proc", "/sys", "/dev", "/run");

    private final Map<Long, List<Pattern>> byAnchor = new HashMap<>();
    private final long[] bloom = new long[BLOOM_BITS / 64];
    private final List<Pattern> patterns;
    private final int maxLength;
    private final Set<String> labels;

    /** One searched byte sequence and what it is. */
    private record Pattern(byte[] bytes, String label, String form) {
    }

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

    private SecretScanner(List<Pattern> patterns, Set<String> labels) {
        this.patterns = List.copyOf(patterns);
        this.labels = Set.copyOf(labels);
        int max = 0;
        for (Pattern p : patterns) {
            long anchor = anchorOf(p.bytes, p.bytes.length);
            byAnchor.computeIfAbsent(anchor, a -> new ArrayList<>()).add(p);
            int bit = bloomBit(anchor);
            bloom[bit >>> 6] |= 1L << (bit & 63);
            max = Math.max(max, p.bytes.length);
        }
        this.maxLength = max;
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
        return patterns.stream().filter(p -> p.label.equals(label)).map(Pattern::form).toList();
    }

    /** A fresh accumulator of hits and of what was scanned. */
    public Scan newScan() {
        return new Scan();
    }

    /** Collects the secrets and expands each into its forms. */
    public static final class Builder {
        private final Map<String, Pattern> unique = new LinkedHashMap<>();
        private final Set<String> labels = new LinkedHashSet<>();

        private Builder() {
        }

        /** A secret (password, token, refresh token, bearer token) under a label used in reports. */
        public Builder secret(String label, String secret) {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(secret, "secret");
            labels.add(label);
            byte[] utf8 = secret.getBytes(StandardCharsets.UTF_8);
            if (utf8.length < MIN_FORM_LENGTH) {
                throw new IllegalArgumentException("a secret to scan for must have at least " + MIN_FORM_LENGTH
                        + " bytes, or it would be found by chance (" + label + ")");
            }
            add(label, "raw", utf8);
            for (boolean urlSafe : new boolean[] {false, true}) {
                String alphabet = urlSafe ? "url-safe" : "standard";
                Base64.Encoder encoder = urlSafe ? Base64.getUrlEncoder() : Base64.getEncoder();
                add(label, "base64 (" + alphabet + ", padded)", encoder.encode(utf8));
                add(label, "base64 (" + alphabet + ", unpadded)", encoder.withoutPadding().encode(utf8));
                for (int offset = 0; offset < 3; offset++) {
                    byte[] embedded = embeddedBase64(utf8, offset, encoder);
                    if (embedded.length >= MIN_FORM_LENGTH) {
                        add(label, "base64 (" + alphabet + ") of a longer text holding it at offset " + offset + " mod 3",
                                embedded);
                    }
                }
            }
            add(label, "URL-encoded (form, +)", URLEncoder.encode(secret, StandardCharsets.UTF_8)
                    .getBytes(StandardCharsets.US_ASCII));
            add(label, "URL-encoded (form, %20)", URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20")
                    .getBytes(StandardCharsets.US_ASCII));
            add(label, "percent-encoded (all reserved, upper-case hex)", percentEncode(utf8, UNRESERVED, true));
            add(label, "percent-encoded (all reserved, lower-case hex)", percentEncode(utf8, UNRESERVED, false));
            add(label, "percent-encoded (minimal, as in URL paths)", percentEncode(utf8, PATH_SAFE, true));
            add(label, "JSON-escaped", jsonEscape(secret, false, false));
            add(label, "JSON-escaped (\\/)", jsonEscape(secret, true, false));
            add(label, "JSON-escaped (non-ASCII as \\u)", jsonEscape(secret, false, true));
            add(label, "JSON-escaped (non-ASCII as \\u, upper-case)", jsonEscapeUpper(secret));
            add(label, "hex", HexFormat.of().formatHex(utf8).getBytes(StandardCharsets.US_ASCII));
            add(label, "hex (upper-case)", HexFormat.of().withUpperCase().formatHex(utf8)
                    .getBytes(StandardCharsets.US_ASCII));
            add(label, "UTF-16LE", secret.getBytes(StandardCharsets.UTF_16LE));
            add(label, "UTF-16BE", secret.getBytes(StandardCharsets.UTF_16BE));
            String[] jwt = secret.split("\\.", -1);
            if (jwt.length == 3 && jwt[2].length() >= 16) {
                add(label, "JWT signature segment", jwt[2].getBytes(StandardCharsets.US_ASCII));
            }
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
            byte[] pair = (username + ":" + password).getBytes(StandardCharsets.UTF_8);
            add(label + " password", "base64 of user:password", Base64.getEncoder().encode(pair));
            add(label + " password", "base64 of user:password (unpadded)", Base64.getEncoder().withoutPadding()
                    .encode(pair));
            add(label + " password", "base64 (url-safe) of user:password", Base64.getUrlEncoder().encode(pair));
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
            unique.putIfAbsent(label + "\0" + HexFormat.of().formatHex(bytes), new Pattern(bytes, label, form));
        }
    }

    // ---- encodings

    private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    /** What OkHttp and most clients leave as is in a path or query component. */
    private static final String PATH_SAFE = UNRESERVED + "!$'()*,;=:@/+";

    /**
     * The part of base64(prefix + secret + suffix) that depends only on the secret, when the secret
     * starts at {@code offset} modulo 3 in the encoded text: the characters of whole 3-byte groups.
     */
    static byte[] embeddedBase64(byte[] secret, int offset, Base64.Encoder encoder) {
        byte[] shifted = new byte[offset + secret.length];
        System.arraycopy(secret, 0, shifted, offset, secret.length);
        byte[] encoded = encoder.withoutPadding().encode(shifted);
        int from = offset == 0 ? 0 : offset + 1; // characters that mix prefix bits with the secret's
        int to = 4 * (shifted.length / 3); // characters that would mix in the suffix's bits are dropped
        if (to <= from) {
            return new byte[0];
        }
        byte[] stable = new byte[to - from];
        System.arraycopy(encoded, from, stable, 0, stable.length);
        return stable;
    }

    private static byte[] percentEncode(byte[] utf8, String safe, boolean upper) {
        StringBuilder s = new StringBuilder();
        for (byte b : utf8) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && safe.indexOf(c) >= 0) {
                s.append(c);
            } else {
                String hex = String.format(upper ? "%%%02X" : "%%%02x", b & 0xff);
                s.append(hex);
            }
        }
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] jsonEscape(String secret, boolean slash, boolean asciiOnly) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < secret.length(); i++) {
            char c = secret.charAt(i);
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                case '/' -> s.append(slash ? "\\/" : "/");
                default -> {
                    if (c < 0x20 || (asciiOnly && c > 0x7e)) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] jsonEscapeUpper(String secret) {
        String lower = new String(jsonEscape(secret, false, true), StandardCharsets.UTF_8);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < lower.length(); i++) {
            if (lower.startsWith("\\u", i) && i + 6 <= lower.length()) {
                s.append("\\u").append(lower.substring(i + 2, i + 6).toUpperCase(java.util.Locale.ROOT));
                i += 5;
            } else {
                s.append(lower.charAt(i));
            }
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    // ---- matching

    private static long anchorOf(byte[] bytes, int end) {
        long anchor = 0;
        for (int i = end - ANCHOR; i < end; i++) {
            anchor = (anchor << 8) | (bytes[i] & 0xff);
        }
        return anchor;
    }

    private static int bloomBit(long anchor) {
        return (int) ((anchor * 0x9E3779B97F4A7C15L) >>> (64 - 20));
    }

    /**
     * Streams bytes through the patterns, remembering the last {@code maxLength} bytes in a ring so a
     * secret split across reads is found too.
     */
    private final class Matcher {
        private final byte[] ring;
        private final int mask;
        private long position;
        private long window;
        private final Set<Pattern> found = new LinkedHashSet<>();

        Matcher() {
            int size = Integer.highestOneBit(Math.max(maxLength, ANCHOR) * 2 - 1) * 2;
            ring = new byte[size];
            mask = size - 1;
        }

        void feed(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                byte b = bytes[i];
                ring[(int) (position & mask)] = b;
                position++;
                window = (window << 8) | (b & 0xff);
                if (position < ANCHOR) {
                    continue;
                }
                int bit = bloomBit(window);
                if ((bloom[bit >>> 6] & (1L << (bit & 63))) == 0) {
                    continue;
                }
                List<Pattern> candidates = byAnchor.get(window);
                if (candidates != null) {
                    for (Pattern p : candidates) {
                        if (!found.contains(p) && endsHere(p.bytes)) {
                            found.add(p);
                        }
                    }
                }
            }
        }

        private boolean endsHere(byte[] pattern) {
            if (position < pattern.length) {
                return false;
            }
            long start = position - pattern.length;
            for (int i = 0; i < pattern.length - ANCHOR; i++) {
                if (ring[(int) ((start + i) & mask)] != pattern[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Hits and counts of what was scanned, accumulated over several sources; thread-safe. */
    public final class Scan {
        private final Set<Hit> hits = new LinkedHashSet<>();
        private final Set<String> unreadable = new LinkedHashSet<>();
        private long files;
        private long bytes;
        private long texts;
        private final Set<Long> processes = new LinkedHashSet<>();

        private Scan() {
        }

        /** Scans every regular file under each root (or the root itself if it is a file); symlinks are not followed. */
        public Scan tree(Path... roots) {
            for (Path root : roots) {
                walk(root.toAbsolutePath().normalize());
            }
            return this;
        }

        /** Scans one file, streamed. */
        public Scan file(Path file) {
            return file(file, "file " + file);
        }

        /** Scans one file, streamed, reporting hits as found in {@code where}. */
        public Scan file(Path file, String where) {
            try (InputStream in = Files.newInputStream(file)) {
                Matcher m = new Matcher();
                byte[] buffer = new byte[64 * 1024];
                long total = 0;
                int n;
                while ((n = in.read(buffer)) != -1) {
                    m.feed(buffer, 0, n);
                    total += n;
                }
                record(where, m, total);
                synchronized (this) {
                    files++;
                }
            } catch (NoSuchFileException gone) {
                // deleted while we looked
            } catch (IOException e) {
                synchronized (this) {
                    unreadable.add(file + ": " + e.getClass().getSimpleName());
                }
            }
            return this;
        }

        /** Scans text (a log, console output, a message) in UTF-8. */
        public Scan text(String where, String text) {
            if (text != null) {
                bytes(where, text.getBytes(StandardCharsets.UTF_8));
                synchronized (this) {
                    texts++;
                }
            }
            return this;
        }

        /** Scans bytes (e.g. a serialized object). */
        public Scan bytes(String where, byte[] content) {
            Matcher m = new Matcher();
            m.feed(content, 0, content.length);
            record(where, m, content.length);
            return this;
        }

        /**
         * Scans a throwable as a user or a log would see it: {@code toString()}, {@code getMessage()},
         * {@code getLocalizedMessage()} and the printed stack trace, which includes every cause and
         * suppressed exception.
         */
        public Scan throwable(String where, Throwable t) {
            if (t == null) {
                return this;
            }
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace, true));
            StringBuilder all = new StringBuilder(trace.toString());
            Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            List<Throwable> queue = new ArrayList<>(List.of(t));
            while (!queue.isEmpty()) {
                Throwable x = queue.remove(0);
                if (!seen.add(x)) {
                    continue;
                }
                all.append('\n').append(x).append('\n').append(x.getMessage()).append('\n')
                        .append(x.getLocalizedMessage());
                if (x.getCause() != null) {
                    queue.add(x.getCause());
                }
                queue.addAll(List.of(x.getSuppressed()));
            }
            return text(where, all.toString());
        }

        /** Scans {@code /proc/PID/cmdline} and {@code /proc/PID/environ} of one process, if it still runs. */
        public Scan process(long pid) {
            processHits(pid);
            return this;
        }

        /** Like {@link #process(long)}; returns the hits of this one look (also when they were found before). */
        public List<Hit> processHits(long pid) {
            String name = processName(pid);
            List<Hit> found = new ArrayList<>();
            for (String part : List.of("cmdline", "environ")) {
                Path file = Path.of("/proc", Long.toString(pid), part);
                byte[] content;
                try {
                    content = Files.readAllBytes(file);
                } catch (java.nio.file.AccessDeniedException denied) {
                    synchronized (this) {
                        unreadable.add(file.toString());
                    }
                    continue;
                } catch (IOException gone) {
                    continue; // the process exited while we looked (ENOENT, ESRCH)
                }
                Matcher m = new Matcher();
                m.feed(content, 0, content.length);
                String where = "pid " + pid + " (" + name + ") " + part;
                for (Pattern p : m.found) {
                    if (!coveredByAnother(p, m.found)) {
                        found.add(new Hit(where, p.label, p.form));
                    }
                }
                record(where, m, content.length);
            }
            synchronized (this) {
                processes.add(pid);
            }
            return found;
        }

        /** Counts a process as scanned (its captured cmdline and environ were scanned as bytes). */
        public Scan countProcess(long pid) {
            synchronized (this) {
                processes.add(pid);
            }
            return this;
        }

        /** Scans a process and all its descendants. */
        public Scan processTree(ProcessHandle root) {
            process(root.pid());
            root.descendants().forEach(p -> process(p.pid()));
            return this;
        }

        /** Scans every process of the machine that this user may inspect (all of them, as root). */
        public Scan allProcesses() {
            try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"))) {
                for (Path entry : proc) {
                    String name = entry.getFileName().toString();
                    if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                        process(Long.parseLong(name));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list /proc", e);
            }
            return this;
        }

        private void walk(Path path) {
            for (String special : SPECIAL_ROOTS) {
                if (path.startsWith(special)) {
                    return;
                }
            }
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException gone) {
                return;
            } catch (IOException e) {
                synchronized (this) {
                    unreadable.add(path + ": " + e.getClass().getSimpleName());
                }
                return;
            }
            if (attributes.isRegularFile()) {
                file(path);
            } else if (attributes.isSymbolicLink()) {
                try {
                    text("symlink target of " + path, Files.readSymbolicLink(path).toString());
                } catch (IOException ignored) {
                    // gone
                }
            } else if (attributes.isDirectory()) {
                text("name of directory " + path.getParent(), path.getFileName() == null ? "" : path.getFileName()
                        .toString());
                List<Path> children = new ArrayList<>();
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
                    entries.forEach(children::add);
                } catch (NoSuchFileException gone) {
                    return;
                } catch (FileSystemException e) {
                    synchronized (this) {
                        unreadable.add(path + ": " + e.getClass().getSimpleName());
                    }
                    return;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                for (Path child : children) {
                    if (!Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                        text("file name in " + path, child.getFileName().toString());
                    }
                    walk(child);
                }
            }
            // sockets, FIFOs and devices are not read: reading could block or never end
        }

        private void record(String where, Matcher m, long length) {
            synchronized (this) {
                bytes += length;
                for (Pattern p : m.found) {
                    if (!coveredByAnother(p, m.found)) {
                        hits.add(new Hit(where, p.label, p.form));
                    }
                }
            }
        }

        /**
         * A form found inside a longer form of the same secret found in the same place (the unpadded base64 in the
         * padded one, a JWT's signature in the whole token) is not reported again.
         */
        private static boolean coveredByAnother(Pattern p, Set<Pattern> found) {
            for (Pattern q : found) {
                if (q != p && q.label.equals(p.label) && q.bytes.length > p.bytes.length && contains(q.bytes, p.bytes)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean contains(byte[] haystack, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= haystack.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }

        public synchronized List<Hit> hits() {
            return List.copyOf(hits);
        }

        /** Regular files read. */
        public synchronized long filesScanned() {
            return files;
        }

        /** Bytes read from files, texts and processes. */
        public synchronized long bytesScanned() {
            return bytes;
        }

        /** Texts scanned (logs, messages, names). */
        public synchronized long textsScanned() {
            return texts;
        }

        /** Distinct process ids whose cmdline and environ were read. */
        public synchronized Set<Long> processesScanned() {
            return Set.copyOf(processes);
        }

        /** Files or directories that could not be read (so were not scanned). */
        public synchronized Set<String> unreadable() {
            return Set.copyOf(unreadable);
        }

        /** Throws an AssertionError listing every hit (never a secret) unless there is none. */
        public Scan assertClean() {
            List<Hit> found = hits();
            if (!found.isEmpty()) {
                StringBuilder s = new StringBuilder("secrets found (" + found.size() + "):");
                found.forEach(h -> s.append("\n  ").append(h));
                s.append("\n").append(summary());
                throw new AssertionError(s.toString());
            }
            return this;
        }

        /** What was scanned, for reports. */
        public synchronized String summary() {
            return "scanned " + files + " files, " + texts + " texts, " + processes.size() + " processes, " + bytes
                    + " bytes, for " + labels.size() + " secrets in " + patterns.size() + " forms"
                    + (unreadable.isEmpty() ? "" : "; unreadable: " + unreadable);
        }

        @Override
        public String toString() {
            return summary();
        }
    }

    /** The executable's short name of a process (from /proc/PID/comm), for reports. */
    static String processName(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    /** Reads all of a stream (a child's output) for {@link Scan#bytes}. */
    public static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
