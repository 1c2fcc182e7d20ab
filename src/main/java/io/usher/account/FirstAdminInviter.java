package io.usher.account;

import io.smallrye.mutiny.Uni;
import io.usher.platform.Actor;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.UUID;

/**
 * Invites an account's first administrator the way every invitation is decided (a batch of one
 * address, the same decision and writes as the workers'), inside the transaction that creates the
 * account, for accounts created with {@code firstAdminEmail}.
 */
public interface FirstAdminInviter {

    /** Invites them in the caller's transaction. Returns the batch that carries the invitation. */
    Uni<UUID> invite(SqlConnection sql, Actor actor, UUID accountId, String email);
}
