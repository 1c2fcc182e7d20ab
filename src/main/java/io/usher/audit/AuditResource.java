package io.usher.audit;

import io.smallrye.mutiny.Uni;
import io.usher.account.AccountAccess;
import io.usher.platform.Actor;
import io.usher.platform.Caller;
import io.usher.platform.PageQuery;
import io.usher.platform.PageView;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** An account's audit log, newest first: every change made by anyone, or by the workers. */
@Path("/api/v1/accounts/{accountId}/audit")
@Tag(name = "Audit")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed("**")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final AccountAccess access;
    private final Pool pool;
    private final Caller caller;

    public AuditResource(AccountAccess access, Pool pool, Caller caller) {
        this.access = access;
        this.pool = pool;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The account's audit log, newest first")
    public Uni<PageView<AuditView>> list(@RestPath UUID accountId, @Valid @BeanParam PageQuery page) {
        return access.requireAdmin(Actor.of(caller), accountId)
                .chain(account -> page.beyondAnyList()
                        ? Uni.createFrom().item(List.<AuditView>of())
                        : pool.preparedQuery("SELECT at, actor, action, subject, details FROM audit_events"
                                        + " WHERE account_id = $1 ORDER BY at DESC, id DESC LIMIT $2 OFFSET $3")
                                .execute(Tuple.of(accountId, page.size, page.offset()))
                                .map(rows -> {
                                    List<AuditView> items = new ArrayList<>();
                                    for (Row row : rows) {
                                        items.add(AuditView.of(
                                                row.getOffsetDateTime(0).toInstant(),
                                                row.getString(1),
                                                row.getString(2),
                                                row.getString(3),
                                                (JsonObject) row.getValue(4)));
                                    }
                                    return items;
                                }))
                .chain(items -> pool.preparedQuery("SELECT count(*) FROM audit_events WHERE account_id = $1")
                        .execute(Tuple.of(accountId))
                        .map(rows -> new PageView<>(
                                items,
                                page.page,
                                page.size,
                                rows.iterator().next().getLong(0))));
    }
}
