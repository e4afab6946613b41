package io.jenkins.registrypull.credential;

import io.jenkins.registrypull.error.RegistryException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the engine may present to one registry. Every variant that holds a secret holds it as a
 * {@link SecretValue}, so a record's generated {@code toString()} shows {@code ****}.
 */
public sealed interface Credential extends AutoCloseable
        permits Credential.Anonymous, Credential.UsernamePassword, Credential.IdentityToken, Credential.Renewing {

    /** The username docker's config uses to mark an identity (OAuth2 refresh) token. */
    String IDENTITY_TOKEN_USERNAME = "<token>";

    static Credential anonymous() {
        return Anonymous.INSTANCE;
    }

    /**
     * Username and password (or access token used as a password): sent as Basic auth to
     * registries that ask for it, or exchanged for a bearer token at the registry's token realm.
     * A username of {@value #IDENTITY_TOKEN_USERNAME} means the password is an identity token.
     */
    static Credential usernamePassword(String username, SecretValue password) {
        if (IDENTITY_TOKEN_USERNAME.equals(username)) {
            return new IdentityToken(password);
        }
        return new UsernamePassword(username, password);
    }

    /** An OAuth2 refresh token, exchanged with {@code grant_type=refresh_token}. */
    static Credential identityToken(SecretValue refreshToken) {
        return new IdentityToken(refreshToken);
    }

    /**
     * A credential that {@code minter} makes and renews before it expires: {@link #current()} gives the minted
     * credential. The returned credential owns the minter and closes it.
     */
    static Renewing renewing(CredentialMinter minter, Clock clock) {
        return new Renewing(minter, clock);
    }

    /**
     * What to present now. A plain credential is itself; {@link Renewing} gives its minted credential, minting or
     * renewing it first when it is missing or near expiry. Every place that sends a credential resolves it here,
     * just before use, and does not keep the result beyond that use.
     */
    default Credential current() throws RegistryException {
        return this;
    }

    /**
     * Called when the registry refused {@code rejected}, a credential {@link #current()} gave. Renews it once, if
     * renewing can help, and says whether a retry with {@link #current()} makes sense. Plain credentials cannot be
     * renewed: false.
     */
    default boolean renewAfterRejection(Credential rejected) throws RegistryException {
        return false;
    }

    /** Wipes the secret this credential holds. */
    @Override
    void close();

    /** True when the secret of this credential was wiped and it can no longer be used. */
    boolean isWiped();

    /** Short, secret-free description for logs and messages, e.g. {@code user 'ci-bot'}. */
    String describe();

    record Anonymous() implements Credential {
        static final Anonymous INSTANCE = new Anonymous();

        @Override
        public void close() {
        }

        @Override
        public boolean isWiped() {
            return false;
        }

        @Override
        public String describe() {
            return "anonymous access";
        }
    }

    record UsernamePassword(String username, SecretValue password) implements Credential {
        public UsernamePassword {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public void close() {
            password.close();
        }

        @Override
        public boolean isWiped() {
            return password.isWiped();
        }

        @Override
        public String describe() {
            return "user '" + username + "'";
        }

        // Identity semantics: two credentials are the same only if they hold the same secret object.
        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    record IdentityToken(SecretValue refreshToken) implements Credential {
        public IdentityToken {
            Objects.requireNonNull(refreshToken, "refreshToken");
        }

        @Override
        public void close() {
            refreshToken.close();
        }

        @Override
        public boolean isWiped() {
            return refreshToken.isWiped();
        }

        @Override
        public String describe() {
            return "an identity token";
        }

        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /**
     * A minted credential, renewed at {@code expiresAt} minus max(5 min, 10 % of its lifetime) (at most half the
     * lifetime, so a short-lived credential is not minted on every use). Thread-safe: concurrent callers near
     * expiry share one mint. The credential a renewal replaces is wiped at the following renewal, not at once, so
     * that a request that took it just before can still send it; {@link #close()} wipes everything.
     */
    final class Renewing implements Credential {
        static final Duration MIN_MARGIN = Duration.ofMinutes(5);

        private final CredentialMinter minter;
        private final Clock clock;
        private MintedCredential minted;
        private Instant renewAt;
        private Credential retired;
        private boolean closed;

        private Renewing(CredentialMinter minter, Clock clock) {
            this.minter = Objects.requireNonNull(minter, "minter");
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        @Override
        public synchronized Credential current() throws RegistryException {
            if (closed) {
                throw new IllegalStateException("the credential was already wiped after use");
            }
            if (minted == null || !clock.instant().isBefore(renewAt)) {
                renew();
            }
            return minted.credential();
        }

        @Override
        public synchronized boolean renewAfterRejection(Credential rejected) throws RegistryException {
            if (closed) {
                return false;
            }
            if (minted == null || minted.credential() != rejected) {
                return true; // another caller renewed it meanwhile: retry with that one
            }
            renew();
            return true;
        }

        /** When the current minted credential expires, or null before the first mint. */
        public synchronized Instant expiresAt() {
            return minted == null ? null : minted.expiresAt();
        }

        private void renew() throws RegistryException {
            Instant now = clock.instant();
            MintedCredential fresh = minter.mint();
            if (retired != null) {
                retired.close();
            }
            retired = minted == null ? null : minted.credential();
            minted = fresh;
            renewAt = fresh.expiresAt().minus(margin(now, fresh.expiresAt()));
        }

        static Duration margin(Instant mintedAt, Instant expiresAt) {
            Duration lifetime = Duration.between(mintedAt, expiresAt);
            if (lifetime.isNegative() || lifetime.isZero()) {
                return Duration.ZERO;
            }
            Duration margin = lifetime.dividedBy(10);
            if (margin.compareTo(MIN_MARGIN) < 0) {
                margin = MIN_MARGIN;
            }
            Duration half = lifetime.dividedBy(2);
            return margin.compareTo(half) > 0 ? half : margin;
        }

        @Override
        public synchronized void close() {
            closed = true;
            if (minted != null) {
                minted.credential().close();
                minted = null;
            }
            if (retired != null) {
                retired.close();
                retired = null;
            }
            minter.close();
        }

        @Override
        public synchronized boolean isWiped() {
            return closed;
        }

        @Override
        public String describe() {
            return minter.describe();
        }

        @Override
        public String toString() {
            return "Renewing[" + minter.describe() + "]";
        }
    }
}
