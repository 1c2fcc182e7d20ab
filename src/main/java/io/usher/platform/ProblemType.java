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

    public String title() {
        return title;
    }

    public URI uri() {
        return URI.create(Problem.TYPE_BASE + name().toLowerCase().replace('_', '-'));
    }
}
