package io.jenkins.plugins.registrypull.e2e;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Looks for a secret everywhere a credential file, a log or a process could have left it: every regular file under
 * the given roots (up to {@value #MAX_FILE} bytes each), and {@code /proc/PID/cmdline} and {@code /proc/PID/environ}
 * of every process. Forms looked for: the raw secret (UTF-8), URL-encoded, JSON-escaped, and base64 (standard and
 * URL alphabets) at every alignment, which finds it inside any base64 text that encodes it, such as the
 * {@code "auth"} of a docker {@code config.json} ({@code base64(user:password)}) or an {@code X-Registry-Auth} header;
 * base64 of {@code user:password} is also looked for whole.
 */
final class LeakScan {
    static final long MAX_FILE = 64L * 1024 * 1024;

    private final Map<String, byte[]> needles = new LinkedHashMap<>();
    private long filesScanned;
    private long processesScanned;

    LeakScan(String username, String secret) {
        add("raw", secret);
        add("url-encoded", URLEncoder.encode(secret, StandardCharsets.UTF_8));
        add("json-escaped", secret.replace("\\", "\\\\").replace("\"", "\\\""));
        add("base64(user:password)", Base64.getEncoder().encodeToString((username + ":" + secret).getBytes(StandardCharsets.UTF_8)));
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        for (int k = 0; k < 3; k++) {
            byte[] shifted = new byte[k + bytes.length];
            System.arraycopy(bytes, 0, shifted, k, bytes.length);
            String b64 = Base64.getEncoder().withoutPadding().encodeToString(shifted);
            // drop the first block (mixes the prefix) unless aligned, and the last block (mixes what follows)
            String inner = b64.substring(k == 0 ? 0 : 4, b64.length() - 4);
            add("base64 at offset " + k, inner);
            add("base64url at offset " + k, inner.replace('+', '-').replace('/', '_'));
        }
    }

    private void add(String name, String needle) {
        needles.put(name, needle.getBytes(StandardCharsets.UTF_8));
    }

    long filesScanned() {
        return filesScanned;
    }

    long processesScanned() {
        return processesScanned;
    }

    /** Every finding as "where: form", empty when the secret is nowhere. */
    List<String> scan(List<Path> roots) throws IOException {
        List<String> found = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && attrs.size() <= MAX_FILE) {
                        check(file.toString(), read(file), found);
                        filesScanned++;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE; // vanished meanwhile (other tests' temp files)
                }
            });
        }
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                for (String name : List.of("cmdline", "environ")) {
                    check(proc.resolve(name).toString(), read(proc.resolve(name)), found);
                }
                processesScanned++;
            }
        }
        return found;
    }

    private void check(String where, byte[] content, List<String> found) {
        // Latin-1 maps bytes 1:1 to chars, and String.indexOf is vectorised: fast over a gigabyte of /tmp
        String text = new String(content, StandardCharsets.ISO_8859_1);
        for (Map.Entry<String, byte[]> needle : needles.entrySet()) {
            if (text.contains(new String(needle.getValue(), StandardCharsets.ISO_8859_1))) {
                found.add(where + ": " + needle.getKey());
            }
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException | SecurityException e) {
            return new byte[0]; // a process that ended, a file that vanished
        }
    }
}
