package io.usher.platform;

/**
 * A refusal the same request will get past after {@code seconds} (sent as Retry-After): a 429
 * for a caller over its rate, a 503 for a replica that is full for now.
 */
public class RetryLaterException extends ProblemException {

    private final long seconds;

    public RetryLaterException(String code, ApiText detail, long seconds) {
        this(ProblemType.TOO_MANY_REQUESTS, code, detail, seconds);
    }

    public RetryLaterException(ProblemType type, String code, ApiText detail, long seconds) {
        super(type, code, detail);
        this.seconds = Math.max(1, seconds);
    }

    public long seconds() {
        return seconds;
    }
}
