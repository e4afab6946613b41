package io.jenkins.registrypull.sink;

import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.error.ImageLoadException;
import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.manifest.Descriptor;
import io.jenkins.registrypull.manifest.ResolvedImage;
import io.jenkins.registrypull.serve.LoopbackRegistry;
import io.jenkins.registrypull.store.BlobStore;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The {@code docker} target. An image dockerd already has (its id is the config digest) is only tagged: nothing is
 * transferred, only the config is fetched and verified. Otherwise the image is streamed into {@code docker load}
 * ({@link EngineLoadSink}), or, when {@code serve} is set, handed to dockerd as follows.
 *
 * <p>Serving (measured slower than the streamed load on this project's 2-core vfs machine, so not the default; see
 * docs/performance.md): this JVM serves the verified image as a read-only
 * registry on 127.0.0.1 ({@link LoopbackRegistry}) and runs {@code docker pull 127.0.0.1:PORT/<random>@sha256:...},
 * so dockerd downloads and unpacks the layers in parallel, its own way (dockerd 20.10 untars a whole
 * {@code docker load} stream before it applies any layer). dockerd trusts 127.0.0.0/8 as an insecure registry by
 * default and needs no credential for it. The pull starts when the manifest is resolved, and each blob is served
 * as soon as it is verified, so dockerd's work overlaps the download. Then the image is tagged with the local name
 * ({@link LocalTag#dockerName}) and the 127.0.0.1 name is removed (an untag: the image stays). The registry is served
 * only while this one pull runs.
 *
 * <p>Falls back to {@link EngineLoadSink} (streamed {@code docker load}), and says so once in the log, when dockerd
 * cannot share this JVM's loopback: a {@code tcp://} daemon on another host or an {@code ssh://} one, a system
 * without a socket table to tell who connects, or a {@code docker pull} from the loopback registry that fails for
 * any reason (a daemon in another network namespace cannot connect). Every command goes through the
 * {@link CommandStarter} the load uses.
 */
public final class DockerPullSink implements Sink {

    private static final Duration SHORT_COMMAND = Duration.ofSeconds(60);
    private static final Pattern LOOPBACK_TCP =
            Pattern.compile("tcp://(localhost|127(\\.\\d{1,3}){3}|\\[::1])(:\\d+)?/?");

    private final ContainerEngine engine;
    private final CommandStarter commands;
    private final EngineLoadSink load;
    private final Consumer<String> log;
    private final boolean serve;

    /**
     * @param engine   a docker engine
     * @param commands how docker commands run (the build's launcher in Jenkins)
     * @param log      where the one line about a fallback to {@code docker load} goes
     * @param serve    serve the image on 127.0.0.1 for a {@code docker pull}; false: stream it into {@code docker load}
     *                 (an image dockerd already has is only tagged either way)
     */
    public DockerPullSink(ContainerEngine engine, JsonTrees json, CommandStarter commands, Consumer<String> log,
                          boolean serve) {
        if (engine.kind() != ContainerEngine.Kind.DOCKER) {
            throw new IllegalArgumentException("a docker pull needs docker, not " + engine.kind().command());
        }
        this.engine = engine;
        this.commands = commands;
        this.load = new EngineLoadSink(engine, json, commands);
        this.log = log;
        this.serve = serve;
    }

    public ContainerEngine engine() {
        return engine;
    }

    @Override
    public String describe() {
        return (serve ? "pull into " : "load into ") + engine.describe();
    }

    @Override
    public SinkSession open(ResolvedImage image, BlobStore store) throws IOException, RegistryException {
        String config = image.manifest().config().digest().toString();
        try {
            ShortCommand present = ShortCommand.run(commands, engine.command("image", "inspect", "--format", "{{.Id}}",
                    config), SHORT_COMMAND);
            if (present.succeeded() && present.stdout().equals(config)) {
                return new TagOnly(image);
            }
        } catch (IOException e) {
            return load.open(image, store); // docker cannot even start: the load says why
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageLoadException("Interrupted while asking docker whether it has " + image.reference(), null);
        }
        if (!serve) {
            return load.open(image, store);
        }
        String host = engine.dockerHost();
        if (host != null && !sharesLoopback(host)) {
            return fallBack(image, store, "the docker daemon at " + host + " does not share this machine's loopback");
        }
        LoopbackRegistry registry;
        try {
            registry = LoopbackRegistry.start(image);
        } catch (IOException e) {
            return fallBack(image, store, "cannot serve the image on 127.0.0.1 (" + e.getMessage() + ")");
        }
        List<String> command = engine.command("pull", "--quiet");
        if (image.platform() != null) {
            command.add("--platform");
            command.add(image.platform().toString());
        }
        command.add(registry.pullReference());
        try {
            return new Served(image, store, registry, commands.start(command));
        } catch (IOException e) {
            registry.close();
            return load.open(image, store);
        }
    }

    /**
     * A unix socket, or TCP to a loopback address (a docker-in-docker container of the same Kubernetes pod shares
     * its network namespace): dockerd may reach this JVM's 127.0.0.1. A daemon on another host cannot.
     */
    static boolean sharesLoopback(String dockerHost) {
        if (dockerHost.startsWith("unix://") || dockerHost.startsWith("fd://")) {
            return true;
        }
        return LOOPBACK_TCP.matcher(dockerHost).matches();
    }

    private SinkSession fallBack(ResolvedImage image, BlobStore store, String why) throws IOException,
            RegistryException {
        log.accept(fallbackLine(why));
        return new Facted(load.open(image, store), fallbackLine(why));
    }

    private static String fallbackLine(String why) {
        return "Loading with docker load instead of a docker pull from this agent's loopback: " + why + ".";
    }

    /** The local name, then the id read back through it. */
    private SinkResult tagged(ResolvedImage image, String how) throws ImageLoadException, InterruptedException {
        String config = image.manifest().config().digest().toString();
        String name = LocalTag.dockerName(image.reference());
        run(image, "tag", config, name);
        String imageId = EngineLoadSink.inspectId(engine, commands, image, name);
        List<String> facts = List.of(how + "; tagged " + name + "; image id " + imageId
                + (imageId.equals(config) ? " = the config digest" : ", not the config digest " + config));
        return new SinkResult(engine.describe(), imageId, facts, name);
    }

    private ShortCommand run(ResolvedImage image, String... args) throws ImageLoadException, InterruptedException {
        List<String> command = engine.command(args);
        try {
            ShortCommand answer = ShortCommand.run(commands, command, SHORT_COMMAND);
            if (!answer.succeeded()) {
                throw new ImageLoadException("docker " + args[0] + " of " + image.reference() + " failed: "
                        + String.join(" ", command) + " answered " + (answer.exitCode() < 0 ? "nothing within "
                        + SHORT_COMMAND.toSeconds() + " s" : "exit code " + answer.exitCode() + ": "
                        + answer.stderr()) + ". " + engine.whatToCheck());
            }
            return answer;
        } catch (IOException e) {
            throw new ImageLoadException("Cannot run " + String.join(" ", command) + ": " + e.getMessage() + ". "
                    + engine.whatToCheck(), e);
        }
    }

    /** dockerd already has the image: no transfer, only the tag. */
    private final class TagOnly implements SinkSession {
        private final ResolvedImage image;

        TagOnly(ResolvedImage image) {
            this.image = image;
        }

        @Override
        public boolean needsLayers() {
            return false; // dockerd has the image whose config digest was verified, so every layer its diff_ids name
        }

        @Override
        public void accept(Descriptor blob, Path verifiedFile) {
            // only the config arrives, and dockerd has it
        }

        @Override
        public SinkResult commit() throws RegistryException, InterruptedException {
            return tagged(image, "already in " + engine.describe() + " (image id = config digest), nothing transferred");
        }

        @Override
        public void close() {
            // nothing to undo: a tag is added only by a commit
        }
    }

    /** A load session with one more fact: why it is a load. */
    private static final class Facted implements SinkSession {
        private final SinkSession inner;
        private final String fact;

        Facted(SinkSession inner, String fact) {
            this.inner = inner;
            this.fact = fact;
        }

        @Override
        public void accept(Descriptor blob, Path verifiedFile) throws IOException, RegistryException,
                InterruptedException {
            inner.accept(blob, verifiedFile);
        }

        @Override
        public SinkResult commit() throws IOException, RegistryException, InterruptedException {
            SinkResult result = inner.commit();
            List<String> facts = new ArrayList<>(result.facts());
            facts.add(0, fact);
            return new SinkResult(result.location(), result.imageId(), facts, result.localReference());
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    /** dockerd pulls from the loopback registry while the blobs arrive; a load takes over if that pull fails. */
    private final class Served implements SinkSession {
        private final ResolvedImage image;
        private final BlobStore store;
        private final LoopbackRegistry registry;
        private final StartedCommand pull;
        private final OutputCapture stdout;
        private final OutputCapture stderr;
        private final long deadlineNanos;
        private final List<Descriptor> accepted = new ArrayList<>();
        private final List<Path> files = new ArrayList<>();
        private SinkSession load;
        private boolean done;

        Served(ResolvedImage image, BlobStore store, LoopbackRegistry registry, StartedCommand pull) {
            this.image = image;
            this.store = store;
            this.registry = registry;
            this.pull = pull;
            this.deadlineNanos = System.nanoTime() + engine.timeout().toNanos();
            try {
                pull.stdin().close();
            } catch (IOException ignored) {
                // docker pull reads nothing
            }
            this.stdout = new OutputCapture(pull.stdout(), "registry-pull-docker-pull-stdout");
            this.stderr = new OutputCapture(pull.stderr(), "registry-pull-docker-pull-stderr");
        }

        @Override
        public void accept(Descriptor blob, Path verifiedFile) throws IOException, RegistryException,
                InterruptedException {
            accepted.add(blob);
            files.add(verifiedFile);
            if (load != null) {
                load.accept(blob, verifiedFile);
                return;
            }
            registry.offer(blob.digest(), verifiedFile);
            if (pull.waitFor(0, TimeUnit.NANOSECONDS) && pull.exitValue() != 0) {
                switchToLoad(); // e.g. a daemon that cannot reach this loopback: stop serving at once
            }
        }

        @Override
        public SinkResult commit() throws IOException, RegistryException, InterruptedException {
            try {
                if (load == null) {
                    long remaining = Math.max(deadlineNanos - System.nanoTime(), 0);
                    if (!pull.waitFor(remaining, TimeUnit.NANOSECONDS)) {
                        pull.kill();
                        throw new ImageLoadException("docker pull of " + image.reference() + " from this agent's"
                                + " loopback did not end within " + engine.timeout().toSeconds() + " s. "
                                + engine.whatToCheck());
                    }
                    if (pull.exitValue() == 0) {
                        registry.close();
                        SinkResult result = tagged(image, "pulled into " + engine.describe() + " by dockerd from"
                                + " a registry this agent served on 127.0.0.1 for this pull only");
                        untagServedName();
                        done = true;
                        return result;
                    }
                    switchToLoad();
                }
                SinkResult result = load.commit();
                done = true;
                return result;
            } finally {
                registry.close();
            }
        }

        /** Removes the 127.0.0.1 name; the image keeps its local tag. A failure here leaves a name, not a problem. */
        private void untagServedName() throws InterruptedException {
            try {
                ShortCommand.run(commands, engine.command("image", "rm", registry.pullReference()), SHORT_COMMAND);
            } catch (IOException ignored) {
                // docker ran a moment ago; the name stays until the next prune
            }
        }

        private void switchToLoad() throws IOException, RegistryException, InterruptedException {
            try {
                stderr.await(5_000);
            } finally {
                registry.close();
            }
            String why = "docker pull from the loopback registry failed (" + (registry.manifestsServed() == 0
                    ? "the daemon did not reach 127.0.0.1:" + registry.port() + ": " : "") + stderr.firstLines(2)
                    + ")";
            log.accept(fallbackLine(why));
            load = new Facted(DockerPullSink.this.load.open(image, store), fallbackLine(why));
            for (int i = 0; i < accepted.size(); i++) {
                load.accept(accepted.get(i), files.get(i));
            }
        }

        @Override
        public void close() {
            registry.close();
            if (!done) {
                pull.kill();
                try {
                    pull.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (load != null) {
                load.close();
            }
        }
    }
}
