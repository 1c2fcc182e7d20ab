package io.usher.console;

import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.usher.invite.BatchAccess;
import io.usher.invite.BatchEvents;
import io.usher.invite.BatchReport;
import io.usher.invite.BatchView;
import io.usher.invite.Batches;
import io.usher.platform.Actor;
import io.usher.platform.Caller;
import io.usher.platform.PageQuery;
import io.usher.platform.ProblemException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseHeader;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * An account's invitation batches in the console: the list, newest first, so that a batch can be
 * found again after its page was closed; one batch's live progress; its report.
 */
@Path("/console/accounts/{accountId}/batches")
@Tag(name = "Console")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class BatchConsole {

    private static final Duration CHECK = Duration.ofSeconds(10);
    private static final int PAGE_SIZE = 25;

    private final AccountPages pages;
    private final BatchAccess batches;
    private final Batches store;
    private final BatchEvents events;
    private final BatchReport report;
    private final Pool pool;
    private final Caller caller;

    public BatchConsole(
            AccountPages pages,
            BatchAccess batches,
            Batches store,
            BatchEvents events,
            BatchReport report,
            Pool pool,
            Caller caller) {
        this.pages = pages;
        this.batches = batches;
        this.store = store;
        this.events = events;
        this.report = report;
        this.pool = pool;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The account's invitation batches, newest first")
    public Uni<Response> list(
            @RestPath UUID accountId,
            @RestQuery Integer page,
            @Context HttpServerRequest request,
            @Context HttpServerResponse response) {
        int at = ConsolePages.Filters.index(page);
        return pages.show(
                Actor.of(caller),
                accountId,
                request,
                response,
                (account, frame) -> store.newestFirst(accountId, new PageQuery(at, PAGE_SIZE))
                        .map(found -> ConsoleResponses.ok(ConsolePages.batches(
                                frame, found, ConsolePages.Filters.paging(at, PAGE_SIZE, found.total())))));
    }

    @GET
    @Path("/{batchId}")
    @Operation(summary = "A batch's progress, live")
    public Uni<Response> batch(
            @RestPath UUID accountId,
            @RestPath UUID batchId,
            @Context HttpServerRequest request,
            @Context HttpServerResponse response) {
        Actor actor = Actor.of(caller);
        return pages.show(
                actor,
                accountId,
                request,
                response,
                (account, frame) -> batchOf(actor, accountId, batchId)
                        .chain(batch -> messages(accountId, batch)
                                .map(messages -> ConsoleResponses.ok(ConsolePages.batch(frame, batch, messages)))));
    }

    @GET
    @Path("/{batchId}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @Operation(summary = "A batch's outcomes as server-sent events (as the API's)")
    public Multi<OutboundSseEvent> events(
            @RestPath UUID accountId,
            @RestPath UUID batchId,
            @RestHeader("Last-Event-ID") String lastEventId,
            @RestQuery Integer after,
            @Context Sse sse) {
        int from = BatchEvents.resumeFrom(lastEventId, after);
        BatchView batch = batchOf(Actor.of(caller), accountId, batchId).await().atMost(CHECK);
        return events.stream(batch, from, sse);
    }

    @GET
    @Path("/{batchId}/report.csv")
    @Produces("text/csv")
    @Blocking
    @ResponseHeader(name = "Content-Disposition", value = "attachment; filename=\"invitations.csv\"")
    @Operation(summary = "A batch's report as CSV")
    public Multi<String> reportCsv(@RestPath UUID accountId, @RestPath UUID batchId) {
        batchOf(Actor.of(caller), accountId, batchId).await().atMost(CHECK);
        return report.csv(accountId, batchId);
    }

    private Uni<BatchView> batchOf(Actor actor, UUID accountId, UUID batchId) {
        return batches.require(actor, batchId).map(batch -> {
            if (!batch.accountId().equals(accountId)) {
                throw ProblemException.notFound("The invitation batch");
            }
            return batch;
        });
    }

    /**
     * The batch's latest messages (outcomes that are not successes) up to what its counts say is
     * processed, so that the page's stream resumes right after them, with no gap and no repeat.
     */
    private Uni<List<ConsolePages.Message>> messages(UUID accountId, BatchView batch) {
        return pool.preparedQuery("SELECT seq, email, severity, message FROM invitation_outcomes"
                        + " WHERE account_id = $1 AND batch_id = $2 AND seq <= $3 AND severity <> 'success'"
                        + " ORDER BY seq DESC LIMIT 200")
                .execute(Tuple.of(accountId, batch.id(), batch.processed()))
                .map(rows -> {
                    List<ConsolePages.Message> messages = new ArrayList<>();
                    for (Row row : rows) {
                        messages.add(new ConsolePages.Message(
                                row.getInteger(0), row.getString(1), row.getString(2), row.getString(3)));
                    }
                    Collections.reverse(messages);
                    return messages;
                });
    }

    static String batchUrl(UUID accountId, UUID batchId) {
        return "/console/accounts/" + accountId + "/batches/" + batchId;
    }
}
