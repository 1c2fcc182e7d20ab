package io.usher.invite;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.usher.member.Role;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A batch as the API shows it: its progress and the count of each outcome. */
// Written by Jackson into SSE events by hand (BatchEvents), outside REST's own registration.
@RegisterForReflection
public record BatchView(
        UUID id,
        UUID accountId,
        Role role,
        List<UUID> teams,
        int total,
        int processed,

        // RECEIVING stays inside the service: the API says QUEUED while a body is still being read.
        @Schema(
                type = SchemaType.STRING,
                enumeration = {"QUEUED", "PROCESSING", "COMPLETED"},
                description =
                        "QUEUED (also while the request's body is still being read), PROCESSING, then" + " COMPLETED")
        BatchStatus status,

        @Schema(implementation = OutcomeCounts.class) Map<Outcome, Integer> counts,
        Instant createdAt,

        @Schema(nullable = true, description = "When the last address was decided; null until then")
        Instant completedAt) {

    /** Counts with every outcome present, zeros included, in the API's order. */
    public static Map<Outcome, Integer> counts(int... perOutcome) {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        Outcome[] outcomes = Outcome.values();
        for (int i = 0; i < outcomes.length; i++) {
            counts.put(outcomes[i], perOutcome[i]);
        }
        return counts;
    }
}
