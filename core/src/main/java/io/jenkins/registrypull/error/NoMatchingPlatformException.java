package io.jenkins.registrypull.error;

/** A multi-platform image has no manifest for the requested platform; the message lists what it offers. */
public class NoMatchingPlatformException extends RegistryException {

    private static final long serialVersionUID = 1L;

    public NoMatchingPlatformException(String message) {
        super(message);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.NO_MATCHING_PLATFORM;
    }
}
