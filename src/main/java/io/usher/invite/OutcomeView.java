package io.usher.invite;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

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
        String delivery,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer duplicateOf) {

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
