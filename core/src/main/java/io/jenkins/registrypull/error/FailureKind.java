package io.jenkins.registrypull.error;

/**
 * What kind of failure a {@link RegistryException} is, as data: the front ends choose their exit code, console text
 * and advice from it (one {@code switch} each), never from the message. Every exception class answers one kind.
 */
public enum FailureKind {
    /** An option or argument was rejected before any network call ({@link InvalidInputException}). */
    BAD_INPUT,
    /** HTTP 401: no credentials were given where they are needed, or they were not accepted. */
    AUTHENTICATION,
    /** HTTP 403 (or DENIED, or a token without the pull scope): the account may not pull this repository. */
    ACCESS_DENIED,
    /** The registry asks only for authentication schemes the engine does not speak. */
    UNSUPPORTED_AUTHENTICATION,
    /** Credentials would have gone somewhere they must not (plain HTTP, a forbidden realm or address). */
    INSECURE,
    /** A redirect the engine refused to follow. */
    REDIRECT_REFUSED,
    /** HTTP 404: the repository, tag, digest or blob does not exist. */
    NOT_FOUND,
    /** A multi-platform image has no manifest for the requested platform. */
    NO_MATCHING_PLATFORM,
    /** HTTP 429: the registry rate-limits this client. */
    RATE_LIMITED,
    /** HTTP 5xx: the registry failed to answer. */
    REGISTRY_UNAVAILABLE,
    /** Any other HTTP status the request did not expect. */
    UNEXPECTED_STATUS,
    /** The registry or its token server answered with something unusable (not JSON, no token, a redirect loop). */
    INVALID_ANSWER,
    /** A manifest or config this engine will not use (schema 1, unknown media type, too large). */
    UNSUPPORTED_MANIFEST,
    /** The registry's TLS certificate is not trusted by this machine. */
    UNTRUSTED_CERTIFICATE,
    /** The TLS handshake failed for another reason than trust: often a registry that speaks plain HTTP. */
    TLS,
    /** The registry could not be reached, or the connection broke. */
    CONNECTION,
    /** The pull ran out of time. */
    TIMEOUT,
    /** What arrived is not what was asked for (digest, size, pinned digest). */
    VERIFICATION,
    /** A cosign signature is missing or does not verify; {@link SignatureVerificationException#reason()} says how. */
    SIGNATURE,
    /** Writing on this machine failed: the blob store or the output (a full disk, permissions). */
    LOCAL_STORAGE,
    /** The container engine (docker, podman) could not be run or refused the image. */
    IMAGE_LOAD
}
