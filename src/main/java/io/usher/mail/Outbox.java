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

    public static Uni<Void> enqueue(
            SqlClient sql, UUID accountId, MailKind kind, String recipient, JsonObject payload, String dedupeKey) {
        return sql.preparedQuery("INSERT INTO mail_outbox (account_id, kind, recipient, payload, dedupe_key)"
                        + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (dedupe_key) DO NOTHING")
                .execute(Tuple.of(accountId, kind.name(), recipient, payload, dedupeKey))
                .replaceWithVoid();
    }
}
