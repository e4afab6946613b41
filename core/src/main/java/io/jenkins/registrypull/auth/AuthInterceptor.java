package io.jenkins.registrypull.auth;

import io.jenkins.registrypull.api.RegistryException;
import io.jenkins.registrypull.http.RegistryFailure;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;

/**
 * Adds credentials to requests for one registry. It is an application interceptor, so it sees
 * only the request the engine made, never a redirect: OkHttp drops {@code Authorization} when a
 * redirect leaves the registry's origin (blob storage, a CDN), and this interceptor adds nothing
 * to a request whose origin is not the registry's, as a second guard.
 */
public final class AuthInterceptor implements Interceptor {

    private final AuthSession session;

    public AuthInterceptor(AuthSession session) {
        this.session = session;
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
        Response response = chain.proceed(withAuthorization(request, authorization));
        if (response.code() == 401 && session.shouldRetry(response, repository, authorization)) {
            response.close();
            authorization = authorization(repository);
            response = chain.proceed(withAuthorization(request, authorization));
        }
        return response;
    }

    private String authorization(String repository) throws RegistryFailure {
        try {
            return session.authorization(repository);
        } catch (RegistryException e) {
            throw new RegistryFailure(e);
        }
    }

    private static Request withAuthorization(Request request, String authorization) {
        return authorization == null ? request : request.newBuilder().header("Authorization", authorization).build();
    }
}
