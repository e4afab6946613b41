package io.jenkins.registrypull.crypto;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Native where it loads, the JDK where it does not, and the JVM's provider list never touched. */
class CryptoChoiceTest {

    private static List<String> installedProviders() {
        return Arrays.stream(Security.getProviders()).map(Provider::getName).toList();
    }

    @Test
    void testNativeWhereAvailable_withC2_conscryptTls_jdkSha256_nothingInstalled() throws Exception {
        List<String> before = installedProviders();
        CryptoChoice choice = CryptoChoice.nativeWhereAvailable();

        // this machine (and CI) is Linux x86-64 with glibc: Conscrypt loads; this JVM has C2, so SHA-256 is the JDK's
        assertThat(choice.nativeTls()).as(choice.toString()).isTrue();
        assertThat(choice.nativeDigests()).as(choice.toString()).isFalse();
        assertThat(choice.sslContext().getProvider().getName()).isEqualTo("Conscrypt");
        assertThat(choice.messageDigest("SHA-256").getProvider().getName()).isEqualTo("SUN");
        assertThat(choice.toString()).contains("SHA-256 from the JDK", "TLS from Conscrypt").doesNotContain("unavailable");
        assertThat(installedProviders()).isEqualTo(before).doesNotContain("AmazonCorrettoCryptoProvider", "Conscrypt");
    }

    @Test
    void testNativeWhereAvailable_withoutC2_awsLcSha256Too() throws Exception {
        assertThat(OptimizingJit.available()).isTrue();
        for (String flag : List.of("-XX:TieredStopAtLevel=1", "-Xint")) {
            assertThat(childChoice(flag)).as(flag)
                    .contains("SHA-256 from AmazonCorrettoCryptoProvider", "TLS from Conscrypt", "installed: []");
        }
        assertThat(childChoice("-XX:-TieredCompilation")).contains("SHA-256 from the JDK", "TLS from Conscrypt");
    }

    /** What {@link CryptoChoice#nativeWhereAvailable()} says in a JVM started with {@code flag}. */
    private static String childChoice(String flag) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), flag,
                "-cp", System.getProperty("java.class.path"), CryptoChoiceChild.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void testNativeDigest_equalsTheJdks() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + (i >>> 9));
        }
        CryptoChoice choice = CryptoChoice.nativeWhereAvailable();
        for (String algorithm : List.of("SHA-256", "SHA-512")) {
            MessageDigest fast = choice.messageDigest(algorithm);
            fast.update(data, 0, 100);
            fast.update(data, 100, data.length - 100);
            assertThat(fast.digest()).isEqualTo(MessageDigest.getInstance(algorithm).digest(data));
        }
    }

    @Test
    void testLibraryThatDoesNotLoad_fallsBackToTheJdk_andSaysWhy() throws Exception {
        CryptoChoice choice = CryptoChoice.choose(
                () -> {
                    throw new UnsatisfiedLinkError("no libamazonCorrettoCryptoProvider for this platform");
                },
                () -> {
                    throw new java.security.GeneralSecurityException("Conscrypt's native library did not load");
                });

        assertThat(choice.nativeDigests()).isFalse();
        assertThat(choice.nativeTls()).isFalse();
        assertThat(choice.messageDigest("SHA-256").getProvider().getName()).isEqualTo("SUN");
        assertThat(choice.sslContext().getProvider().getName()).isEqualTo("SunJSSE");
        assertThat(choice.toString()).contains("SHA-256 from the JDK", "TLS from the JDK",
                "no libamazonCorrettoCryptoProvider for this platform", "Conscrypt's native library did not load");
    }

    @Test
    void testProviderThatHashesWrong_isNotUsed() throws Exception {
        Provider liar = new Provider("Liar", "1", "hashes wrong") {
        };
        liar.put("MessageDigest.SHA-256", WrongSha256.class.getName());

        CryptoChoice choice = CryptoChoice.choose(() -> liar, NativeProviders::conscrypt);

        assertThat(choice.nativeDigests()).isFalse();
        assertThat(choice.messageDigest("SHA-256").getProvider().getName()).isEqualTo("SUN");
        assertThat(choice.toString()).contains("Liar computes a wrong SHA-256");
    }

    @Test
    void testJdk_usesNoNativeCode() throws Exception {
        CryptoChoice choice = CryptoChoice.jdk();

        assertThat(choice.nativeDigests()).isFalse();
        assertThat(choice.nativeTls()).isFalse();
        assertThat(choice.messageDigest("SHA-256").getProvider().getName()).isEqualTo("SUN");
    }

    /** A SHA-256 that answers zeros. */
    public static final class WrongSha256 extends MessageDigest {
        public WrongSha256() {
            super("SHA-256");
        }

        @Override
        protected void engineUpdate(byte input) {
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int len) {
        }

        @Override
        protected byte[] engineDigest() {
            return new byte[32];
        }

        @Override
        protected void engineReset() {
        }
    }
}
