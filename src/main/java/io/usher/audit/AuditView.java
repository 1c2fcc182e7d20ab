package io.usher.audit;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One audit entry as the API shows it; {@code details} holds what changed, before and after. */
public record AuditView(
        Instant at,

        @Schema(
                description = "Who did it, by their stable identifier: their email address (the token's"
                        + " subject for a caller without one). Names change and collide; `invitedBy` of a"
                        + " member is the name for people")
        String actor,

        String action,
        String subject,
        Map<String, Object> details) {

    static AuditView of(Instant at, String actor, String action, String subject, JsonObject details) {
        return new AuditView(at, actor, action, subject, details == null ? Map.of() : details.getMap());
    }
}
