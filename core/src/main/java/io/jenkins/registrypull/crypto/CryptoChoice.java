package io.jenkins.registrypull.crypto;

import javax.net.ssl.SSLContext;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Where the engine's SHA-256 and TLS come from, decided once: native code (BoringSSL through Conscrypt; AWS-LC
 * through Amazon Corretto Crypto Provider when the JVM has no C2) where its library loads and answers correctly, the
 * JDK's otherwise. A fresh JVM spends most of a first pull's extra time running the JDK's AES-GCM in slow code until
 * C2 compiles it; native code is fast from the first byte (docs/performance.md, cold start).
 *
 * <p>Scoped to the engine: each provider is an instance the engine asks explicitly ({@code getInstance(name,
 * provider)}, an {@link SSLContext} given to OkHttp). Neither is ever added to the JVM's provider list, so nothing
 * else in an agent's JVM changes. The JDK path is the portable fallback: Windows, macOS, musl and aarch64 agents,
 * where the bundled libraries (Linux x86-64, glibc) do not load, take it by themselves.
 */
public final class CryptoChoice {

    /** Loads one native provider; throws when its library is missing or does not load here. */
    @FunctionalInterface
    public interface ProviderLoader {
        Provider load() throws Exception;
    }

    private static final byte[] ABC = {'a', 'b', 'c'};
    private static final byte[] SHA256_OF_ABC = HexFormat.of()
            .parseHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

    private final Provider digests;
    private final Provider tls;
    private final String description;

    private CryptoChoice(Provider digests, Provider tls, String description) {
        this.digests = digests;
        this.tls = tls;
        this.description = description;
    }

    /** The JDK's providers for everything, as the JVM has them. */
    public static CryptoChoice jdk() {
        return new CryptoChoice(null, null, "SHA-256 and TLS from the JDK");
    }

    /**
     * Native TLS where its library loads on this machine; native SHA-256 only where this JVM runs without C2 (whose
     * SHA-256 is as fast, without the library's load time); the JDK's for the rest. Looked up once per JVM.
     */
    public static CryptoChoice nativeWhereAvailable() {
        return Detected.CHOICE;
    }

    /**
     * Each of {@code digests} and {@code tls} is used if it loads and passes its check (a known SHA-256, a TLS
     * context that initialises); the JDK's takes the place of each that does not, and of each that is null.
     */
    public static CryptoChoice choose(ProviderLoader digests, ProviderLoader tls) {
        StringBuilder why = new StringBuilder();
        Provider digestProvider = checked("SHA-256", digests, CryptoChoice::checkDigest, why);
        Provider tlsProvider = checked("TLS", tls, CryptoChoice::checkTls, why);
        String description = "SHA-256 from " + name(digestProvider) + ", TLS from " + name(tlsProvider) + why;
        return new CryptoChoice(digestProvider, tlsProvider, description);
    }

    private interface Check {
        void check(Provider provider) throws Exception;
    }

    private static Provider checked(String what, ProviderLoader loader, Check check, StringBuilder why) {
        if (loader == null) {
            return null;
        }
        try {
            Provider provider = loader.load();
            check.check(provider);
            return provider;
        } catch (Exception | LinkageError e) {
            // UnsatisfiedLinkError (no library for this OS, CPU or libc) is the usual reason
            why.append("; native ").append(what).append(" unavailable (").append(e).append(')');
            return null;
        }
    }

    private static void checkDigest(Provider provider) throws NoSuchAlgorithmException {
        byte[] actual = MessageDigest.getInstance("SHA-256", provider).digest(ABC);
        if (!Arrays.equals(actual, SHA256_OF_ABC)) {
            throw new NoSuchAlgorithmException(provider.getName() + " computes a wrong SHA-256");
        }
    }

    private static void checkTls(Provider provider) throws Exception {
        SSLContext.getInstance("TLS", provider).init(null, null, null);
    }

    private static String name(Provider provider) {
        return provider == null ? "the JDK" : provider.getName() + " " + provider.getVersionStr();
    }

    /** Whether SHA-256 (and SHA-512) come from native code. */
    public boolean nativeDigests() {
        return digests != null;
    }

    /** Whether TLS comes from native code. */
    public boolean nativeTls() {
        return tls != null;
    }

    /** A new digest for a JCA algorithm name ({@code SHA-256}, {@code SHA-512}). */
    public MessageDigest messageDigest(String algorithm) throws NoSuchAlgorithmException {
        if (digests != null) {
            try {
                return MessageDigest.getInstance(algorithm, digests);
            } catch (NoSuchAlgorithmException notThere) {
                // this provider lacks the algorithm: the JDK's below
            }
        }
        return MessageDigest.getInstance(algorithm);
    }

    /** A new, uninitialised TLS context. */
    public SSLContext sslContext() throws NoSuchAlgorithmException {
        return tls != null ? SSLContext.getInstance("TLS", tls) : SSLContext.getInstance("TLS");
    }

    /** For logs: which implementation does what, and why a native one is not used. */
    @Override
    public String toString() {
        return description;
    }

    /** The lookup of {@link #nativeWhereAvailable()}: done when first asked, then kept for the JVM's life. */
    private static final class Detected {
        static final CryptoChoice CHOICE = choose(c2() ? null : NativeProviders::awsLc, NativeProviders::conscrypt);

        private static boolean c2() {
            try {
                return OptimizingJit.available();
            } catch (LinkageError noManagement) { // a runtime linked without java.management
                return true;
            }
        }
    }
}
