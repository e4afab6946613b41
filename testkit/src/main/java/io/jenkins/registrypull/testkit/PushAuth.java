package io.jenkins.registrypull.testkit;

import java.time.Duration;
import java.util.List;
import okhttp3.Credentials;

/**
 * How the {@link RegistryPusher} authenticates: nothing, Basic with an htpasswd user, or a push
 * token signed by the {@link TokenServer} in-process (no HTTP request, so the token server's
 * request log only shows what the code under test did).
 */
@FunctionalInterface
public interface PushAuth {

    /** The Authorization header value for a push to {@code repository}, or null for none. */
    String authorization(String repository);

    static PushAuth none() {
        return repository -> null;
    }

    static PushAuth basic(TestUser user) {
        String header = Credentials.basic(user.username(), user.password(), java.nio.charset.StandardCharsets.UTF_8);
        return repository -> header;
    }

    /** A fresh 10-minute {@code pull,push,delete} token per call, whatever the test set as token lifetime. */
    static PushAuth token(TokenServer tokenServer) {
        return repository -> "Bearer " + tokenServer.mintToken("testkit-pusher",
                List.of(Scope.repository(repository, "pull", "push", "delete")), Duration.ofMinutes(10)).token();
    }
}
