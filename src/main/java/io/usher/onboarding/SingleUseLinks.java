package io.usher.onboarding;

import io.smallrye.mutiny.Uni;
import io.usher.audit.AuditEntry;
import io.usher.audit.AuditLog;
import io.usher.platform.ApiMessages;
import io.usher.platform.LinkTokens;
import io.usher.platform.ProblemException;
import io.usher.platform.ProblemType;
import io.usher.platform.SqlStates;
import io.usher.platform.UsherConfig;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;

/**
 * What invitation and password-reset links share: a token is looked up by its SHA-256 only, the
 * match confirmed in constant time, and a link is spent at most once, whatever the concurrency.
 * Tables name their link columns alike: {@code token_hash}, {@code used_at}, {@code revoked_at},
 * {@code expires_at}.
 */
final class SingleUseLinks {

    /** A live link of the table aliased {@code alias}, in a WHERE clause. */
    static String live(String alias) {
        return alias + ".used_at IS NULL AND " + alias + ".revoked_at IS NULL AND " + alias + ".expires_at > now()";
    }

    private SingleUseLinks() {}

    /** The hash to look a token up by, or {@link LinkGoneException} for a token Usher never makes. */
    static byte[] hashOf(String token) {
        if (!LinkTokens.wellFormed(token)) {
            throw new LinkGoneException();
        }
        return LinkTokens.hash(token);
    }

    static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }

    /**
     * The one row found by the hash (its first column the stored hash), or {@link
     * LinkGoneException}: the index found it; the comparison that decides is constant-time.
     */
    static Row found(RowSet<Row> rows, byte[] hash) {
        if (rows.size() == 0) {
            throw new LinkGoneException();
        }
        Row row = rows.iterator().next();
        if (!LinkTokens.sameHash(hash, row.getBuffer(0).getBytes())) {
            throw new LinkGoneException();
        }
        return row;
    }

    /**
     * How long a request waits for another that holds the same link: the longest the holder's
     * calls to the identity provider may take (each try's time-out, the retries and their back-off).
     */
    static Duration holdWait(UsherConfig.Identity identity) {
        int retries = Math.max(0, identity.retries());
        return identity.timeout().multipliedBy(retries + 1L).plusSeconds(2L * retries + 1);
    }

    /**
     * Locks a live link's row until the transaction ends, waiting at most {@code wait} for a
     * concurrent request that holds it; a link that is no longer live once had (its holder spent
     * it) fails with {@link LinkGoneException}, as a used link does. Held across the identity
     * provider's call, it lets one request at a time set the link's password, so the password that
     * stays is the one of the request that spent the link.
     */
    static Uni<Void> hold(SqlConnection sql, String table, UUID accountId, byte[] hash, Duration wait) {
        return sql.query("SET LOCAL lock_timeout = '" + Math.max(1, wait.toMillis()) + "ms'")
                .execute()
                .chain(() -> sql.preparedQuery("SELECT 1 FROM " + table
                                + " l WHERE l.account_id = $1 AND l.token_hash = decode($2, 'hex') AND " + live("l")
                                + " FOR UPDATE")
                        .execute(Tuple.of(accountId, hex(hash))))
                .onFailure(SqlStates::isLockTimeout)
                .transform(
                        e -> new ProblemException(ProblemType.UNAVAILABLE, "link-busy", ApiMessages::problem_link_busy))
                .invoke(rows -> {
                    if (rows.rowCount() == 0) {
                        throw new LinkGoneException();
                    }
                })
                .replaceWithVoid();
    }

    /** Marks the link used and records why, unless a concurrent request spent it first. */
    static Uni<Void> spend(SqlConnection sql, String table, byte[] hash, AuditEntry audit) {
        return sql.preparedQuery("UPDATE " + table
                        + " l SET used_at = now() WHERE l.token_hash = decode($1, 'hex') AND " + live("l"))
                .execute(Tuple.of(hex(hash)))
                .invoke(rows -> {
                    if (rows.rowCount() == 0) {
                        throw new LinkGoneException();
                    }
                })
                .chain(() -> AuditLog.record(sql, audit));
    }
}
