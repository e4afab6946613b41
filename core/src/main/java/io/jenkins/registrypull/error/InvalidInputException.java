package io.jenkins.registrypull.error;

/** Bad input, detected before any network call. Names the field and what is accepted. */
public class InvalidInputException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidInputException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The name of the option or argument that was rejected, e.g. {@code image} or {@code platform}. */
    public String field() {
        return field;
    }
}
