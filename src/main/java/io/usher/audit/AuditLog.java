package io.usher.audit;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/** Writes audit entries in the caller's transaction, all of them in one statement. */
public final class AuditLog {

    private AuditLog() {}

    public static Uni<Void> record(SqlClient sql, List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return sql.preparedQuery("INSERT INTO audit_events (account_id, actor_profile_id, actor, action,"
                        + " subject_profile_id, subject, details)"
                        + " SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::text[],"
                        + " $7::jsonb[])")
                .execute(Tuple.tuple()
                        .addArrayOfUUID(
                                entries.stream().map(AuditEntry::accountId).toArray(UUID[]::new))
                        .addArrayOfUUID(
                                entries.stream().map(AuditEntry::actorProfileId).toArray(UUID[]::new))
                        .addArrayOfString(
                                entries.stream().map(AuditEntry::actor).toArray(String[]::new))
                        .addArrayOfString(
                                entries.stream().map(AuditEntry::action).toArray(String[]::new))
                        .addArrayOfUUID(entries.stream()
                                .map(AuditEntry::subjectProfileId)
                                .toArray(UUID[]::new))
                        .addArrayOfString(
                                entries.stream().map(AuditEntry::subject).toArray(String[]::new))
                        .addArrayOfJsonObject(entries.stream()
                                .map(AuditEntry::details)
                                .toArray(io.vertx.core.json.JsonObject[]::new)))
                .replaceWithVoid();
    }

    public static Uni<Void> record(SqlClient sql, AuditEntry entry) {
        return record(sql, List.of(entry));
    }
}
