package io.usher.audit;

import io.smallrye.mutiny.Uni;
import io.usher.platform.PageQuery;
import io.usher.platform.PageView;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads an account's audit log (AuditLog writes it), newest first. Every query names the account
 * first and walks its index (account, at, id); a period narrows that walk, the actor and action
 * filters are checked on the account's entries only.
 */
@ApplicationScoped
public class AuditTrail {

    /** $1 the account; $2–$5 the filters, each ignored when null. */
    private static final String WHERE = " WHERE account_id = $1"
            + " AND ($2::text IS NULL OR actor ILIKE $2)"
            + " AND ($3::text IS NULL OR action = $3)"
            + " AND ($4::timestamptz IS NULL OR at >= $4)"
            + " AND ($5::timestamptz IS NULL OR at < $5)";

    private final Pool pool;

    public AuditTrail(Pool pool) {
        this.pool = pool;
    }

    /** A page of the account's entries, newest first, and how many it has in all. */
    public Uni<PageView<AuditView>> newestFirst(UUID accountId, PageQuery page) {
        return newestFirst(accountId, AuditFilter.NONE, page);
    }

    /** A page of the account's entries that the filter keeps, newest first, and how many it keeps. */
    public Uni<PageView<AuditView>> newestFirst(UUID accountId, AuditFilter filter, PageQuery page) {
        Uni<List<AuditView>> items = page.beyondAnyList()
                ? Uni.createFrom().item(List.of())
                : pool.preparedQuery("SELECT at, actor, action, subject, details FROM audit_events" + WHERE
                                + " ORDER BY at DESC, id DESC LIMIT $6 OFFSET $7")
                        .execute(params(accountId, filter).addInteger(page.size).addInteger(page.offset()))
                        .map(rows -> {
                            List<AuditView> views = new ArrayList<>();
                            for (Row row : rows) {
                                views.add(AuditView.of(
                                        row.getOffsetDateTime(0).toInstant(),
                                        row.getString(1),
                                        row.getString(2),
                                        row.getString(3),
                                        (JsonObject) row.getValue(4)));
                            }
                            return views;
                        });
        return items.chain(views -> pool.preparedQuery("SELECT count(*) FROM audit_events" + WHERE)
                .execute(params(accountId, filter))
                .map(rows -> new PageView<>(
                        views, page.page, page.size, rows.iterator().next().getLong(0))));
    }

    private static Tuple params(UUID accountId, AuditFilter filter) {
        return Tuple.tuple()
                .addUUID(accountId)
                .addString(filter.actorPattern().orElse(null))
                .addString(filter.action().orElse(null))
                .addOffsetDateTime(filter.from().map(AuditTrail::utc).orElse(null))
                .addOffsetDateTime(filter.to().map(AuditTrail::utc).orElse(null));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
