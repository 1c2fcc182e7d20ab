package io.usher.audit;

import io.smallrye.mutiny.Uni;
import io.usher.platform.PageQuery;
import io.usher.platform.PageView;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads an account's audit log (AuditLog writes it). */
@ApplicationScoped
public class AuditTrail {

    private final Pool pool;

    public AuditTrail(Pool pool) {
        this.pool = pool;
    }

    /** A page of the account's entries, newest first, and how many it has in all. */
    public Uni<PageView<AuditView>> newestFirst(UUID accountId, PageQuery page) {
        Uni<List<AuditView>> items = page.beyondAnyList()
                ? Uni.createFrom().item(List.of())
                : pool.preparedQuery("SELECT at, actor, action, subject, details FROM audit_events"
                                + " WHERE account_id = $1 ORDER BY at DESC, id DESC LIMIT $2 OFFSET $3")
                        .execute(Tuple.of(accountId, page.size, page.offset()))
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
        return items.chain(views -> pool.preparedQuery("SELECT count(*) FROM audit_events WHERE account_id = $1")
                .execute(Tuple.of(accountId))
                .map(rows -> new PageView<>(
                        views, page.page, page.size, rows.iterator().next().getLong(0))));
    }
}
