package io.jenkins.registrypull.credential;

import java.util.Objects;

/**
 * What the engine may present to one registry. Every variant that holds a secret holds it as a
 * {@link SecretValue}, so a record's generated {@code toString()} shows {@code ****}.
 */
public sealed interface Credential extends AutoCloseable
        permits Credential.Anonymous, Credential.UsernamePassword, Credential.IdentityToken {

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
}
