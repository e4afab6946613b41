package io.jenkins.plugins.registrypull.credentials;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;

/** A cloud whose registry credentials the plugin mints itself, from a Jenkins credential or the agent's identity. */
public enum Cloud {
    AWS("Amazon ECR"),
    GOOGLE("Google Artifact Registry"),
    AZURE("Azure Container Registry");

    private final String registryName;

    Cloud(String registryName) {
        this.registryName = registryName;
    }

    /** The registry's name for messages, e.g. {@code Amazon ECR}. */
    @NonNull
    public String registryName() {
        return registryName;
    }

    /** The cloud whose own registry {@code registry} ({@code host[:port]}) is, by host name only; else null. */
    @CheckForNull
    public static Cloud ofRegistry(@NonNull String registry) {
        return TokenRegistries.forRegistry(registry).cloud();
    }
}
