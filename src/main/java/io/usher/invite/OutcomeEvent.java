package io.usher.invite;

import java.time.Instant;
import java.util.UUID;

/** An outcome on the {@code invitation-outcomes} topic (API.md, "Messages on Kafka"). */
public record OutcomeEvent(
        UUID batchId,
        UUID accountId,
        int seq,
        String email,
        Outcome outcome,
        Outcome.Severity severity,
        String message,
        Instant at) {}
