package io.usher.platform;

/** A 429: the same request will be accepted after {@code seconds} (sent as Retry-After). */
public class RetryLaterException extends ProblemException {

    private final long seconds;

    public RetryLaterException(String detail, long seconds) {
        super(ProblemType.TOO_MANY_REQUESTS, detail);
        this.seconds = Math.max(1, seconds);
    }

    public long seconds() {
        return seconds;
    }
}
