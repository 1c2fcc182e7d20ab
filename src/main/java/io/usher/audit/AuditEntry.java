package io.usher.audit;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * One change as the audit log keeps it: in which account, who did it (a profile, or a
 * {@code system:<component>} name), what, to whom, and the facts before and after.
 */
public record AuditEntry(
        UUID accountId,
        UUID actorProfileId,
        String actor,
        String action,
        UUID subjectProfileId,
        String subject,
        JsonObject details) {}
