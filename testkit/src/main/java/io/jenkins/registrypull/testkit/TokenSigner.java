package io.jenkins.registrypull.testkit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.tls.HeldCertificate;

/**
 * Signs registry tokens with a key whose self-signed certificate goes into the registry's
 * {@code auth.token.rootcertbundle}.
 *
 * <p>Shape required by registry 2.8: header {@code typ: JWT}, {@code alg}, {@code kid} = the
 * libtrust key id of the bundle's certificate; claims {@code iss}, {@code aud} as a plain string
 * (an array is rejected), {@code exp}, {@code nbf}, {@code iat}, {@code jti}, {@code sub} and
 * {@code access: [{type, name, actions}]}.
 */
final class TokenSigner {

    private final SigningAlgorithm algorithm;
    private final HeldCertificate key;
    private final String keyId;

    TokenSigner(SigningAlgorithm algorithm) {
        this.algorithm = algorithm;
        HeldCertificate.Builder builder = new HeldCertificate.Builder()
                .commonName("registry-pull testkit token signer")
                .duration(1, TimeUnit.DAYS);
        this.key = (algorithm == SigningAlgorithm.ES256 ? builder.ecdsa256() : builder.rsa2048()).build();
        this.keyId = LibtrustKeyId.of(key.keyPair().getPublic());
    }

    String keyId() {
        return keyId;
    }

    String certificatePem() {
        return key.certificatePem();
    }

    HeldCertificate heldCertificate() {
        return key;
    }

    /** Signs a token; {@code expiresAt} is written as is, callers apply any leeway compensation. */
    String sign(String issuer, String audience, String subject, List<Scope> access, Instant issuedAt,
            Instant expiresAt) {
        JWSHeader header = new JWSHeader.Builder(algorithm == SigningAlgorithm.ES256 ? JWSAlgorithm.ES256
                : JWSAlgorithm.RS256)
                .type(JOSEObjectType.JWT)
                .keyID(keyId)
                .build();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(subject == null ? "" : subject)
                .issueTime(Date.from(issuedAt))
                .notBeforeTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .jwtID(RandomStrings.alphanumeric(20))
                .claim("access", accessClaim(access))
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token with " + algorithm, e);
        }
        return jwt.serialize();
    }

    private JWSSigner signer() throws JOSEException {
        return algorithm == SigningAlgorithm.ES256
                ? new ECDSASigner((ECPrivateKey) key.keyPair().getPrivate())
                : new RSASSASigner(key.keyPair().getPrivate());
    }

    private static List<Map<String, Object>> accessClaim(List<Scope> access) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Scope scope : access) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", scope.type());
            entry.put("name", scope.name());
            entry.put("actions", new ArrayList<>(scope.actions()));
            entries.add(entry);
        }
        return entries;
    }
}
