package io.jenkins.registrypull.http;

import okhttp3.HttpUrl;

import java.util.Objects;

/**
 * Where a registry's API is served and how to reach it.
 *
 * @param host      host[:port] of the API (registry-1.docker.io for docker.io)
 * @param plainHttp true only when the user explicitly allowed this registry as insecure: the API
 *                  is then spoken over plain HTTP and credentials may travel over it
 * @param caPem     extra CA certificates (PEM) to trust for this registry, or null
 */
public record RegistryEndpoint(String host, boolean plainHttp, String caPem) {

    public RegistryEndpoint {
        Objects.requireNonNull(host, "host");
    }

    public String scheme() {
        return plainHttp ? "http" : "https";
    }

    public HttpUrl baseUrl() {
        return HttpUrl.get(scheme() + "://" + host + "/");
    }

    /** {@code /v2/} followed by the given path segments. */
    public HttpUrl.Builder v2() {
        return baseUrl().newBuilder().addPathSegment("v2");
    }

    /** Whether {@code url} is this registry itself (same scheme, host and port), not a redirect target. */
    public boolean isSameOrigin(HttpUrl url) {
        HttpUrl base = baseUrl();
        return base.scheme().equals(url.scheme()) && base.host().equalsIgnoreCase(url.host()) && base.port() == url.port();
    }

    @Override
    public String toString() {
        return scheme() + "://" + host;
    }
}
