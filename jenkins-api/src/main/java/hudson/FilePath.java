// Stand-in for hudson.FilePath from org.jenkins-ci.main:jenkins-core:2.541.3 (subset of members).
package hudson;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Computer;
import hudson.remoting.Callable;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.jenkinsci.remoting.RoleSensitive;
import org.jenkinsci.remoting.SerializableOnlyOverRemoting;

/**
 * A file or directory on the controller or on an agent. Stand-in: with a null channel everything runs locally (as
 * in Jenkins); with a channel, {@link #act(FileCallable)} hands the callable to {@link VirtualChannel#call}, so a
 * test channel can serialize it exactly as Remoting would. The file operations themselves only work locally.
 */
public final class FilePath implements SerializableOnlyOverRemoting {
    private static final long serialVersionUID = 1L;

    private transient VirtualChannel channel;
    private final String remote;

    public FilePath(@CheckForNull VirtualChannel channel, @NonNull String remote) {
        this.channel = channel;
        this.remote = remote;
    }

    public FilePath(@NonNull File localPath) {
        this.channel = null;
        this.remote = localPath.getPath();
    }

    public FilePath(@NonNull FilePath base, @NonNull String rel) {
        this.channel = base.channel;
        this.remote = new File(base.remote, rel).getPath();
    }

    public String getRemote() {
        return remote;
    }

    public String getName() {
        return new File(remote).getName();
    }

    public String getBaseName() {
        String n = getName();
        int idx = n.lastIndexOf('.');
        return idx < 0 ? n : n.substring(0, idx);
    }

    public @NonNull FilePath child(String relOrAbsolute) {
        return new FilePath(this, relOrAbsolute);
    }

    /** Short for {@code getParent().child(rel)}; null if {@link #getParent} would be. */
    @CheckForNull
    public FilePath sibling(String rel) {
        FilePath parent = getParent();
        return parent != null ? parent.child(rel) : null;
    }

    public @CheckForNull FilePath getParent() {
        File parent = new File(remote).getParentFile();
        return parent == null ? null : new FilePath(channel, parent.getPath());
    }

    public VirtualChannel getChannel() {
        return channel;
    }

    public boolean isRemote() {
        return channel != null;
    }

    /** Stand-in: always null (no agent computers exist outside Jenkins). */
    public @CheckForNull Computer toComputer() {
        return null;
    }

    /** Executes some program on the machine that this {@link FilePath} exists, so that one can perform local file operations. */
    public <T> T act(final FileCallable<T> callable) throws IOException, InterruptedException {
        if (channel != null) {
            return channel.call(new FileCallableWrapper<>(callable, remote));
        }
        return callable.invoke(new File(remote), LocalChannel.INSTANCE);
    }

    /** Executes some program on the machine that this {@link FilePath} exists. */
    public <V, E extends Throwable> V act(Callable<V, E> callable) throws IOException, InterruptedException, E {
        if (channel != null) {
            return channel.call(callable);
        }
        return callable.call();
    }

    /** Executes some program on the machine that this {@link FilePath} exists, asynchronously. */
    public <T> hudson.remoting.Future<T> actAsync(final FileCallable<T> callable) throws IOException, InterruptedException {
        if (channel != null) {
            return channel.callAsync(new FileCallableWrapper<>(callable, remote));
        }
        CompletableFuture<T> f = CompletableFuture.supplyAsync(() -> {
            try {
                return callable.invoke(new File(remote), LocalChannel.INSTANCE);
            } catch (IOException | InterruptedException | RuntimeException x) {
                throw new java.util.concurrent.CompletionException(x);
            }
        });
        return new FutureAdapter<>(f);
    }

    private Path local() throws IOException {
        if (channel != null) {
            throw new IOException("stand-in FilePath: file operations on " + remote + " need a local path (no agent here)");
        }
        return new File(remote).toPath();
    }

    public void mkdirs() throws IOException, InterruptedException {
        Files.createDirectories(local());
    }

    public boolean exists() throws IOException, InterruptedException {
        return Files.exists(local());
    }

    public boolean isDirectory() throws IOException, InterruptedException {
        return Files.isDirectory(local());
    }

    public boolean delete() throws IOException, InterruptedException {
        return Files.deleteIfExists(local());
    }

    public void deleteRecursive() throws IOException, InterruptedException {
        Path p = local();
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path x : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(x);
            }
        }
    }

    public void deleteContents() throws IOException, InterruptedException {
        for (FilePath child : list()) {
            child.deleteRecursive();
        }
    }

    public void chmod(final int mask) throws IOException, InterruptedException {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int i = 0; i < order.length; i++) {
            if ((mask & (1 << i)) != 0) {
                perms.add(order[i]);
            }
        }
        Files.setPosixFilePermissions(local(), perms);
    }

    public void write(final String content, final String encoding) throws IOException, InterruptedException {
        Path p = local();
        if (p.getParent() != null) {
            Files.createDirectories(p.getParent());
        }
        Files.write(p, content.getBytes(encoding == null ? Charset.defaultCharset() : Charset.forName(encoding)));
    }

    public OutputStream write() throws IOException, InterruptedException {
        Path p = local();
        if (p.getParent() != null) {
            Files.createDirectories(p.getParent());
        }
        return Files.newOutputStream(p);
    }

    public InputStream read() throws IOException, InterruptedException {
        return Files.newInputStream(local());
    }

    public String readToString() throws IOException, InterruptedException {
        return Files.readString(local(), Charset.defaultCharset());
    }

    public void copyFrom(InputStream in) throws IOException, InterruptedException {
        try (OutputStream os = write()) {
            in.transferTo(os);
        }
    }

    public void copyTo(OutputStream os) throws IOException, InterruptedException {
        try (InputStream in = read()) {
            in.transferTo(os);
        }
    }

    public FilePath createTempFile(final String prefix, final String suffix) throws IOException, InterruptedException {
        return new FilePath(Files.createTempFile(local(), prefix, suffix).toFile());
    }

    public @NonNull List<FilePath> list() throws IOException, InterruptedException {
        List<FilePath> r = new ArrayList<>();
        Path p = local();
        if (!Files.isDirectory(p)) {
            return r;
        }
        try (Stream<Path> children = Files.list(p)) {
            children.sorted().forEach(c -> r.add(new FilePath(c.toFile())));
        }
        return r;
    }

    public void renameTo(final FilePath target) throws IOException, InterruptedException {
        Files.move(local(), target.local(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public long length() throws IOException, InterruptedException {
        Path p = local();
        return Files.exists(p) ? Files.size(p) : 0;
    }

    @Override
    @Deprecated
    public String toString() {
        return remote;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FilePath)) {
            return false;
        }
        FilePath that = (FilePath) o;
        return remote.equals(that.remote) && java.util.Objects.equals(channel, that.channel);
    }

    @Override
    public int hashCode() {
        return 31 * (channel != null ? channel.hashCode() : 0) + remote.hashCode();
    }

    /** Code that gets executed on the machine where the {@link FilePath} is local. */
    public interface FileCallable<T> extends Serializable, RoleSensitive {
        /**
         * Performs the computational task on the node where the data is located.
         * @param f {@link File} that represents the local file that {@link FilePath} has represented.
         * @param channel The "back pointer" of the channel that points to the controller.
         */
        T invoke(File f, VirtualChannel channel) throws IOException, InterruptedException;
    }

    /** What Remoting sends for {@link #act(FileCallable)}: the callable plus the path, invoked on the agent. */
    private static final class FileCallableWrapper<T> implements Callable<T, IOException> {
        private static final long serialVersionUID = 1L;
        private final FileCallable<T> callable;
        private final String remote;

        FileCallableWrapper(FileCallable<T> callable, String remote) {
            this.callable = callable;
            this.remote = remote;
        }

        @Override
        public T call() throws IOException {
            try {
                return callable.invoke(new File(remote), LocalChannel.INSTANCE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        @Override
        public void checkRoles(org.jenkinsci.remoting.RoleChecker checker) throws SecurityException {
            callable.checkRoles(checker);
        }
    }

    /** The channel a callable sees when it runs where the file is local (Remoting's LocalChannel). */
    private static final class LocalChannel implements VirtualChannel {
        static final LocalChannel INSTANCE = new LocalChannel();

        @Override
        public <V, T extends Throwable> V call(Callable<V, T> callable) throws T {
            return callable.call();
        }

        @Override
        public <V, T extends Throwable> hudson.remoting.Future<V> callAsync(Callable<V, T> callable) {
            return new FutureAdapter<>(CompletableFuture.supplyAsync(() -> {
                try {
                    return callable.call();
                } catch (Throwable t) {
                    throw new java.util.concurrent.CompletionException(t);
                }
            }));
        }

        @Override
        public void close() {
        }

        @Override
        public void join() {
        }

        @Override
        public void join(long timeout) {
        }

        @Override
        public <T> T export(Class<T> intf, T instance) {
            return instance;
        }

        @Override
        public void syncLocalIO() {
        }
    }

    private static final class FutureAdapter<T> implements hudson.remoting.Future<T> {
        private final CompletableFuture<T> delegate;

        FutureAdapter(CompletableFuture<T> delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return delegate.cancel(mayInterruptIfRunning);
        }

        @Override
        public boolean isCancelled() {
            return delegate.isCancelled();
        }

        @Override
        public boolean isDone() {
            return delegate.isDone();
        }

        @Override
        public T get() throws InterruptedException, ExecutionException {
            return delegate.get();
        }

        @Override
        public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            return delegate.get(timeout, unit);
        }
    }
}
