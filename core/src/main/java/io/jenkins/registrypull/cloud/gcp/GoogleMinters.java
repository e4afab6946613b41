package io.jenkins.registrypull.cloud.gcp;

import io.jenkins.registrypull.credential.CredentialMinter;
import io.jenkins.registrypull.error.InvalidInputException;

import java.util.Locale;
import java.util.Map;

/** Builds the minter of Google Artifact Registry / Container Registry passwords for one identity. */
public final class GoogleMinters {

    /** The user name Google's registries take with an OAuth2 access token as the password. */
    public static final String USERNAME = "oauth2accesstoken";
    /** The scope the access token is asked for; Artifact Registry checks the IAM role, not a narrower scope. */
    public static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";

    private GoogleMinters() {
    }

    /** True for Google's own registry hosts: {@code *-docker.pkg.dev}, {@code gcr.io}, {@code *.gcr.io}. */
    public static boolean isGoogleRegistry(String host) {
        String name = hostName(host);
        return name.endsWith("-docker.pkg.dev") || name.equals("gcr.io") || name.endsWith(".gcr.io");
    }

    /**
     * The minter for {@code identity}. A key file is checked here, before any network call.
     *
     * @param env the agent's environment ({@code GCE_METADATA_HOST}); a map so tests need not change the process's
     */
    public static CredentialMinter forIdentity(GoogleIdentity identity, Map<String, String> env)
            throws InvalidInputException {
        if (identity instanceof GoogleIdentity.ServiceAccountKey key) {
            return new ServiceAccountKeyMinter(ServiceAccountKeyFile.parse(key.keyJson()), key.keyJson());
        }
        return new MetadataServerMinter(MetadataServer.fromEnvironment(env));
    }

    static String hostName(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        int colon = lower.lastIndexOf(':');
        return colon > 0 && !lower.endsWith("]") ? lower.substring(0, colon) : lower;
    }
}
