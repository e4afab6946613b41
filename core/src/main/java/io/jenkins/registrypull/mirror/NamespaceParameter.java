package io.jenkins.registrypull.mirror;

import io.jenkins.registrypull.http.RegistryEndpoint;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Response;

import java.io.IOException;

/**
 * Adds {@code ns=<registry>} to every request to a mirror's own API (never to a redirect target), the query
 * parameter containerd sends to mirrors, so a pull-through cache serving several registries knows which one the
 * image belongs to (Docker Hub images: {@code ns=docker.io}). Registries that do not know it ignore it.
 */
public final class NamespaceParameter implements Interceptor {

    private final RegistryEndpoint mirror;
    private final String namespace;

    public NamespaceParameter(RegistryEndpoint mirror, String namespace) {
        this.mirror = mirror;
        this.namespace = namespace;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        HttpUrl url = chain.request().url();
        if (!mirror.isSameOrigin(url) || url.queryParameter("ns") != null) {
            return chain.proceed(chain.request());
        }
        return chain.proceed(chain.request().newBuilder()
                .url(url.newBuilder().addQueryParameter("ns", namespace).build()).build());
    }
}
