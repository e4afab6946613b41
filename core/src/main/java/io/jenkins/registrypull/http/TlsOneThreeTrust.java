package io.jenkins.registrypull.http;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * A JDK trust manager as a native TLS implementation (Conscrypt) can ask it. Over TLS 1.3 Conscrypt names the key
 * exchange {@code GENERIC}, a name the JDK's trust manager refuses ("Unknown authType"); the JDK itself says
 * {@code UNKNOWN} for TLS 1.3, where the key exchange no longer depends on the certificate. Everything else is the
 * JDK trust manager's own decision.
 */
final class TlsOneThreeTrust extends X509ExtendedTrustManager {

    private static final String CONSCRYPT_TLS13 = "GENERIC";
    private static final String JDK_TLS13 = "UNKNOWN";

    private final X509ExtendedTrustManager jdk;

    private TlsOneThreeTrust(X509ExtendedTrustManager jdk) {
        this.jdk = jdk;
    }

    /** {@code trustManager} as a native TLS implementation needs it (itself when it is not the JDK's extended kind). */
    static X509TrustManager forNativeTls(X509TrustManager trustManager) {
        return trustManager instanceof X509ExtendedTrustManager extended ? new TlsOneThreeTrust(extended)
                : trustManager;
    }

    private static String jdkName(String authType) {
        return CONSCRYPT_TLS13.equals(authType) ? JDK_TLS13 : authType;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        jdk.checkServerTrusted(chain, jdkName(authType));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        jdk.checkServerTrusted(chain, jdkName(authType), socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        jdk.checkServerTrusted(chain, jdkName(authType), engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        jdk.checkClientTrusted(chain, jdkName(authType));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        jdk.checkClientTrusted(chain, jdkName(authType), socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        jdk.checkClientTrusted(chain, jdkName(authType), engine);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return jdk.getAcceptedIssuers();
    }
}
