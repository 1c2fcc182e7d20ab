package io.usher.platform;

import java.net.URI;

/** The problems Usher answers with: the exception-to-status table in one place. */
public enum ProblemType {
    INVALID_REQUEST(400, "The request is not valid"),
    UNAUTHENTICATED(401, "Authentication is required"),
    FORBIDDEN(403, "You may not do this"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    REQUEST_TIMEOUT(408, "Request body too slow"),
    CONFLICT(409, "Conflict"),
    QUOTA_REACHED(409, "Quota reached"),
    PAYLOAD_TOO_LARGE(413, "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    TOO_MANY_REQUESTS(429, "Too many requests"),
    INTERNAL(500, "Internal error"),
    UNAVAILABLE(503, "Service unavailable");

    private final int status;
    private final String title;

    ProblemType(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    /** The title in English, for answers written before any reader is known. */
    public String title() {
        return title;
    }

    /** The title in the reader's language. */
    public String title(ApiMessages messages) {
        return switch (this) {
            case INVALID_REQUEST -> messages.title_INVALID_REQUEST();
            case UNAUTHENTICATED -> messages.title_UNAUTHENTICATED();
            case FORBIDDEN -> messages.title_FORBIDDEN();
            case NOT_FOUND -> messages.title_NOT_FOUND();
            case METHOD_NOT_ALLOWED -> messages.title_METHOD_NOT_ALLOWED();
            case NOT_ACCEPTABLE -> messages.title_NOT_ACCEPTABLE();
            case REQUEST_TIMEOUT -> messages.title_REQUEST_TIMEOUT();
            case CONFLICT -> messages.title_CONFLICT();
            case QUOTA_REACHED -> messages.title_QUOTA_REACHED();
            case PAYLOAD_TOO_LARGE -> messages.title_PAYLOAD_TOO_LARGE();
            case UNSUPPORTED_MEDIA_TYPE -> messages.title_UNSUPPORTED_MEDIA_TYPE();
            case TOO_MANY_REQUESTS -> messages.title_TOO_MANY_REQUESTS();
            case INTERNAL -> messages.title_INTERNAL();
            case UNAVAILABLE -> messages.title_UNAVAILABLE();
        };
    }

    /** The last segment of the type's URI, and the code of a problem with no finer one. */
    public String slug() {
        return name().toLowerCase().replace('_', '-');
    }

    public URI uri() {
        return URI.create(Problem.TYPE_BASE + slug());
    }
}
