package io.jenkins.registrypull.security;

import io.jenkins.registrypull.json.JsonTrees;
import com.sun.management.HotSpotDiagnosticMXBean;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.sink.OciLayoutSink;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Runs in a child JVM ({@link SecretHeapTest}): reads a secret from stdin (straight from fd 0, past
 * {@code System.in}'s buffer, which would keep a copy), pulls {@code IMAGE} from a plain-HTTP
 * registry with it (as a password, or as an identity token), closes the engine and the credential,
 * and writes a dump of the live heap (two full GCs first) to {@code DUMP}. Prints {@code DUMPED}.
 *
 * <p>Arguments: IMAGE WORK_DIR DUMP MODE, where MODE is {@code password} or {@code identity}.
 */
public final class SecretHeapChild {

    private SecretHeapChild() {
    }

    public static void main(String[] args) throws Exception {
        String image = args[0];
        Path work = Path.of(args[1]);
        Path dump = Path.of(args[2]);
        SecretValue secret = readLine();
        Credential credential = args[3].equals("identity") ? Credential.identityToken(secret)
                : Credential.usernamePassword("alice", secret);
        try (PullEngine engine = new PullEngine()) {
            engine.pull(PullOptions.builder().image(image).insecure(true).credential(credential)
                    .storeDir(work.resolve("store")).sink(new OciLayoutSink(work.resolve("out"), null,
                            new JsonTrees())).build(), PullListener.NONE);
        }
        credential.close();
        secret.close();
        System.gc();
        System.gc();
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(dump.toString(), true);
        System.out.println("DUMPED");
    }

    private static SecretValue readLine() throws IOException {
        byte[] buffer = new byte[512];
        int length = 0;
        try (FileInputStream in = new FileInputStream(FileDescriptor.in)) {
            int b;
            while ((b = in.read()) != -1 && b != '\n' && length < buffer.length) {
                buffer[length++] = (byte) b;
            }
        }
        try {
            return SecretValue.fromUtf8(buffer, 0, length);
        } finally {
            Arrays.fill(buffer, (byte) 0);
        }
    }
}
