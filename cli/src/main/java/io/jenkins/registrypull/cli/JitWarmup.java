package io.jenkins.registrypull.cli;

import io.jenkins.registrypull.crypto.CryptoChoice;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * Gets SHA-256 and AES-GCM decryption compiled by C2 while a one-shot pull is still talking to the
 * registry (probe, token, manifest: round trips during which the CPU is mostly idle). Only C2 code
 * uses the CPU's SHA and AES/CLMUL instructions; until the JIT gets there on its own, a fresh JVM
 * hashes and decrypts the first few hundred MB several times slower (docs/performance.md). The
 * work is small buffers many times over, because C2 compiles after a number of invocations, not of
 * bytes. Nothing it computes is used; the key and data are zeros. Turn it off with
 * {@code -Dregistrypull.warmup=false}.
 *
 * <p>The same thread first looks up the engine's {@link CryptoChoice} (loading the native libraries takes 100 to
 * 250 ms of a fresh JVM, done here while the command line is read), then warms only what the JDK still does: where
 * SHA-256 and TLS are native, there is nothing for C2 to compile and the thread ends.
 */
final class JitWarmup {

    static final int ROUNDS = 6_000;

    private JitWarmup() {
    }

    /** Starts the warm-up on a daemon thread of low priority; returns at once. */
    static void start() {
        if (!Boolean.parseBoolean(System.getProperty("registrypull.warmup", "true"))) {
            return;
        }
        Thread thread = new Thread(JitWarmup::run, "registry-pull-jit-warmup");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    static void run() {
        run(CryptoChoice.nativeWhereAvailable());
    }

    /** Warms the JDK's SHA-256 unless {@code crypto} hashes natively, its AES-GCM unless TLS is native. */
    static void run(CryptoChoice crypto) {
        boolean sha256 = !crypto.nativeDigests();
        boolean aesGcm = !crypto.nativeTls();
        if (!sha256 && !aesGcm) {
            return;
        }
        try {
            byte[] data = new byte[2048];
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            Cipher encrypt = Cipher.getInstance("AES/GCM/NoPadding");
            SecretKeySpec key = new SecretKeySpec(new byte[16], "AES");
            GCMParameterSpec iv = new GCMParameterSpec(128, new byte[12]);
            encrypt.init(Cipher.ENCRYPT_MODE, key, iv);
            byte[] sealed = encrypt.doFinal(data);
            Cipher decrypt = Cipher.getInstance("AES/GCM/NoPadding");
            ByteBuffer out = ByteBuffer.allocate(data.length);
            for (int i = 0; i < ROUNDS; i++) {
                if (sha256) {
                    sha.update(data);
                    if (i % 16 == 0) {
                        sha.digest();
                    }
                }
                if (aesGcm) {
                    // as the TLS layer decrypts a record: heap ByteBuffers, a fresh init per record
                    decrypt.init(Cipher.DECRYPT_MODE, key, iv);
                    out.clear();
                    decrypt.doFinal(ByteBuffer.wrap(sealed), out);
                }
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // a JDK without AES-GCM would fail the pull anyway, with a better message
        }
    }
}
