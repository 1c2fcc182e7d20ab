package io.usher.invite;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.UUID;

/** An outcome on the {@code invitation-outcomes} topic (API.md, "Messages on Kafka"). */
// Written by Jackson on Kafka, outside REST: the native image must keep its accessors.
@RegisterForReflection
public record OutcomeEvent(
        UUID batchId,
        UUID accountId,
        int seq,
        String email,
        Outcome outcome,
        Outcome.Severity severity,
        String message,
        Instant at) {}
