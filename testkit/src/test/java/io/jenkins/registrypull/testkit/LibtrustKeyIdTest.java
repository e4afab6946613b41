package io.jenkins.registrypull.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;

/** Known vectors: public keys printed next to the kid libtrust computed for them. */
class LibtrustKeyIdTest {

    @Test
    void testEcKey_matchesTheDistributionSchema1Example() throws Exception {
        // distribution/distribution docs/spec/manifest-v2-1.md: the JWK of the example signed manifest
        ECKey key = ECKey.parse("{\"crv\":\"P-256\",\"kty\":\"EC\","
                + "\"x\":\"3gAwX48IQ5oaYQAYSxor6rYYc_6yjuLCjtQ9LUakg4A\","
                + "\"y\":\"t72ge6kIA1XOjqjVoEOiPPAURltJFBMGDSQvEGVB010\"}");

        assertThat(LibtrustKeyId.of(key.toECPublicKey()))
                .isEqualTo("OD6I:6DRK:JXEJ:KBM4:255X:NSAA:MUSF:E4VM:ZI6W:CUN2:L4Z6:LSF4");
    }

    @Test
    void testEcKey_matchesTheLibtrustPortVector() throws Exception {
        // realityone/libtrust-py tests: ec-public.pem and its expected key id
        ECKey key = ECKey.parse("{\"crv\":\"P-256\",\"kty\":\"EC\","
                + "\"x\":\"4pBqYlc5IU5pJh5AOvijtEccStyJu0dSAiz4OlDGGFk\","
                + "\"y\":\"OT70pUofsKlHEsqdWUUj-ZF-z5bqH-9oOTJ4mqBayyo\"}");

        assertThat(LibtrustKeyId.of(key.toECPublicKey()))
                .isEqualTo("UEV2:PPF2:4DMU:WZYF:WOWU:677P:B7XU:SGFA:BMUG:NCTC:R7CL:XFKZ");
    }

    @Test
    void testRsaKey_matchesTheLibtrustPortVector() throws Exception {
        // realityone/libtrust-py tests: public.pem (4096-bit RSA) and its expected key id
        RSAKey key = RSAKey.parse("{\"kty\":\"RSA\",\"e\":\"AQAB\",\"n\":\""
                + "wq1mCmgn460MC6MnCqranQNTgmKuKPl7bNH7Qc6hBDGHlnIjU6q_h2KXF37TC5Y9tsKvQ4b8jd0Sf0dXFHml8qunSvNnqsSvoD8t"
                + "SPUKqXS6jrlbGSQXhya7BL1RPGccD5K1xrV73QlI6uFPd3APRQYij5EOB8IOWEQujJk_8Mjc0EC9zvk5TUJb59hkOUPZ3CkvSBNL"
                + "NS8wpQI98FRnIzHjuaNicqve8054oxmDKifHWy0nnF135cXW8zkH3Zto1q89zD2g-zcVxLcRP84Uhe0nSQyg7vEYl4Wl74Eo6_89"
                + "qL2yE0mEiQN245ACA5B8WFV_t3j_OD3ydOCaAOg28vQtzcZ1gh2Ev4RxeR7bKq58g-R0-MMwl7nnW29mbCkcgdVVR4YPmglP7Vb6"
                + "w7_NbqFhnxx4E3A05AeevHdMdYCrtgQwogvIhdOHLcVQxJgwy1d2Lg_mv9rovhCJ7d3XaNEYym6CplCHPMtfnU1LCVkA6b44pFaO"
                + "VjsAQ8FviFtGXQAToRtwoszSarzslHKYdPoSGFOsgNJgW67iViOYqGPD97rgJA0VPm0POMNHGw_R6o-08KhDF_OI1EDckmjXhUgg"
                + "Y_WCqWDxD77Ezd_wr9Zlbv_uSIEL9ifvBLq06lLcXMLrQbJrwMbDrngMZMAcUkTzThmtxNs4uwu45R-zfKc\"}");

        assertThat(LibtrustKeyId.of(key.toRSAPublicKey()))
                .isEqualTo("IIYO:OWAZ:MBMG:2SIK:IK2I:OP5Z:H6QR:KN6Y:QUGO:BUWN:TYW3:JXVW");
    }
}
