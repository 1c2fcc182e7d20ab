package io.usher.onboarding;

import io.smallrye.mutiny.Uni;
import io.usher.audit.AuditEntry;
import io.usher.audit.AuditLog;
import io.usher.platform.LinkTokens;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.HexFormat;

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
