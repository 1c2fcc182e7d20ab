package io.usher.platform;

import java.util.List;

/**
 * A failure the client caused or must hear about, answered as a problem detail. Services throw
 * it with a stable code and texts said in the reader's language when it is answered;
 * {@link ProblemMappers} turns it into the answer.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final String code;
    private final ApiText detail;
    private final List<FieldText> errors;

    public ProblemException(ProblemType type, String code, ApiText detail) {
        this(type, code, detail, List.of());
    }

    public ProblemException(ProblemType type, String code, ApiText detail, List<FieldText> errors) {
        super(code, null, false, false);
        this.type = type;
        this.code = code;
        this.detail = detail;
        this.errors = List.copyOf(errors);
    }

    /** A problem caused by a failure the server log should keep (the client hears only the detail). */
    protected ProblemException(ProblemType type, String code, ApiText detail, Throwable cause) {
        super(code, cause, false, false);
        this.type = type;
        this.code = code;
        this.detail = detail;
        this.errors = List.of();
    }

    public static ProblemException notFound(String code, ApiText detail) {
        return new ProblemException(ProblemType.NOT_FOUND, code, detail);
    }

    public static ProblemException accountNotFound() {
        return notFound("account-not-found", ApiMessages::problem_account_not_found);
    }

    public static ProblemException teamNotFound() {
        return notFound("team-not-found", ApiMessages::problem_team_not_found);
    }

    public static ProblemException userNotFound() {
        return notFound("user-not-found", ApiMessages::problem_user_not_found);
    }

    public static ProblemException batchNotFound() {
        return notFound("batch-not-found", ApiMessages::problem_batch_not_found);
    }

    public static ProblemException invalidField(String field, ApiText message) {
        return invalid(List.of(new FieldText(field, message)));
    }

    /** The request is not valid, for these reasons. */
    public static ProblemException invalid(List<FieldText> errors) {
        return new ProblemException(
                ProblemType.INVALID_REQUEST,
                ProblemType.INVALID_REQUEST.slug(),
                ApiMessages::problem_invalid_request,
                errors);
    }

    public static ProblemException conflict(String code, ApiText detail) {
        return new ProblemException(ProblemType.CONFLICT, code, detail);
    }

    public ProblemType type() {
        return type;
    }

    public String code() {
        return code;
    }

    /** The problem, to be said in the reader's language. */
    public ProblemText text() {
        return new ProblemText(type, code, detail, errors);
    }

    /** For a page: see {@link Problem#readable(ApiMessages)}. */
    public String readable(String language) {
        return text().readable(language);
    }

    public Problem toProblem(String language) {
        return text().in(language);
    }

    /** In English, for logs and for callers that have no reader. */
    public Problem toProblem() {
        return toProblem(ApiLanguage.ENGLISH);
    }

    /** The detail in English: what a log line says (the code alone where no message bundle runs). */
    @Override
    public String getMessage() {
        try {
            return detail == null ? code : detail.in(ApiLanguage.messages(ApiLanguage.ENGLISH));
        } catch (RuntimeException | LinkageError noBundles) {
            return code;
        }
    }
}
