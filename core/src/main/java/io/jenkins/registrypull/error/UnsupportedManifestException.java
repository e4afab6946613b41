package io.jenkins.registrypull.error;

/** The registry served a manifest this engine will not use (schema 1, an unknown media type, too large). */
public class UnsupportedManifestException extends RegistryException {

    private static final long serialVersionUID = 1L;

    public UnsupportedManifestException(String message) {
        super(message);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.UNSUPPORTED_MANIFEST;
    }
}
