package io.jenkins.registrypull.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import org.conscrypt.Conscrypt;

import java.security.GeneralSecurityException;
import java.security.Provider;

/** The native providers the engine can use, each loaded as an instance of its own and never installed. */
final class NativeProviders {

    private NativeProviders() {
    }

    /** AWS-LC's digests: Amazon Corretto Crypto Provider, whose library loads when its class initialises. */
    static Provider awsLc() throws GeneralSecurityException {
        AmazonCorrettoCryptoProvider provider = AmazonCorrettoCryptoProvider.INSTANCE;
        Throwable error = provider.getLoadingError();
        if (error != null) {
            throw new GeneralSecurityException("Amazon Corretto Crypto Provider did not load: " + error, error);
        }
        return provider;
    }

    /** BoringSSL's TLS: Conscrypt, a new provider instance. */
    static Provider conscrypt() throws GeneralSecurityException {
        if (!Conscrypt.isAvailable()) {
            throw new GeneralSecurityException("Conscrypt's native library did not load");
        }
        return Conscrypt.newProvider();
    }
}
