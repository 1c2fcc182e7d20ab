package io.usher.invite;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What became of one address of a batch (RULES.md, steps 1–6). */
// Read and written by Jackson inside Kafka records and SSE events.
@RegisterForReflection
public enum Outcome {
    INVITED(Severity.success),
    INVITED_SSO(Severity.success),
    ADDED_EXISTING_USER(Severity.success),
    ALREADY_MEMBER(Severity.info),
    QUOTA_REACHED(Severity.error),
    INVALID_EMAIL(Severity.error),
    /** The address repeats an earlier line of the same list (README: a duplicate of line N). */
    DUPLICATE(Severity.info);

    private final Severity severity;

    Outcome(Severity severity) {
        this.severity = severity;
    }

    public Severity severity() {
        return severity;
    }

    /** How an outcome is to be read; the API spells these in lower case. */
    public enum Severity {
        success,
        info,
        error
    }
}
