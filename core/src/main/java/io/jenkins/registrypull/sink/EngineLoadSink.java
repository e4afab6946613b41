package io.jenkins.registrypull.sink;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.error.ImageLoadException;
import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.manifest.Descriptor;
import io.jenkins.registrypull.manifest.ResolvedImage;
import io.jenkins.registrypull.reference.Digest;
import io.jenkins.registrypull.store.BlobStore;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads the image into docker or podman as it is pulled: runs {@code docker load} (or
 * {@code podman load}) and streams a docker-archive into its stdin, each blob the moment it is
 * verified, so loading overlaps with downloading and no archive is written to disk by us.
 *
 * <p>The image is tagged with the pulled reference; a reference by digest only gets the tag derived
 * from the digest ({@link LocalTag}), since a loaded image has no RepoDigests. That name is the
 * result's local reference, and the image id is read back through it with {@code image inspect}
 * (docker 20.10 and podman use the config digest), which proves the name resolves. Both commands
 * are started by the {@link CommandStarter} given (the build's launcher in Jenkins). Nothing secret reaches the engine: no argument, no environment variable (its
 * environment is this JVM's, unchanged) and no file; it needs no registry credential at all.
 *
 * <p>If the pull fails or is aborted before the commit, the stream ends before the archive's
 * metadata ({@code manifest.json}, {@code index.json}), which no engine loads: nothing is tagged.
 * The engine's output is kept (bounded) for error messages; a load that outlives its timeout is killed.
 */
public final class EngineLoadSink implements Sink {

    private static final Pattern IMAGE_ID = Pattern.compile("(?:sha256:)?([0-9a-f]{64})");
    private static final long ABORT_GRACE_MILLIS = 10_000;
    private static final Duration INSPECT_TIMEOUT = Duration.ofSeconds(60);

    private final ContainerEngine engine;
    private final JsonTrees json;
    private final CommandStarter commands;

    /** Runs the engine on this machine ({@link CommandStarter#LOCAL}). */
    public EngineLoadSink(ContainerEngine engine, JsonTrees json) {
        this(engine, json, CommandStarter.LOCAL);
    }

    public EngineLoadSink(ContainerEngine engine, JsonTrees json, CommandStarter commands) {
        this.engine = engine;
        this.json = json;
        this.commands = commands;
    }

    public ContainerEngine engine() {
        return engine;
    }

    @Override
    public String describe() {
        return "load into " + engine.describe();
    }

    @Override
    public SinkSession open(ResolvedImage image, BlobStore store) throws IOException, RegistryException {
        return new Session(image);
    }

    /**
     * The id the engine gives {@code target}, read with {@code image inspect}: proof that the name resolves.
     * Also used by {@link DockerPullSink} after its pull.
     */
    static String inspectId(ContainerEngine engine, CommandStarter commands, ResolvedImage image, String target)
            throws ImageLoadException, InterruptedException {
        List<String> command = engine.command("image", "inspect", "--format", "{{.Id}}", target);
        ShortCommand inspect;
        try {
            inspect = ShortCommand.run(commands, command, INSPECT_TIMEOUT);
        } catch (IOException e) {
            throw new ImageLoadException("The image " + image.reference() + " was loaded, but " + String.join(" ",
                    command) + " could not run: " + e.getMessage(), e);
        }
        if (inspect.exitCode() < 0) {
            throw new ImageLoadException("The image " + image.reference() + " was loaded, but "
                    + String.join(" ", command) + " did not answer within " + INSPECT_TIMEOUT.toSeconds() + " s. "
                    + engine.whatToCheck());
        }
        Matcher id = IMAGE_ID.matcher(inspect.stdout());
        if (!inspect.succeeded() || !id.matches()) {
            throw new ImageLoadException("The image " + image.reference() + " was loaded, but "
                    + String.join(" ", command) + " answered " + (!inspect.succeeded() ? "exit code "
                    + inspect.exitCode() + ": " + inspect.stderr() : "'" + inspect.stdout() + "'")
                    + ". " + engine.whatToCheck());
        }
        return "sha256:" + id.group(1);
    }

    private final class Session implements SinkSession {
        private final ResolvedImage image;
        private final StartedCommand process;
        private final OutputCapture stdout;
        private final OutputCapture stderr;
        private final OutputStream stdin;
        private final DockerArchiveWriter writer;
        private final long deadlineNanos;
        private volatile boolean timedOut;
        private boolean done;

        Session(ResolvedImage image) throws ImageLoadException, IOException {
            this.image = image;
            List<String> command = engine.command("load");
            try {
                this.process = commands.start(command);
            } catch (IOException e) {
                throw new ImageLoadException("Cannot run " + String.join(" ", command) + " to load " + image.reference()
                        + ": " + e.getMessage() + ". Install " + engine.kind().command()
                        + " on this machine or set the path of its executable.", e);
            }
            this.deadlineNanos = System.nanoTime() + engine.timeout().toNanos();
            this.stdout = new OutputCapture(process.stdout(), "registry-pull-load-stdout");
            this.stderr = new OutputCapture(process.stderr(), "registry-pull-load-stderr");
            startWatchdog();
            this.stdin = new BufferedOutputStream(process.stdin(), 256 * 1024);
            DockerArchiveWriter started = null;
            try {
                started = new DockerArchiveWriter(stdin, json, image);
            } catch (IOException e) {
                kill();
                throw failure("while starting the archive", e);
            }
            this.writer = started;
        }

        private void startWatchdog() {
            Thread watchdog = new Thread(() -> {
                try {
                    if (!process.waitFor(engine.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
                        timedOut = true;
                        kill();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "registry-pull-load-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }

        @Override
        public void accept(Descriptor blob, Path verifiedFile) throws IOException, ImageLoadException,
                InterruptedException {
            try {
                writer.blob(blob.digest(), verifiedFile);
            } catch (IOException e) {
                throw engineFailureOr(e, "while streaming blob " + blob.digest().shortHex());
            }
        }

        @Override
        public SinkResult commit() throws IOException, RegistryException, InterruptedException {
            try {
                writer.finish();
                stdin.close();
            } catch (IOException e) {
                throw engineFailureOr(e, "while finishing the archive");
            }
            long remaining = deadlineNanos - System.nanoTime();
            if (!process.waitFor(Math.max(remaining, 0), TimeUnit.NANOSECONDS)) {
                timedOut = true;
                kill();
            }
            done = true;
            if (timedOut || process.exitValue() != 0) {
                throw failure(null, null);
            }
            stdout.await(5_000);
            List<String> facts = new ArrayList<>();
            String name = localName();
            String imageId = inspectId(name);
            Digest config = image.manifest().config().digest();
            facts.add("loaded into " + engine.describe() + " as " + name
                    + (image.reference().tag() == null ? " (a tag derived from the digest: a loaded image has no"
                    + " RepoDigests)" : "") + "; image id " + imageId + (imageId.equals(config.toString())
                    ? " = the config digest" : ", not the config digest " + config
                    + " (this engine names images otherwise)"));
            return new SinkResult(engine.describe(), imageId, facts, name);
        }

        /** The name the engine gives the loaded image: docker's short form, podman's full one. */
        private String localName() {
            return engine.kind() == ContainerEngine.Kind.DOCKER ? LocalTag.dockerName(image.reference())
                    : LocalTag.fullName(image.reference());
        }

        private String inspectId(String target) throws ImageLoadException, InterruptedException {
            return EngineLoadSink.inspectId(engine, commands, image, target);
        }

        /**
         * A write failed: when the engine has exited (a broken pipe) the failure is the engine's, with
         * what it printed; otherwise it is ours (e.g. reading the store), returned as it is.
         */
        private IOException engineFailureOr(IOException e, String when) throws ImageLoadException,
                InterruptedException {
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                throw failure(when, e);
            }
            return e;
        }

        private ImageLoadException failure(String when, IOException cause) {
            String status;
            try {
                if (process.waitFor(ABORT_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                    status = timedOut ? "was stopped after its timeout of " + engine.timeout().toSeconds() + " s"
                            : "exited with code " + process.exitValue();
                } else {
                    kill();
                    status = "stopped answering";
                }
                stderr.await(5_000);
                stdout.await(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                status = "was interrupted";
            }
            String said = stderr.firstLines(3);
            if (said.isEmpty()) {
                said = stdout.firstLines(3);
            }
            return new ImageLoadException(engine.kind().command() + " load of " + image.reference() + " failed"
                    + (when != null ? " " + when : "") + ": " + engine.kind().command() + " " + status
                    + (said.isEmpty() ? "" : ": " + said) + ". " + engine.whatToCheck(), cause);
        }

        /** Aborts unless committed: ends the stream before the metadata, so nothing is loaded or tagged. */
        @Override
        public void close() {
            if (done) {
                return;
            }
            done = true;
            if (writer == null || writer.metadataStarted()) {
                kill(); // part of the metadata may be out: make sure the engine never sees the end
            } else {
                try {
                    stdin.close(); // a truncated archive without metadata: the engine refuses it and cleans up
                } catch (IOException alreadyGone) {
                    // the engine exited
                }
            }
            try {
                if (!process.waitFor(ABORT_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                    kill();
                    process.waitFor(ABORT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
        }

        private void kill() {
            process.kill();
        }
    }
}
