package io.jenkins.registrypull.bench;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import io.jenkins.registrypull.json.JsonTrees;
import io.jenkins.registrypull.api.PullEngine;
import io.jenkins.registrypull.crypto.CryptoChoice;
import io.jenkins.registrypull.pull.PullListener;
import io.jenkins.registrypull.pull.PullOptions;
import io.jenkins.registrypull.sink.OciLayoutSink;
import org.conscrypt.Conscrypt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Provider;

/**
 * The first pull of a fresh agent JVM: started by the harness with no JVM flags at all (as an agent's JVM has none
 * of ours), it pulls one image into an OCI layout through a new {@link PullEngine} and exits. Arguments:
 * {@code CA_PEM STORE_DIR OUT REF CRYPTO}, CRYPTO one of {@code auto} (what the engine picks by itself: native TLS,
 * and native SHA-256 only without C2), {@code jdk}, {@code sha} (native SHA-256 only), {@code both} (native SHA-256
 * and TLS): the A/B of each native piece.
 */
public final class ColdPull {

    private ColdPull() {
    }

    public static void main(String[] args) throws Exception {
        CryptoChoice crypto = switch (args[4]) {
            case "auto" -> CryptoChoice.nativeWhereAvailable();
            case "jdk" -> CryptoChoice.jdk();
            case "sha" -> CryptoChoice.choose(() -> AmazonCorrettoCryptoProvider.INSTANCE, ColdPull::none);
            case "both" -> CryptoChoice.choose(() -> AmazonCorrettoCryptoProvider.INSTANCE, Conscrypt::newProvider);
            default -> throw new IllegalArgumentException("unknown crypto " + args[4]);
        };
        PullOptions options = PullOptions.builder().image(args[3]).caCertificatePem(Files.readString(Path.of(args[0])))
                .storeDir(Path.of(args[1])).sink(new OciLayoutSink(Path.of(args[2]), null, new JsonTrees())).build();
        try (PullEngine engine = new PullEngine(crypto)) {
            engine.pull(options, PullListener.NONE);
        }
    }

    private static Provider none() throws GeneralSecurityException {
        throw new GeneralSecurityException("left out for this measurement");
    }
}
