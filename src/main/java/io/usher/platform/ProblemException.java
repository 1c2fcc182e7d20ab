package io.usher.platform;

import java.util.List;

/**
 * A failure the client caused or must hear about, answered as a problem detail. Services throw
 * it; {@link ProblemMappers} turns it into the answer.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final List<FieldError> errors;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    public ProblemException(ProblemType type, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.type = type;
        this.errors = List.copyOf(errors);
    }

    /** A problem caused by a failure the server log should keep (the client hears only the detail). */
    protected ProblemException(ProblemType type, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.type = type;
        this.errors = List.of();
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(ProblemType.NOT_FOUND, what + " was not found");
    }

    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(
                ProblemType.INVALID_REQUEST, "The request is not valid", List.of(new FieldError(field, message)));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(ProblemType.CONFLICT, detail);
    }

    public ProblemType type() {
        return type;
    }

    /** For a page: see {@link Problem#readable()}. */
    public String readable() {
        return toProblem().readable();
    }

    public Problem toProblem() {
        if (type == ProblemType.INVALID_REQUEST) {
            return Problem.invalid(getMessage(), errors);
        }
        return Problem.of(type, getMessage());
    }
}
