package io.jenkins.plugins.registrypull.credentials;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.util.Secret;
import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.credential.SecretValue;
import io.jenkins.registrypull.error.InvalidInputException;
import java.io.Serializable;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to log in to one registry, as the controller resolved it from Jenkins credentials: the serializable,
 * {@link Secret}-holding description that travels to the agent inside the pull callable (over the agent channel,
 * never via disk). On the agent, {@link #toCredential()} turns it into the engine's {@link Credential}, which the
 * caller wipes when the pull ends. {@link #toString()} never shows the secret (nor a username marked secret).
 */
public final class RegistryLogin implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What the engine is given. */
    public enum Kind {
        /** No credentials: anonymous access (or an anonymous token). */
        ANONYMOUS,
        /** Username and password (or an access token used as a password): Basic, or a token exchange. */
        USERNAME_PASSWORD,
        /** An OAuth2 refresh token ("identity token"), exchanged with {@code grant_type=refresh_token}. */
        IDENTITY_TOKEN,
        /** A cloud registry credential the agent mints and renews from a {@link CloudLogin}. */
        CLOUD
    }

    private static final RegistryLogin ANONYMOUS = new RegistryLogin(Kind.ANONYMOUS, null, false, null, null, null);

    @NonNull
    private final Kind kind;
    /** Kept as a Secret too: Jenkins lets users mark a username as secret. */
    @CheckForNull
    private final Secret username;
    private final boolean usernameSecret;
    @CheckForNull
    private final Secret secret;
    /** Secret-free description of where the login came from, e.g. {@code credentials 'reg' (secret text used as ...)}. */
    @CheckForNull
    private final String source;
    /** The identity to mint from, for {@link Kind#CLOUD}. */
    @CheckForNull
    private final CloudLogin cloud;

    private RegistryLogin(@NonNull Kind kind, @CheckForNull String username, boolean usernameSecret,
            @CheckForNull Secret secret, @CheckForNull String source, @CheckForNull CloudLogin cloud) {
        this.kind = kind;
        this.cloud = cloud;
        this.username = username == null ? null : Secret.fromString(username);
        this.usernameSecret = usernameSecret;
        this.secret = secret;
        this.source = source;
    }

    @NonNull
    public static RegistryLogin anonymous() {
        return ANONYMOUS;
    }

    @NonNull
    public static RegistryLogin usernamePassword(@NonNull String username, boolean usernameSecret, @NonNull Secret password,
            @NonNull String source) {
        if (Credential.IDENTITY_TOKEN_USERNAME.equals(username)) {
            return identityToken(password, source);
        }
        return new RegistryLogin(Kind.USERNAME_PASSWORD, username, usernameSecret, password, source, null);
    }

    @NonNull
    public static RegistryLogin identityToken(@NonNull Secret refreshToken, @NonNull String source) {
        return new RegistryLogin(Kind.IDENTITY_TOKEN, null, false, refreshToken, source, null);
    }

    /** A cloud registry login, minted (and renewed) on the agent from {@code cloud}. */
    @NonNull
    public static RegistryLogin cloud(@NonNull CloudLogin cloud) {
        return new RegistryLogin(Kind.CLOUD, null, false, null, null, Objects.requireNonNull(cloud, "cloud"));
    }

    /** The identity to mint from for {@link Kind#CLOUD}, else null. */
    @CheckForNull
    public CloudLogin cloud() {
        return cloud;
    }

    @NonNull
    public Kind kind() {
        return kind;
    }

    /** The username for {@link Kind#USERNAME_PASSWORD}, else null. */
    @CheckForNull
    public String username() {
        return username == null ? null : username.getPlainText();
    }

    public boolean isUsernameSecret() {
        return usernameSecret;
    }

    /** The password or token, else null. Never print it. */
    @CheckForNull
    public Secret secret() {
        return secret;
    }

    /**
     * The engine's credential, holding a fresh copy of the secret as a {@link SecretValue}, or for {@link Kind#CLOUD} a
     * renewing credential that mints with the engine's cloud minters; the caller must {@link Credential#close() close}
     * it (which wipes that copy, or the minted credentials and the minter's keys) when the pull ends.
     *
     * @throws InvalidInputException a cloud login that cannot be minted on this agent
     */
    @NonNull
    public Credential toCredential() throws InvalidInputException {
        return toCredential(CloudMinters.ENGINE, Clock.systemUTC());
    }

    /** {@link #toCredential()} with the given cloud minters and clock. */
    @NonNull
    public Credential toCredential(@NonNull CloudMinters minters, @NonNull Clock clock) throws InvalidInputException {
        switch (kind) {
            case USERNAME_PASSWORD:
                return Credential.usernamePassword(username(), SecretValue.ofString(Objects.requireNonNull(secret).getPlainText()));
            case IDENTITY_TOKEN:
                return Credential.identityToken(SecretValue.ofString(Objects.requireNonNull(secret).getPlainText()));
            case CLOUD:
                return Credential.renewing(minters.minterFor(Objects.requireNonNull(cloud)), clock);
            default:
                return Credential.anonymous();
        }
    }

    /**
     * The plain texts that must never reach the console: the secret, the username if it is marked secret, and a cloud
     * identity's keys.
     */
    @NonNull
    public List<String> secretTexts() {
        List<String> texts = new ArrayList<>(cloud == null ? List.of() : cloud.secretTexts());
        if (secret != null && !secret.getPlainText().isEmpty()) {
            texts.add(secret.getPlainText());
        }
        if (usernameSecret && username != null && !username.getPlainText().isEmpty()) {
            texts.add(username.getPlainText());
        }
        return texts;
    }

    /** Secret-free, for logs: {@code anonymous access}, {@code user 'ci-bot' from credentials 'reg'}... */
    @NonNull
    public String describe() {
        String from = source == null ? "" : " from " + source;
        switch (kind) {
            case USERNAME_PASSWORD:
                return (usernameSecret ? "a username and password" : "user '" + username() + "'") + from;
            case IDENTITY_TOKEN:
                return "an identity (OAuth2 refresh) token" + from;
            case CLOUD:
                return Objects.requireNonNull(cloud).describe();
            default:
                return "anonymous access";
        }
    }

    /** Replaces every secret text in {@code message} with {@code ****}. */
    @NonNull
    public String mask(@NonNull String message) {
        String masked = message;
        for (String s : secretTexts()) {
            masked = masked.replace(s, "****");
        }
        return masked;
    }

    @Override
    public String toString() {
        return "RegistryLogin[" + describe() + "]";
    }
}
