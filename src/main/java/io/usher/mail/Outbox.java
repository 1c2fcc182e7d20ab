package io.usher.mail;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.UUID;

/**
 * Puts one mail in the outbox, in the caller's transaction (so the mail exists exactly when the
 * change that causes it does); the relay sends it. A cause written twice writes one mail: the
 * dedupe key names the cause.
 */
public final class Outbox {

    private Outbox() {}

    /** A mail one person asked for and is waiting for (a reset, a resend): it goes ahead of bulk mail. */
    public static Uni<Void> enqueue(
            SqlClient sql, UUID accountId, MailKind kind, String recipient, JsonObject payload, String dedupeKey) {
        return sql.preparedQuery("INSERT INTO mail_outbox (account_id, kind, recipient, payload, dedupe_key, priority)"
                        + " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (dedupe_key) DO NOTHING")
                .execute(Tuple.of(accountId, kind.name(), recipient, payload, dedupeKey)
                        .addShort(MailPriority.PERSON_WAITING.column()))
                .replaceWithVoid();
    }
}
