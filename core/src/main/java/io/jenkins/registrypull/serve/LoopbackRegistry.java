package io.jenkins.registrypull.serve;

import io.jenkins.registrypull.manifest.Descriptor;
import io.jenkins.registrypull.manifest.ResolvedImage;
import io.jenkins.registrypull.reference.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One verified image, served read-only as a registry on 127.0.0.1 while one pull into a local daemon runs, so that
 * dockerd fetches it with its own parallel download and unpack instead of reading a {@code docker load} stream.
 *
 * <p>What it answers, and nothing else: {@code GET|HEAD /v2/}, the image's manifest by its digest, and the blobs that
 * manifest lists, under one repository with a random 128-bit name ({@link #repository()}). Another path, another
 * digest (even one in the same blob store) or another method gets 404/405. A blob is answered only once the pull has
 * verified it ({@link #offer}): a request that comes earlier waits for it, so dockerd can start while blobs are still
 * downloading. Connections from a socket that belongs to neither root nor this JVM's user are closed unanswered
 * ({@link LoopbackPeers}). Blob bodies go from the file to the socket with {@link FileChannel#transferTo}
 * ({@code sendfile} on Linux). {@link #close()} closes the port and every connection.
 */
public final class LoopbackRegistry implements AutoCloseable {

    private static final int MAX_CONNECTIONS = 16;
    private static final int READ_TIMEOUT_MILLIS = 30_000;

    private final ServerSocketChannel server;
    private final String repository;
    private final ResolvedImage image;
    private final Map<String, ServedBlob> blobs = new LinkedHashMap<>();
    private final LoopbackPeers peers;
    private final ExecutorService connections;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger manifestsServed = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final Thread acceptor;

    private record ServedBlob(Descriptor descriptor, CompletableFuture<Path> file) {
    }

    private LoopbackRegistry(ServerSocketChannel server, ResolvedImage image, LoopbackPeers peers) {
        this.server = server;
        this.image = image;
        this.peers = peers;
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        this.repository = "registry-pull/" + HexFormat.of().formatHex(random);
        for (Descriptor blob : image.manifest().blobs()) {
            blobs.putIfAbsent(blob.digest().toString(), new ServedBlob(blob, new CompletableFuture<>()));
        }
        AtomicInteger number = new AtomicInteger();
        this.connections = new ThreadPoolExecutor(MAX_CONNECTIONS, MAX_CONNECTIONS, 10, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(MAX_CONNECTIONS), r -> {
            Thread t = new Thread(r, "registry-pull-serve-" + number.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
        ((ThreadPoolExecutor) connections).allowCoreThreadTimeOut(true);
        this.acceptor = new Thread(this::acceptLoop, "registry-pull-serve-accept");
        this.acceptor.setDaemon(true);
    }

    /**
     * Starts serving {@code image} on 127.0.0.1, on a port the system picks.
     *
     * @throws IOException when no loopback port can be bound, or this system has no socket table to tell who
     *                     connects (then the image is not served at all)
     */
    public static LoopbackRegistry start(ResolvedImage image) throws IOException {
        LoopbackPeers peers = LoopbackPeers.rootAndSelf().orElseThrow(() -> new IOException(
                "this system has no /proc/net/tcp to check who connects to a loopback port"));
        return start(image, peers);
    }

    static LoopbackRegistry start(ResolvedImage image, LoopbackPeers peers) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), MAX_CONNECTIONS);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        LoopbackRegistry registry = new LoopbackRegistry(server, image, peers);
        registry.acceptor.start();
        return registry;
    }

    public int port() {
        return ((InetSocketAddress) server.socket().getLocalSocketAddress()).getPort();
    }

    /** The random repository name, {@code registry-pull/<32 hex>}. */
    public String repository() {
        return repository;
    }

    /** What a client pulls: {@code 127.0.0.1:PORT/registry-pull/<hex>@sha256:...}. */
    public String pullReference() {
        return "127.0.0.1:" + port() + "/" + repository + "@" + image.manifestDigest();
    }

    /** A blob of the image is verified at {@code file}: requests for it are answered from now on. */
    public void offer(Digest digest, Path file) {
        ServedBlob blob = blobs.get(digest.toString());
        if (blob != null) {
            blob.file().complete(file);
        }
    }

    /** How many times the manifest was sent: zero means the client never reached this registry. */
    public int manifestsServed() {
        return manifestsServed.get();
    }

    /** Connections closed unanswered because their socket belonged to another user. */
    public int refusedConnections() {
        return refused.get();
    }

    /** Stops: the port closes, waiting requests end, open connections are closed. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        IOException gone = new IOException("the loopback registry was stopped");
        blobs.values().forEach(blob -> blob.file().completeExceptionally(gone));
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        connections.shutdownNow();
        try {
            acceptor.join(5_000);
            connections.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    private void acceptLoop() {
        while (!closed.get()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException stopped) {
                return;
            } catch (IOException e) {
                continue;
            }
            try {
                connections.execute(() -> serve(client));
            } catch (RuntimeException tooMany) {
                closeQuietly(client);
            }
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            InetSocketAddress peer = (InetSocketAddress) client.getRemoteAddress();
            if (!peer.getAddress().isLoopbackAddress() || !peers.allows(peer.getPort(), port())) {
                refused.incrementAndGet();
                return;
            }
            client.socket().setSoTimeout(READ_TIMEOUT_MILLIS);
            InputStream in = client.socket().getInputStream();
            RequestHead request = RequestHead.read(in);
            if (request != null) {
                answer(client, request);
            }
        } catch (IOException | InterruptedException | ExecutionException dropped) {
            // the client went away, or the registry was stopped: the connection is closed either way
        }
    }

    private void answer(SocketChannel client, RequestHead request) throws IOException, InterruptedException,
            ExecutionException {
        boolean head = request.method().equals("HEAD");
        if (!head && !request.method().equals("GET")) {
            send(client, 405, "text/plain", null, "only GET and HEAD\n".getBytes(StandardCharsets.UTF_8), false);
            return;
        }
        String path = request.path();
        if (path.equals("/v2/") || path.equals("/v2")) {
            send(client, 200, "application/json", null, "{}".getBytes(StandardCharsets.UTF_8), head);
            return;
        }
        String prefix = "/v2/" + repository + "/";
        if (!path.startsWith(prefix)) {
            sendError(client, 404, "NAME_UNKNOWN", "repository name not known to registry", head);
            return;
        }
        String rest = path.substring(prefix.length());
        if (rest.equals("manifests/" + image.manifestDigest())) {
            manifestsServed.incrementAndGet();
            send(client, 200, image.manifest().mediaType(), image.manifestDigest().toString(),
                    image.manifestBytes(), head);
            return;
        }
        ServedBlob blob = rest.startsWith("blobs/") ? blobs.get(rest.substring(6)) : null;
        if (blob == null) {
            sendError(client, 404, rest.startsWith("manifests/") ? "MANIFEST_UNKNOWN" : "BLOB_UNKNOWN",
                    "not served here", head);
            return;
        }
        sendBlob(client, blob, request, head);
    }

    private void sendBlob(SocketChannel client, ServedBlob blob, RequestHead request, boolean head)
            throws IOException, InterruptedException, ExecutionException {
        long size = blob.descriptor().size();
        long first = request.rangeStart();
        long last = request.rangeEnd() < 0 ? size - 1 : Math.min(request.rangeEnd(), size - 1);
        if (request.hasRange() && first >= size) {
            send(client, 416, "text/plain", null, new byte[0], head);
            return;
        }
        Path file = blob.file().get(); // waits until the pull has verified it
        String status = request.hasRange() ? "206 Partial Content" : "200 OK";
        long length = last - first + 1;
        StringBuilder headers = new StringBuilder("HTTP/1.1 ").append(status).append("\r\n")
                .append("Content-Type: application/octet-stream\r\n")
                .append("Content-Length: ").append(length).append("\r\n")
                .append("Docker-Content-Digest: ").append(blob.descriptor().digest()).append("\r\n")
                .append("Accept-Ranges: bytes\r\n");
        if (request.hasRange()) {
            headers.append("Content-Range: bytes ").append(first).append('-').append(last).append('/').append(size)
                    .append("\r\n");
        }
        writeFully(client, headers.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        if (head) {
            return;
        }
        try (FileChannel in = FileChannel.open(file)) {
            long position = first;
            long end = first + length;
            while (position < end) {
                long sent = in.transferTo(position, end - position, client);
                if (sent <= 0 && position >= in.size()) {
                    throw new IOException("the blob in the store is shorter than its descriptor");
                }
                position += sent;
            }
        }
    }

    private void sendError(SocketChannel client, int status, String code, String message, boolean head)
            throws IOException {
        String body = "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}]}";
        send(client, status, "application/json", null, body.getBytes(StandardCharsets.UTF_8), head);
    }

    private static void send(SocketChannel client, int status, String contentType, String digest, byte[] body,
                             boolean head) throws IOException {
        StringBuilder headers = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status))
                .append("\r\n")
                .append("Content-Type: ").append(contentType).append("\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n")
                .append("Docker-Distribution-Api-Version: registry/2.0\r\n");
        if (digest != null) {
            headers.append("Docker-Content-Digest: ").append(digest).append("\r\n");
        }
        writeFully(client, headers.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        if (!head) {
            writeFully(client, body);
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 416 -> "Range Not Satisfiable";
            default -> "Error";
        };
    }

    private static void writeFully(SocketChannel client, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            client.write(buffer);
        }
    }

    private static void closeQuietly(SocketChannel client) {
        try {
            client.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
