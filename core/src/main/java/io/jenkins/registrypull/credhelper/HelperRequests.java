package io.jenkins.registrypull.credhelper;

import io.jenkins.registrypull.credential.Credential;
import io.jenkins.registrypull.error.RegistryException;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Answers one request line of the {@link HelperProtocol} for one block: checks the key (the block's capability, or
 * the stop token for {@code stop}) before anything else, then serves {@code get} for the block's registries only,
 * {@code list} as {@code {}}, refuses {@code store} and {@code erase}. Counts what it answered and refused.
 */
final class HelperRequests implements LoopbackServer.Handler {

    private final Map<String, Credential> credentials;
    private final AccessKey capability;
    private final AccessKey stopToken;
    private final BooleanSupplier closed;
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /**
     * @param credentials by normalised registry name
     * @param closed      true once the block ends: no credential is served any more
     */
    HelperRequests(Map<String, Credential> credentials, AccessKey capability, AccessKey stopToken,
                   BooleanSupplier closed) {
        this.credentials = credentials;
        this.capability = capability;
        this.stopToken = stopToken;
        this.closed = closed;
    }

    @Override
    public LoopbackServer.Answer answer(String line) {
        HelperProtocol.Request request = HelperProtocol.parse(line);
        boolean stop = "stop".equals(request.action());
        if (!(stop ? stopToken : capability).matches(request.key())) {
            refused.incrementAndGet();
            return new LoopbackServer.Answer(HelperProtocol.answer(false, HelperProtocol.REFUSED), false);
        }
        return stop ? new LoopbackServer.Answer(HelperProtocol.answer(true, "stopping"), true)
                : new LoopbackServer.Answer(respond(request), false);
    }

    private byte[] respond(HelperProtocol.Request request) {
        switch (request.action()) {
            case "get": {
                if (request.argument().isEmpty()) {
                    return HelperProtocol.answer(false, HelperProtocol.MISSING_SERVER_URL);
                }
                String registry = RegistryNames.normalize(request.argument());
                Credential credential = registry == null ? null : credentials.get(registry);
                if (credential == null || closed.getAsBoolean() || credential.isWiped()) {
                    return HelperProtocol.answer(false, HelperProtocol.NOT_FOUND);
                }
                Credential now;
                try {
                    now = credential.current(); // a minted credential near its expiry is renewed here
                } catch (RegistryException | IllegalStateException e) {
                    String why = String.valueOf(e.getMessage()).replaceAll("[\\r\\n]+", " ");
                    return HelperProtocol.answer(false, "could not renew the credentials for " + registry + " ("
                            + credential.describe() + "): " + why);
                }
                byte[] answer = HelperProtocol.credentialsAnswer(request.argument(), now);
                answered.incrementAndGet();
                return answer;
            }
            case "list":
                return HelperProtocol.answer(true, "{}");
            case "store":
            case "erase":
                return HelperProtocol.answer(false, HelperProtocol.READ_ONLY);
            case "ping":
                return HelperProtocol.answer(true, "pong");
            default:
                return HelperProtocol.answer(false, "Unknown credential action `" + sanitize(request.action()) + "`");
        }
    }

    long answered() {
        return answered.get();
    }

    long refused() {
        return refused.get();
    }

    private static String sanitize(String action) {
        String s = action.length() > 32 ? action.substring(0, 32) : action;
        return s.replaceAll("[^A-Za-z0-9_-]", "?");
    }
}
