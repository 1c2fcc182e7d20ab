package io.usher.audit;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;

/** One audit entry as the API shows it; {@code details} holds what changed, before and after. */
public record AuditView(Instant at, String actor, String action, String subject, Map<String, Object> details) {

    static AuditView of(Instant at, String actor, String action, String subject, JsonObject details) {
        return new AuditView(at, actor, action, subject, details == null ? Map.of() : details.getMap());
    }
}
