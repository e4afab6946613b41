package io.jenkins.registrypull.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.registrypull.error.UnauthorizedException;
import io.jenkins.registrypull.testing.FakeMinter;
import io.jenkins.registrypull.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** {@link Credential.Renewing} with a fake minter and a clock the test moves. */
class RenewingCredentialTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(START);

    private FakeMinter twelveHours() {
        return new FakeMinter(clock, Duration.ofHours(12), "AWS", n -> "minted-secret-" + n);
    }

    private static String password(Credential c) {
        return ((Credential.UsernamePassword) c).password().reveal();
    }

    @Test
    void testCurrent_mintsOnFirstUse_thenCaches() throws Exception {
        FakeMinter minter = twelveHours();
        Credential.Renewing renewing = Credential.renewing(minter, clock);
        assertThat(minter.mints()).as("nothing is minted before use").isZero();

        Credential first = renewing.current();
        clock.advance(Duration.ofHours(10));

        assertThat(renewing.current()).isSameAs(first);
        assertThat(password(first)).isEqualTo("minted-secret-1");
        assertThat(minter.mints()).isEqualTo(1);
        assertThat(renewing.expiresAt()).isEqualTo(START.plus(Duration.ofHours(12)));
    }

    @Test
    void testCurrent_renewsBeforeExpiry_atTenPercentOfTheLifetime() throws Exception {
        FakeMinter minter = twelveHours();
        Credential.Renewing renewing = Credential.renewing(minter, clock);
        Credential first = renewing.current();

        clock.advance(Duration.ofHours(12).minus(Duration.ofMinutes(73))); // 10 % of 12 h is 72 min
        assertThat(renewing.current()).isSameAs(first);
        clock.advance(Duration.ofMinutes(2));
        Credential second = renewing.current();

        assertThat(second).isNotSameAs(first);
        assertThat(password(second)).isEqualTo("minted-secret-2");
        assertThat(first.isWiped()).as("kept until the next renewal, for requests that took it").isFalse();
        clock.advance(Duration.ofHours(12));
        renewing.current();
        assertThat(first.isWiped()).isTrue();
        assertThat(minter.mints()).isEqualTo(3);
    }

    @Test
    void testMargin_atLeastFiveMinutes_atMostHalfTheLifetime() {
        assertThat(Credential.Renewing.margin(START, START.plus(Duration.ofHours(12)))).isEqualTo(Duration.ofMinutes(72));
        assertThat(Credential.Renewing.margin(START, START.plus(Duration.ofHours(1)))).isEqualTo(Duration.ofMinutes(6));
        assertThat(Credential.Renewing.margin(START, START.plus(Duration.ofMinutes(30)))).isEqualTo(Duration.ofMinutes(5));
        assertThat(Credential.Renewing.margin(START, START.plus(Duration.ofMinutes(4)))).isEqualTo(Duration.ofMinutes(2));
        assertThat(Credential.Renewing.margin(START, START.minusSeconds(1))).isEqualTo(Duration.ZERO);
    }

    @Test
    void testCurrent_alreadyExpiredWhenMinted_mintsAgainEachUse() throws Exception {
        FakeMinter minter = new FakeMinter(clock, Duration.ZERO, "AWS", n -> "minted-secret-" + n);
        Credential.Renewing renewing = Credential.renewing(minter, clock);
        renewing.current();
        renewing.current();
        assertThat(minter.mints()).isEqualTo(2);
    }

    @Test
    void testCurrent_concurrentCallers_mintOnce() throws Exception {
        FakeMinter minter = twelveHours().gated();
        Credential.Renewing renewing = Credential.renewing(minter, clock);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Credential>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                results.add(pool.submit(renewing::current));
            }
            minter.open();
            Credential first = results.get(0).get();
            for (Future<Credential> f : results) {
                assertThat(f.get()).isSameAs(first);
            }
            assertThat(minter.mints()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void testRenewAfterRejection_renewsOnce_evenWhenSeveralCallersReportTheSameCredential() throws Exception {
        FakeMinter minter = twelveHours();
        Credential.Renewing renewing = Credential.renewing(minter, clock);
        Credential rejected = renewing.current();

        assertThat(renewing.renewAfterRejection(rejected)).isTrue();
        assertThat(renewing.renewAfterRejection(rejected)).as("a second report of the same one: already renewed")
                .isTrue();

        assertThat(minter.mints()).isEqualTo(2);
        assertThat(password(renewing.current())).isEqualTo("minted-secret-2");
    }

    @Test
    void testRenewAfterRejection_plainCredential_cannotHelp() throws Exception {
        Credential plain = Credential.usernamePassword("bob", SecretValue.ofString("pw"));
        assertThat(plain.current()).isSameAs(plain);
        assertThat(plain.renewAfterRejection(plain)).isFalse();
    }

    @Test
    void testMintFails_errorPassedOn_nextUseTriesAgain() throws Exception {
        FakeMinter minter = twelveHours();
        minter.refuse();
        Credential.Renewing renewing = Credential.renewing(minter, clock);

        assertThatThrownBy(renewing::current).isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("refused the identity");
        assertThat(renewing.isWiped()).isFalse();
    }

    @Test
    void testClose_wipesMintedAndRetired_closesMinter_refusesUse() throws Exception {
        FakeMinter minter = twelveHours();
        Credential.Renewing renewing = Credential.renewing(minter, clock);
        renewing.current();
        renewing.renewAfterRejection(renewing.current());

        renewing.close();

        assertThat(minter.minted()).hasSize(2).allSatisfy(c -> assertThat(c.isWiped()).isTrue());
        assertThat(minter.isClosed()).isTrue();
        assertThat(renewing.isWiped()).isTrue();
        assertThat(renewing.renewAfterRejection(minter.minted().get(1))).isFalse();
        assertThatThrownBy(renewing::current).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("wiped");
    }

    @Test
    void testDescribeAndToString_holdNoSecret() throws Exception {
        FakeMinter minter = twelveHours();
        Credential.Renewing renewing = Credential.renewing(minter, clock);
        renewing.current();

        assertThat(renewing.describe()).isEqualTo("fake token for AWS").doesNotContain("minted-secret");
        assertThat(renewing.toString()).doesNotContain("minted-secret");
        assertThat(renewing.current().toString()).doesNotContain("minted-secret");
    }

    @Test
    void testMintedCredential_refusesAnonymousAndNesting() {
        assertThatThrownBy(() -> new MintedCredential(Credential.anonymous(), START))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MintedCredential(Credential.renewing(twelveHours(), clock), START))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
