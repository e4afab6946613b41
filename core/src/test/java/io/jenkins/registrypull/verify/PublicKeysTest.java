package io.jenkins.registrypull.verify;

import io.jenkins.registrypull.error.InvalidInputException;
import io.jenkins.registrypull.testkit.CosignSigner;
import io.jenkins.registrypull.testkit.CosignSigner.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PEM public keys of every type cosign signs with; every other input fails naming the field, never echoing it. */
class PublicKeysTest {

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type
                + "-----\n";
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void testParse_everyCosignKeyType(KeyType type) throws Exception {
        CosignSigner signer = CosignSigner.generate(type);
        VerificationKey key = PublicKeys.parse(signer.publicKeyPem(), "verifyKey");
        assertThat(key.description()).isEqualTo(switch (type) {
            case ECDSA_P256 -> "ECDSA P-256";
            case ECDSA_P384 -> "ECDSA P-384";
            case RSA_2048 -> "RSA 2048";
            case RSA_3072 -> "RSA 3072";
            case ED25519 -> "Ed25519";
        });
        assertThat(key.fingerprint()).matches("SHA256:[0-9a-f]{64}");
        assertThat(key.cosignHint()).isEqualTo(signer.bundleKeyHint());
    }

    @Test
    void testParse_p521AndSurroundingText() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp521r1"));
        String text = "# the release key\n" + pem("PUBLIC KEY", generator.generateKeyPair().getPublic().getEncoded())
                + "\n";
        assertThat(PublicKeys.parse(text, "verifyKey").description()).isEqualTo("ECDSA P-521");
    }

    @Test
    void testParse_rejectsWithoutEchoing() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        var small = rsa.generateKeyPair();
        String privateKey = pem("PRIVATE KEY", small.getPrivate().getEncoded());
        String encryptedCosignKey = pem("ENCRYPTED SIGSTORE PRIVATE KEY", new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        KeyPairGenerator k1 = KeyPairGenerator.getInstance("EC");
        var ed448 = KeyPairGenerator.getInstance("Ed448").generateKeyPair();
        String[][] cases = {
                {null, "a PEM public key is required"},
                {"  ", "a PEM public key is required"},
                {"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB", "not a PEM public key"},
                {privateKey, "PRIVATE key"},
                {encryptedCosignKey, "PRIVATE key"},
                {"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", "certificate"},
                {pem("RSA PUBLIC KEY", new byte[] {1}), "PKCS#1"},
                {"-----BEGIN PUBLIC KEY-----\n%%%\n-----END PUBLIC KEY-----\n", "not valid base64"},
                {pem("PUBLIC KEY", new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}), "not a public key of a supported type"},
                {pem("PUBLIC KEY", small.getPublic().getEncoded()), "1024 bits"},
                {pem("PUBLIC KEY", ed448.getPublic().getEncoded()), "not a public key of a supported type"},
                {pem("PUBLIC KEY", small.getPublic().getEncoded()) + pem("PUBLIC KEY", small.getPublic().getEncoded()),
                        "more than one"},
                {"x".repeat(PublicKeys.MAX_PEM_CHARS + 1), "characters long"},
        };
        assertThat(k1).isNotNull();
        for (String[] c : cases) {
            assertThatThrownBy(() -> PublicKeys.parse(c[0], "verifyKey"))
                    .as(String.valueOf(c[0]))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                        assertThat(e.field()).isEqualTo("verifyKey");
                        assertThat(e.getMessage()).startsWith("verifyKey: ").contains(c[1]);
                        if (c[0] != null && c[0].contains("-----BEGIN")) {
                            String body = c[0].substring(c[0].indexOf('\n') + 1, c[0].lastIndexOf("-----END"))
                                    .trim().split("\n")[0];
                            if (body.length() > 3) {
                                assertThat(e.getMessage()).doesNotContain(body);
                            }
                        }
                    });
        }
    }

    @Test
    void testParse_secp256k1IsRefused() throws Exception {
        // the SPKI of a secp256k1 key (OID 1.3.132.0.10): cosign does not sign with it, nor does the JDK read it
        String der = "3056301006072a8648ce3d020106052b8104000a034200"
                + "04" + "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
                + "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8";
        byte[] bytes = java.util.HexFormat.of().parseHex(der);
        assertThatThrownBy(() -> PublicKeys.parse(pem("PUBLIC KEY", bytes), "verifyKey"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("verifyKey");
    }
}
