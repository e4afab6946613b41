package io.jenkins.registrypull.error;

/**
 * The container engine (docker, podman) could not be run or refused the image. The message names
 * the engine, carries the first lines of what it printed, and says what to check.
 */
public class ImageLoadException extends RegistryException {

    private static final long serialVersionUID = 1L;

    public ImageLoadException(String message) {
        super(message);
    }

    public ImageLoadException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public FailureKind kind() {
        return FailureKind.IMAGE_LOAD;
    }
}
