package io.jenkins.plugins.registrypull.credentials;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How a registry expects a bare token (a Jenkins "Secret text" credential) to be presented. Registries disagree:
 * some take the token as the password of a fixed username, some as an OAuth2 refresh token, and Docker Hub needs
 * the account's real username with its access tokens, which a secret text does not carry.
 *
 * <p>The table below is explicit and small; anything not in it gets the {@link Use#IDENTITY_TOKEN default}: the token
 * is an OAuth2 refresh token ("identity token", what {@code docker login} stores for username {@code <token>}),
 * exchanged at the registry's token realm with {@code grant_type=refresh_token}. It is documented in
 * {@code docs/credentials.md}; keep both in step.
 *
 * <table>
 * <caption>Known registries</caption>
 * <tr><th>registry host</th><th>the secret text is</th><th>username sent</th></tr>
 * <tr><td>{@code docker.io} (Docker Hub)</td><td>not usable: Docker Hub personal access tokens need the account's
 *     username</td><td>-</td></tr>
 * <tr><td>{@code ghcr.io}</td><td>a GitHub token (PAT, {@code GITHUB_TOKEN}), used as the password</td>
 *     <td>{@code token} (GHCR checks only the token)</td></tr>
 * <tr><td>{@code gcr.io}, {@code *.gcr.io}, {@code *-docker.pkg.dev}</td><td>an OAuth2 access token
 *     ({@code gcloud auth print-access-token}) or a service-account JSON key, used as the password</td>
 *     <td>{@code oauth2accesstoken}, or {@code _json_key} when the secret is a JSON key</td></tr>
 * <tr><td>{@code *.dkr.ecr.*.amazonaws.com(.cn)}, {@code public.ecr.aws}</td><td>the output of
 *     {@code aws ecr get-login-password}, used as the password</td><td>{@code AWS}</td></tr>
 * <tr><td>{@code *.azurecr.io}, {@code *.azurecr.cn}, {@code *.azurecr.us}</td><td>an ACR refresh token
 *     ({@code az acr login --expose-token}), exchanged as an OAuth2 refresh token</td><td>-</td></tr>
 * <tr><td>anything else</td><td>an OAuth2 refresh token (identity token)</td><td>-</td></tr>
 * </table>
 */
public final class TokenRegistries {
    /** How the token is presented. */
    public enum Use {
        /** As the password of {@link Rule#username}. */
        PASSWORD,
        /** As an OAuth2 refresh token (identity token). */
        IDENTITY_TOKEN,
        /** Not at all: the registry needs a username that a secret text does not hold. */
        UNSUPPORTED
    }

    /** One row of the table. */
    public static final class Rule {
        private final String name;
        private final Pattern hosts;
        private final Use use;
        @CheckForNull
        private final String username;
        @CheckForNull
        private final Cloud cloud;

        Rule(String name, String hostRegex, Use use, @CheckForNull String username, @CheckForNull Cloud cloud) {
            this.name = name;
            this.hosts = Pattern.compile(hostRegex);
            this.use = use;
            this.username = username;
            this.cloud = cloud;
        }

        /** The cloud whose own registry this is (its credentials can mint a login for it), else null. */
        @CheckForNull
        public Cloud cloud() {
            return cloud;
        }

        /** The registry's name for messages, e.g. {@code GitHub Container Registry}. */
        @NonNull
        public String name() {
            return name;
        }

        @NonNull
        public Use use() {
            return use;
        }

        /**
         * The username to send with the token as a password; depends on the token only for Google (a JSON key
         * instead of an access token).
         */
        @NonNull
        public String usernameFor(@NonNull String token) {
            if (username == null) {
                throw new IllegalStateException(name + " does not take a token as a password");
            }
            if (GOOGLE_ACCESS_TOKEN_USERNAME.equals(username) && token.stripLeading().startsWith("{")) {
                return GOOGLE_JSON_KEY_USERNAME;
            }
            return username;
        }

        boolean matches(String host) {
            return hosts.matcher(host).matches();
        }
    }

    static final String GOOGLE_ACCESS_TOKEN_USERNAME = "oauth2accesstoken";
    static final String GOOGLE_JSON_KEY_USERNAME = "_json_key";

    private static final List<Rule> RULES = List.of(
            new Rule("Docker Hub", "(docker\\.io|index\\.docker\\.io|registry-1\\.docker\\.io|registry\\.hub\\.docker\\.com)",
                    Use.UNSUPPORTED, null, null),
            new Rule("GitHub Container Registry", "ghcr\\.io", Use.PASSWORD, "token", null),
            new Rule("Google Artifact Registry / Container Registry", "(gcr\\.io|[a-z0-9.-]+\\.gcr\\.io|[a-z0-9-]+-docker\\.pkg\\.dev)",
                    Use.PASSWORD, GOOGLE_ACCESS_TOKEN_USERNAME, Cloud.GOOGLE),
            new Rule("Amazon ECR", "([0-9]{12}\\.dkr\\.ecr(-fips)?\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?|public\\.ecr\\.aws)",
                    Use.PASSWORD, "AWS", Cloud.AWS),
            new Rule("Azure Container Registry", "[a-z0-9-]+\\.azurecr\\.(io|cn|us)", Use.IDENTITY_TOKEN, null, Cloud.AZURE));

    private static final Rule DEFAULT = new Rule("this registry", ".*", Use.IDENTITY_TOKEN, null, null);

    private TokenRegistries() {
    }

    /**
     * The rule for a registry host as written in the image reference ({@code docker.io} for Docker Hub images,
     * {@code host:port} with a port); the port is ignored.
     */
    @NonNull
    public static Rule forRegistry(@NonNull String registry) {
        String host = registry.toLowerCase(Locale.ROOT);
        int colon = host.lastIndexOf(':');
        if (colon > 0 && !host.endsWith("]")) {
            host = host.substring(0, colon);
        }
        for (Rule rule : RULES) {
            if (rule.matches(host)) {
                return rule;
            }
        }
        return DEFAULT;
    }
}
