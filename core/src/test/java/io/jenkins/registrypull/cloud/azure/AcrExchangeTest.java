package io.jenkins.registrypull.cloud.azure;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** When an ACR refresh token expires: the {@code exp} of the JWT ACR issues, else ACR's documented three hours. */
class AcrExchangeTest {

    private static String jwt(String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    @Test
    void testExpiry_fromTheJwtExpClaim() {
        assertThat(AcrExchange.expiry(jwt("{\"jti\":\"x\",\"exp\":1893456000,\"grant_type\":\"refresh_token\"}")))
                .isEqualTo(Instant.ofEpochSecond(1893456000L));
    }

    @Test
    void testExpiry_opaqueOrUnreadableToken_threeHoursFromNow() {
        for (String token : new String[] {"opaque-refresh-token", jwt("{\"exp\":\"soon\"}"), "a.%%%.c", jwt("[]")}) {
            Instant expiry = AcrExchange.expiry(token);
            assertThat(expiry).as(token).isBetween(Instant.now().plus(Duration.ofHours(3)).minusSeconds(60),
                    Instant.now().plus(Duration.ofHours(3)));
        }
    }
}
