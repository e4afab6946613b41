package io.jenkins.registrypull.error;

/** Bad input, detected before any network call. Names the field and what is accepted. */
public class InvalidInputException extends RegistryException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String problem;

    /** @param problem what is wrong and what is accepted, without the field's name */
    public InvalidInputException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
        this.problem = problem;
    }

    /** What is wrong with the value and what is accepted, without the field's name: a front end renames the field. */
    public String problem() {
        return problem;
    }

    /** The name of the option or argument that was rejected, e.g. {@code image} or {@code platform}. */
    public String field() {
        return field;
    }

    @Override
    public FailureKind kind() {
        return FailureKind.BAD_INPUT;
    }
}
