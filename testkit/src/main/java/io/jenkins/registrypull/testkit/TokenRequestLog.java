package io.jenkins.registrypull.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Every request the token server answered, in arrival order; safe to read while requests arrive. */
public final class TokenRequestLog {

    private final List<TokenRequest> requests = new CopyOnWriteArrayList<>();

    TokenRequestLog() {
    }

    void add(TokenRequest request) {
        requests.add(request);
    }

    /** A snapshot of all requests so far. */
    public List<TokenRequest> all() {
        return List.copyOf(requests);
    }

    public long count(Predicate<TokenRequest> predicate) {
        return requests.stream().filter(predicate).count();
    }

    /** Requests that got a token. */
    public long successfulCount() {
        return count(TokenRequest::succeeded);
    }

    /** Whether any request so far had a secret in its URL. */
    public boolean anySecretInUrl() {
        return requests.stream().anyMatch(TokenRequest::secretInUrl);
    }

    public void clear() {
        requests.clear();
    }

    @Override
    public String toString() {
        return "TokenRequestLog" + requests;
    }
}
