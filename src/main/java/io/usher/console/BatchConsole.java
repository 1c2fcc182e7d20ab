package io.usher.console;

import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.usher.invite.BatchAccess;
import io.usher.invite.BatchEvents;
import io.usher.invite.BatchReport;
import io.usher.invite.BatchStreamAccess;
import io.usher.invite.BatchView;
import io.usher.invite.Batches;
import io.usher.invite.MailDeliveries;
import io.usher.invite.OutcomeMessages;
import io.usher.invite.Outcomes;
import io.usher.platform.Actor;
import io.usher.platform.ApiLanguage;
import io.usher.platform.Caller;
import io.usher.platform.PageQuery;
import io.usher.platform.ProblemException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.time.Duration;
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
    /**
     * The messages a progress page opens with (outcomes that are not successes), up to what its
     * counts say is processed, so that its stream resumes right after them, with no gap and no repeat.
     */
    private static final int MESSAGES = 200;

    private final AccountPages pages;
    private final BatchAccess batches;
    private final Batches store;
    private final BatchEvents events;
    private final BatchReport report;
    private final Outcomes outcomes;
    private final Caller caller;

    public BatchConsole(
            AccountPages pages,
            BatchAccess batches,
            Batches store,
            BatchEvents events,
            BatchReport report,
            Outcomes outcomes,
            Caller caller) {
        this.pages = pages;
        this.batches = batches;
        this.store = store;
        this.events = events;
        this.report = report;
        this.outcomes = outcomes;
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
                        .map(found -> ConsoleResponses.ok(
                                frame,
                                ConsolePages.batches(
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
                        .chain(batch -> outcomes.latestMessages(
                                        accountId,
                                        batch.id(),
                                        batch.processed(),
                                        MESSAGES,
                                        new OutcomeMessages(frame.lang(), batch.role()))
                                .chain(messages -> outcomes.deliveries(accountId, batch.id())
                                        .map(mails -> ConsoleResponses.ok(
                                                frame,
                                                ConsolePages.batch(
                                                        frame,
                                                        batch,
                                                        MessageGroups.of(messages, batch.counts()),
                                                        mails))))));
    }

    /** For the page's script, which refreshes the mail counts while some are still to be sent. */
    @GET
    @Path("/{batchId}/mails")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "How a batch's mails stand")
    public Uni<MailDeliveries> mails(@RestPath UUID accountId, @RestPath UUID batchId) {
        return batchOf(Actor.of(caller), accountId, batchId).chain(batch -> outcomes.deliveries(accountId, batch.id()));
    }

    @GET
    @Path("/{batchId}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @BatchStreamAccess.Checked
    @Operation(summary = "A batch's outcomes as server-sent events (as the API's)")
    public Multi<OutboundSseEvent> events(
            @RestPath UUID accountId,
            @RestPath UUID batchId,
            @RestHeader("Last-Event-ID") String lastEventId,
            @RestQuery Integer after,
            @RestQuery String lang,
            @Context HttpServerResponse response,
            @Context RoutingContext routing) {
        int from = BatchEvents.resumeFrom(lastEventId, after);
        // An EventSource cannot send headers: the page names its language (?lang=).
        return events.stream(BatchStreamAccess.batch(routing), from, ApiLanguage.of(lang), response);
    }

    @GET
    @Path("/{batchId}/report.csv")
    @Produces("text/csv")
    @Blocking
    @ResponseHeader(name = "Content-Disposition", value = "attachment; filename=\"invitations.csv\"")
    @Operation(summary = "A batch's report as CSV")
    public Multi<String> reportCsv(@RestPath UUID accountId, @RestPath UUID batchId, @RestQuery String lang) {
        BatchView batch = batchOf(Actor.of(caller), accountId, batchId).await().atMost(CHECK);
        return report.csv(accountId, batchId, new OutcomeMessages(ApiLanguage.of(lang), batch.role()));
    }

    private Uni<BatchView> batchOf(Actor actor, UUID accountId, UUID batchId) {
        return batches.require(actor, batchId).map(batch -> {
            if (!batch.accountId().equals(accountId)) {
                throw ProblemException.batchNotFound();
            }
            return batch;
        });
    }

    static String batchUrl(UUID accountId, UUID batchId) {
        return "/console/accounts/" + accountId + "/batches/" + batchId;
    }
}
