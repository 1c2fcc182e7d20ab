package io.usher.platform;

/**
 * A refusal the same request will get past after {@code seconds} (sent as Retry-After): a 429
 * for a caller over its rate, a 503 for a replica that is full for now.
 */
public class RetryLaterException extends ProblemException {

    private final long seconds;

    public RetryLaterException(String detail, long seconds) {
        this(ProblemType.TOO_MANY_REQUESTS, detail, seconds);
    }

    public RetryLaterException(ProblemType type, String detail, long seconds) {
        super(type, detail);
        this.seconds = Math.max(1, seconds);
    }

    public long seconds() {
        return seconds;
    }
}
