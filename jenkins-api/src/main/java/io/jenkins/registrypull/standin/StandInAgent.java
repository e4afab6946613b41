package io.jenkins.registrypull.standin;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.remoting.Callable;
import hudson.remoting.Channel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jenkins.security.Roles;
import org.jenkinsci.remoting.Role;
import org.jenkinsci.remoting.RoleChecker;
import org.jenkinsci.remoting.RoleSensitive;

/**
 * A channel to a simulated agent JVM in this process, strict where Remoting and Jenkins are:
 * <ul>
 *   <li><b>Serialization both ways.</b> The callable is serialized, read back on the "agent" and run there; its
 *   result or exception is serialized and read back on the "controller". {@link #sent()} keeps what was sent.</li>
 *   <li><b>An agent class loader.</b> As {@code RemoteClassLoader}: every class that is not the JDK's or the agent's
 *   own (remoting: {@code hudson.remoting}, {@code org.jenkinsci.remoting}) is defined again on the agent from the
 *   controller's class bytes, without a code source location (as there: {@code defineClass} with no protection domain),
 *   so its static state is the agent's; resources ({@code getResourceAsStream}) are served from the controller's
 *   class path. Packages named in the constructor stay shared: they play remoted objects (a test console).</li>
 *   <li><b>The required role check.</b> As {@code ChannelBuilder}'s {@code RequiredRoleCheckerWrapper}: a callable
 *   whose {@code checkRoles} does not call the checker is refused, and the agent runs only callables that claim
 *   {@link Roles#SLAVE} ({@code MasterToSlaveCallable}, {@code MasterToSlaveFileCallable}).</li>
 *   <li><b>The controller's class filter (JEP-200).</b> As {@code ClassFilterImpl}: what comes back may only be of
 *   arrays, primitives, {@code Throwable}s, enums, classes of Jenkins core / remoting / the plugin (the locations of
 *   the classes given to the constructor; a bundled library such as the plugin's engine jar is NOT a plugin), or the
 *   JDK classes of jenkins-core 2.541.3's {@code whitelisted-classes.txt}. Anything else is refused with the message
 *   Jenkins gives.</li>
 * </ul>
 */
public class StandInAgent extends Channel {
    /** The JDK entries of jenkins-core 2.541.3 {@code jenkins/security/whitelisted-classes.txt}. */
    static final Set<String> WHITELISTED_JDK_CLASSES = Set.of(
            "java.io.File", "java.lang.Boolean", "java.lang.Byte", "java.lang.Character", "java.lang.Class",
            "java.lang.Double", "java.lang.Enum", "java.lang.Float", "java.lang.Integer", "java.lang.Long",
            "java.lang.Number", "java.lang.Object", "java.lang.Short", "java.lang.StackTraceElement",
            "java.lang.String", "java.lang.String$CaseInsensitiveComparator", "java.lang.StringBuffer",
            "java.lang.StringBuilder", "java.lang.reflect.Proxy", "java.math.BigDecimal", "java.math.BigInteger",
            "java.net.URI", "java.net.URL", "java.security.KeyRep", "java.time.Ser", "java.util.ArrayDeque",
            "java.util.ArrayList", "java.util.Arrays$ArrayList", "java.util.CollSer",
            "java.util.Collections$AsLIFOQueue", "java.util.Collections$CheckedCollection",
            "java.util.Collections$CheckedList", "java.util.Collections$CheckedMap",
            "java.util.Collections$CheckedNavigableMap", "java.util.Collections$CheckedNavigableSet",
            "java.util.Collections$CheckedQueue", "java.util.Collections$CheckedRandomAccessList",
            "java.util.Collections$CheckedSet", "java.util.Collections$CheckedSortedMap",
            "java.util.Collections$CheckedSortedSet", "java.util.Collections$CopiesList",
            "java.util.Collections$EmptyList", "java.util.Collections$EmptyMap", "java.util.Collections$EmptySet",
            "java.util.Collections$SetFromMap", "java.util.Collections$SingletonList",
            "java.util.Collections$SingletonMap", "java.util.Collections$SingletonSet",
            "java.util.Collections$SynchronizedCollection", "java.util.Collections$SynchronizedList",
            "java.util.Collections$SynchronizedMap", "java.util.Collections$SynchronizedNavigableMap",
            "java.util.Collections$SynchronizedNavigableSet", "java.util.Collections$SynchronizedRandomAccessList",
            "java.util.Collections$SynchronizedSet", "java.util.Collections$SynchronizedSortedMap",
            "java.util.Collections$SynchronizedSortedSet", "java.util.Collections$UnmodifiableCollection",
            "java.util.Collections$UnmodifiableList", "java.util.Collections$UnmodifiableMap",
            "java.util.Collections$UnmodifiableNavigableMap", "java.util.Collections$UnmodifiableNavigableSet",
            "java.util.Collections$UnmodifiableRandomAccessList", "java.util.Collections$UnmodifiableSet",
            "java.util.Collections$UnmodifiableSortedMap", "java.util.Collections$UnmodifiableSortedSet",
            "java.util.Date", "java.util.EnumMap", "java.util.EnumSet", "java.util.GregorianCalendar",
            "java.util.HashMap", "java.util.HashSet", "java.util.Hashtable", "java.util.ImmutableCollections$List12",
            "java.util.ImmutableCollections$ListN", "java.util.LinkedHashMap", "java.util.LinkedHashSet",
            "java.util.LinkedList", "java.util.Locale", "java.util.Optional", "java.util.Properties",
            "java.util.RandomAccessSublist", "java.util.RegularEnumSet", "java.util.Stack", "java.util.Sublist",
            "java.util.TreeMap", "java.util.TreeMap$KeySet", "java.util.TreeSet", "java.util.UUID",
            "java.util.Vector", "java.util.concurrent.ConcurrentHashMap",
            "java.util.concurrent.ConcurrentLinkedDeque", "java.util.concurrent.ConcurrentLinkedQueue",
            "java.util.concurrent.ConcurrentSkipListMap", "java.util.concurrent.CopyOnWriteArrayList",
            "java.util.concurrent.CopyOnWriteArraySet", "java.util.concurrent.CountDownLatch",
            "java.util.concurrent.CountDownLatch$Sync", "java.util.concurrent.atomic.AtomicBoolean",
            "java.util.logging.Level", "java.util.logging.LogRecord", "java.util.regex.Pattern");

    private final ClassLoader controller = StandInAgent.class.getClassLoader();
    private final Set<String> allowedLocations;
    private final List<String> sharedPackages;
    private final AgentClassLoader agentLoader;
    private final ExecutorService agentThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stand-in agent");
        t.setDaemon(true);
        return t;
    });
    private final List<byte[]> sent = Collections.synchronizedList(new ArrayList<>());

    /**
     * @param pluginClasses   a class of each plugin whose classes may come back (its location counts as a plugin)
     * @param sharedPackages  package prefixes loaded once for both sides (test fixtures standing for remoted objects)
     */
    @SuppressWarnings("deprecation") // the only constructor the stand-in Channel has
    public StandInAgent(@NonNull Collection<Class<?>> pluginClasses, @NonNull String... sharedPackages) throws IOException {
        super("stand-in agent", null, null, null);
        Set<String> locations = new java.util.HashSet<>();
        locations.add(codeSource(hudson.FilePath.class)); // Jenkins core (the stand-ins)
        locations.add(codeSource(Channel.class)); // remoting
        for (Class<?> c : pluginClasses) {
            locations.add(codeSource(c));
        }
        this.allowedLocations = locations;
        this.sharedPackages = List.of(sharedPackages);
        this.agentLoader = new AgentClassLoader();
    }

    /** The serialized form of every callable sent so far. */
    @NonNull
    public List<byte[]> sent() {
        return new ArrayList<>(sent);
    }

    /** The agent's class loader (what {@code RemoteClassLoader} is in an agent JVM). */
    @NonNull
    public ClassLoader agentClassLoader() {
        return agentLoader;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V, T extends Throwable> V call(Callable<V, T> callable) throws IOException, T, InterruptedException {
        if (isClosingOrClosed()) {
            throw new IOException("Remote call on stand-in agent failed. The channel is closing down or has closed down");
        }
        byte[] request = serialize(callable);
        sent.add(request);
        Future<byte[]> response = agentThreads.submit(() -> {
            Thread.currentThread().setContextClassLoader(agentLoader);
            Object outcome;
            try {
                Callable<Object, Throwable> onAgent = (Callable<Object, Throwable>) readOnAgent(request);
                checkRoles(onAgent);
                outcome = new Result(StandInAgent.super.call(onAgent), null);
            } catch (Throwable t) {
                outcome = new Result(null, t);
            }
            return serialize(outcome);
        });
        Result result;
        try {
            result = (Result) readOnController(response.get());
        } catch (ExecutionException e) {
            throw new IOException("the stand-in agent could not answer", e.getCause());
        }
        if (result.thrown != null) {
            if (result.thrown instanceof RuntimeException) {
                throw (RuntimeException) result.thrown;
            }
            if (result.thrown instanceof Error) {
                throw (Error) result.thrown;
            }
            throw (T) result.thrown;
        }
        return (V) result.value;
    }

    @Override
    public synchronized void close() throws IOException {
        super.close();
        agentThreads.shutdownNow();
    }

    /** The outcome of a call, as it travels back. */
    private static final class Result implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final Object value;
        final Throwable thrown;

        Result(Object value, Throwable thrown) {
            this.value = value;
            this.thrown = thrown;
        }
    }

    /** {@code RequiredRoleCheckerWrapper} around the agent's checker, which accepts only what claims SLAVE. */
    static void checkRoles(RoleSensitive callable) {
        boolean[] checked = {false};
        RoleChecker agent = new RoleChecker() {
            @Override
            public void check(@NonNull RoleSensitive subject, @NonNull Collection<Role> expected) throws SecurityException {
                checked[0] = true;
                if (!expected.contains(Roles.SLAVE)) {
                    throw new SecurityException("Agent may not execute " + subject.getClass().getName() + ", which claims " + expected);
                }
            }
        };
        callable.checkRoles(agent);
        if (!checked[0]) {
            throw new SecurityException("Security hardening prohibits the Callable implementation " + callable.getClass().getName()
                    + " from ignoring RoleChecker, see https://www.jenkins.io/redirect/required-role-check");
        }
    }

    private static byte[] serialize(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    private Object readOnAgent(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                return Class.forName(desc.getName(), false, agentLoader);
            }

            @Override
            protected Class<?> resolveProxyClass(String[] interfaces) throws ClassNotFoundException {
                Class<?>[] types = new Class<?>[interfaces.length];
                for (int i = 0; i < interfaces.length; i++) {
                    types[i] = Class.forName(interfaces[i], false, agentLoader);
                }
                return Proxy.getProxyClass(agentLoader, types);
            }
        }) {
            return in.readObject();
        }
    }

    private Object readOnController(byte[] bytes) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                Class<?> c = Class.forName(desc.getName(), false, controller);
                if (c != Result.class && isBlacklisted(c)) {
                    throw new InvalidClassException(desc.getName(), "Refusing to unmarshal " + desc.getName()
                            + " for security reasons; see https://www.jenkins.io/redirect/class-filter/");
                }
                return c;
            }
        }) {
            return in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException(e);
        }
    }

    /** {@code ClassFilterImpl.isBlacklisted(Class)}, with the plugin locations given to the constructor. */
    boolean isBlacklisted(Class<?> c) {
        if (c.isArray() || c.isPrimitive() || Throwable.class.isAssignableFrom(c) || Enum.class.isAssignableFrom(c)) {
            return false;
        }
        String location = codeSource(c);
        if (location != null && allowedLocations.contains(location)) {
            return false;
        }
        return !WHITELISTED_JDK_CLASSES.contains(c.getName());
    }

    @CheckForNull
    private static String codeSource(Class<?> c) {
        CodeSource cs = c.getProtectionDomain().getCodeSource();
        return cs == null || cs.getLocation() == null ? null : cs.getLocation().toString();
    }

    /** Plays {@code RemoteClassLoader}: classes and resources fetched from the controller, no code source. */
    private final class AgentClassLoader extends ClassLoader {
        AgentClassLoader() {
            super("stand-in-agent", ClassLoader.getPlatformClassLoader());
        }

        private boolean sharedWithController(String name) {
            if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.")
                    || name.startsWith("com.sun.") || name.startsWith("hudson.remoting.") || name.startsWith("org.jenkinsci.remoting.")) {
                return true;
            }
            for (String p : sharedPackages) {
                if (name.startsWith(p)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    if (sharedWithController(name)) {
                        c = controller.loadClass(name);
                    } else {
                        c = findClass(name);
                    }
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            try (InputStream in = controller.getResourceAsStream(name.replace('.', '/') + ".class")) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length); // no ProtectionDomain, as RemoteClassLoader
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }

        @Override
        protected URL findResource(String name) {
            return controller.getResource(name);
        }

        @Override
        protected Enumeration<URL> findResources(String name) throws IOException {
            return controller.getResources(name);
        }
    }
}
