package io.jenkins.registrypull.cloud;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which cloud a registry host belongs to, by the cloud's own host patterns only: {@code --auth auto} mints a cloud
 * credential for these hosts and for no other.
 */
public final class CloudRegistries {

    /** The clouds whose registry credentials the engine can mint. */
    public enum Cloud { AWS_ECR, GOOGLE, AZURE }

    static final Pattern ECR_PRIVATE = Pattern.compile(
            "[0-9]{12}\\.dkr\\.ecr(-fips)?\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?");
    static final String ECR_PUBLIC = "public.ecr.aws";
    static final Pattern GOOGLE = Pattern.compile("([a-z0-9-]+-docker\\.pkg\\.dev|gcr\\.io|[a-z]+\\.gcr\\.io)");
    static final Pattern AZURE = Pattern.compile("[a-z0-9]+\\.azurecr\\.(io|cn|us)");

    private CloudRegistries() {
    }

    /** The cloud of {@code host} ({@code host[:port]}), or null for any other registry. */
    public static Cloud cloudOf(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon > 0 && h.indexOf(':') == colon) {
            h = h.substring(0, colon);
        }
        if (ECR_PRIVATE.matcher(h).matches() || h.equals(ECR_PUBLIC)) {
            return Cloud.AWS_ECR;
        }
        if (GOOGLE.matcher(h).matches()) {
            return Cloud.GOOGLE;
        }
        if (AZURE.matcher(h).matches()) {
            return Cloud.AZURE;
        }
        return null;
    }
}
