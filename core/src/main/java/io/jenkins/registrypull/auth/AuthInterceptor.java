package io.jenkins.registrypull.auth;

import io.jenkins.registrypull.error.RegistryException;
import io.jenkins.registrypull.error.UnsupportedAuthenticationException;
import io.jenkins.registrypull.http.RedirectPolicy;
import io.jenkins.registrypull.http.RegistryFailure;
import io.jenkins.registrypull.http.RepositoryScope;
import io.jenkins.registrypull.http.SegmentScrubber;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;

/**
 * Adds credentials to requests for one registry. It is an application interceptor, so it sees
 * only the request the engine made, never a redirect: {@link RedirectPolicy} makes each hop a
 * fresh request without credentials, and this interceptor adds nothing to a request whose origin
 * is not the registry's, as a second guard.
 */
public final class AuthInterceptor implements Interceptor {

    private final AuthSession session;
    private final RedirectPolicy unauthenticated;

    /**
     * @param unauthenticated the pull's requests without this interceptor: the probe and token requests
     *                        the session makes go through it (the same redirect policy, the same deadline)
     */
    public AuthInterceptor(AuthSession session, RedirectPolicy unauthenticated) {
        this.session = session;
        this.unauthenticated = unauthenticated;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        if (!session.endpoint().isSameOrigin(request.url())) {
            return chain.proceed(request.newBuilder().removeHeader("Authorization").build());
        }
        RepositoryScope tag = request.tag(RepositoryScope.class);
        String repository = tag == null ? null : tag.repository();
        String authorization = authorization(repository);
        Response response = proceed(chain, request, authorization);
        if (response.code() == 401 && shouldRetry(response, repository, authorization)) {
            response.close();
            authorization = authorization(repository);
            response = proceed(chain, request, authorization);
        }
        if (response.code() == 401) {
            UnsupportedAuthenticationException unsupported = session.unsupported(response);
            if (unsupported != null && response.headers("WWW-Authenticate").size() > 0) {
                response.close();
                throw new RegistryFailure(unsupported);
            }
        }
        return response;
    }

    private static Response proceed(Chain chain, Request request, String authorization) throws IOException {
        if (authorization == null) {
            return chain.proceed(request);
        }
        try {
            return chain.proceed(request.newBuilder().header("Authorization", authorization).build());
        } finally {
            if (authorization.startsWith("Basic ")) {
                SegmentScrubber.scrubThisThread(); // the password, base64-encoded, went through Okio's segments
            }
        }
    }

    private boolean shouldRetry(Response unauthorized, String repository, String sent) throws RegistryFailure {
        try {
            return session.shouldRetry(unauthorized, repository, sent);
        } catch (RegistryException e) {
            unauthorized.close();
            throw new RegistryFailure(e);
        }
    }

    private String authorization(String repository) throws RegistryFailure {
        try {
            return session.authorization(repository, unauthenticated);
        } catch (RegistryException e) {
            throw new RegistryFailure(e);
        }
    }
}
