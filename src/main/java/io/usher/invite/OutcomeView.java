package io.usher.invite;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One address's outcome as the API shows it; {@code delivery} is the state of its email: null
 * (no email), PENDING, SENT or FAILED; {@code duplicateOf}, only on a {@code DUPLICATE}, the line
 * it repeats.
 */
// Written by Jackson into SSE events by hand (BatchEvents), outside REST's own registration.
@RegisterForReflection
public record OutcomeView(
        int seq,
        String email,
        Outcome outcome,
        Outcome.Severity severity,
        String message,

        @Schema(
                nullable = true,
                enumeration = {"PENDING", "SENT", "FAILED"},
                description = "The state of its email: null when the outcome sends none")
        String delivery,

        @Schema(description = "Only on a DUPLICATE: the seq of the earlier line it repeats")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        Integer duplicateOf) {

    /** A decision not yet stored (a preview's), its message said in the reader's language. */
    static OutcomeView of(Decision decision, OutcomeMessages say) {
        return new OutcomeView(
                decision.seq(),
                decision.email(),
                decision.outcome(),
                decision.outcome().severity(),
                say.of(decision.seq(), decision.email(), decision.outcome(), decision.duplicateOf()),
                null,
                decision.duplicateOf());
    }
}
