package io.jenkins.registrypull.crypto;

import java.security.Provider;
import java.security.Security;
import java.util.Arrays;

/** Run by CryptoChoiceTest in a JVM with other JIT flags: prints the engine's choice and the installed providers. */
public final class CryptoChoiceChild {

    private CryptoChoiceChild() {
    }

    public static void main(String[] args) throws Exception {
        CryptoChoice choice = CryptoChoice.nativeWhereAvailable();
        choice.messageDigest("SHA-256").digest(new byte[1]);
        String installed = Arrays.toString(Arrays.stream(Security.getProviders()).map(Provider::getName)
                .filter(name -> name.contains("Corretto") || name.contains("Conscrypt")).toArray());
        System.out.println(choice + "; installed: " + installed);
    }
}
