// Stand-in for com.cloudbees.plugins.credentials.common.CertificateCredentials from org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe.
package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.security.KeyStore;

/** Credentials that have a keystore (a private key and its certificate chain) and the password of the keystore. */
public interface CertificateCredentials extends Credentials, PasswordCredentials {
    /** The keystore holding the certificate; {@link #getPassword()} unlocks its key. */
    @NonNull
    KeyStore getKeyStore();
}
