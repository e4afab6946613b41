package io.jenkins.registrypull.credhelper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The block's directory and the files in it, none of them holding a registry secret:
 * <pre>
 * DIR/                           0700, owned by the agent's user          DOCKER_CONFIG
 *   config.json                  {@link MergedDockerConfig}
 *   auth/config.json             the same, in a read-only directory       REGISTRY_AUTH_FILE
 *   key                          0600: the block's capability ({@link AccessKey}), 64 hex digits
 *   bin/docker-credential-registrypull                                    first on PATH ({@link HelperScript})
 *   client/io/jenkins/.../HelperClient.class                              the helper's java fallback
 *   contexts, buildx             symbolic links to the user's, when they exist
 * </pre>
 * Deleting it never follows a link: the user's contexts and builders stay.
 */
final class BlockDirectory {
    static final String DIR_PREFIX = "rp-auth-";
    static final String KEY_NAME = "key";
    private static final String AUTH_DIR = "auth";

    private final Path dir;

    private BlockDirectory(Path dir) {
        this.dir = dir;
    }

    /** Creates {@code PARENT/rp-auth-NNN} with mode 0700 (and the parent, if missing). */
    static BlockDirectory create(Path parent) throws IOException {
        Files.createDirectories(parent);
        return new BlockDirectory(Files.createTempDirectory(parent, DIR_PREFIX,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
    }

    Path path() {
        return dir;
    }

    Path configFile() {
        return dir.resolve(CredentialHelperServer.CONFIG_NAME);
    }

    Path authFile() {
        return dir.resolve(AUTH_DIR).resolve(CredentialHelperServer.CONFIG_NAME);
    }

    Path keyFile() {
        return dir.resolve(KEY_NAME);
    }

    Path binDirectory() {
        return dir.resolve("bin");
    }

    Path helper() {
        return binDirectory().resolve(HelperScript.FILE_NAME);
    }

    Path clientClassPath() {
        return dir.resolve("client");
    }

    void writeConfig(MergedDockerConfig config) throws IOException {
        byte[] json = config.json().getBytes(StandardCharsets.UTF_8);
        writePrivate(configFile(), json, "rw-------");
        Path auth = Files.createDirectory(dir.resolve(AUTH_DIR),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        writePrivate(authFile(), json, "rw-------");
        // podman/skopeo/buildah login write REGISTRY_AUTH_FILE by creating a temporary file beside it: a directory
        // without write permission makes that fail (for every user but root)
        Files.setPosixFilePermissions(auth, PosixFilePermissions.fromString("r-x------"));
        for (Map.Entry<String, Path> link : config.links().entrySet()) {
            Files.createSymbolicLink(dir.resolve(link.getKey()), link.getValue());
        }
    }

    void writeKey(AccessKey key) throws IOException {
        writePrivate(keyFile(), (key.hex() + "\n").getBytes(StandardCharsets.US_ASCII), "rw-------");
    }

    void writeHelper(String script) throws IOException {
        Files.createDirectory(binDirectory(),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        writePrivate(helper(), script.getBytes(StandardCharsets.UTF_8), "rwx------");
    }

    /** Copies {@link HelperClient}'s class file (it uses nothing but the JDK) from this JVM's class path. */
    void writeClient() throws IOException {
        Path classFile = clientClassPath().resolve(HelperClient.class.getName().replace('.', '/') + ".class");
        Files.createDirectories(classFile.getParent());
        try (InputStream in = HelperClient.class.getResourceAsStream(HelperClient.class.getSimpleName() + ".class")) {
            if (in == null) {
                throw new IOException("cannot read " + HelperClient.class.getName() + ".class from this JVM's class path");
            }
            writePrivate(classFile, in.readAllBytes(), "rw-------");
        }
    }

    void delete() {
        deleteRecursively(dir);
    }

    private static void writePrivate(Path file, byte[] content, String mode) throws IOException {
        Files.write(Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))),
                content);
    }

    /**
     * Deletes {@code dir} and what is in it; symbolic links are removed, never followed. Best effort: what cannot be
     * deleted (a file root created in a pod container, in a directory root owns) stays, and holds no secret of ours.
     * Returns whether everything went.
     */
    static boolean deleteRecursively(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        boolean[] all = {true};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    try {
                        // the read-only auth directory: make it writable to empty it (we own it)
                        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
                    } catch (IOException | UnsupportedOperationException e) {
                        // not ours: its files may still go
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) {
                    delete(d);
                    return FileVisitResult.CONTINUE;
                }

                private void delete(Path p) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        all[0] = false;
                    }
                }
            });
        } catch (IOException e) {
            return false;
        }
        return all[0];
    }
}
