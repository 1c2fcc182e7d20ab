package io.usher.invite;

/** A batch's progress. */
public enum BatchStatus {
    /** The request body is being read; the API shows it as {@link #QUEUED}. */
    RECEIVING,
    QUEUED,
    PROCESSING,
    COMPLETED;

    public BatchStatus visible() {
        return this == RECEIVING ? QUEUED : this;
    }
}
