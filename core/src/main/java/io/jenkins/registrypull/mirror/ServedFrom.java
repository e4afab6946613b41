package io.jenkins.registrypull.mirror;

import java.util.List;
import java.util.Map;

/**
 * Which endpoint served what in a pull: the manifest, and each blob (by digest). Nothing in it is secret.
 *
 * @param manifest           {@code scheme://host[:port]/repository} that served the manifest
 * @param manifestFromMirror whether that was a mirror (not the registry itself)
 * @param blobs              per blob digest, the endpoint that served it, or {@link #STORE} when a verified copy
 *                           was already in the store
 * @param skipped            one line per source that was tried and passed over, with the reason
 */
public record ServedFrom(String manifest, boolean manifestFromMirror, Map<String, String> blobs,
                         List<String> skipped) {

    public static final String STORE = "store";

    public ServedFrom {
        blobs = Map.copyOf(blobs);
        skipped = List.copyOf(skipped);
    }
}
