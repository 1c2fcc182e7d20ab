package io.usher.invite;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.usher.platform.Actor;
import io.usher.platform.ApiLanguage;
import io.usher.platform.Caller;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseHeader;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/api/v1/invitation-batches/{batchId}")
@Tag(name = "Bulk invitations")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed("**")
public class BatchResource {

    private static final Duration CHECK = Duration.ofSeconds(30);

    private final BatchAccess access;
    private final Outcomes outcomes;
    private final BatchReport report;
    private final BatchEvents events;
    private final Caller caller;

    public BatchResource(BatchAccess access, Outcomes outcomes, BatchReport report, BatchEvents events, Caller caller) {
        this.report = report;
        this.access = access;
        this.outcomes = outcomes;
        this.events = events;
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getBatch", summary = "A batch: its progress and the count of each outcome")
    public Uni<BatchView> get(@RestPath UUID batchId) {
        return access.require(Actor.of(caller), batchId);
    }

    @GET
    @Path("/outcomes")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getOutcomes", summary = "Outcomes after a seq, in seq order")
    public Uni<OutcomePage> outcomes(
            @RestPath UUID batchId,
            @RestQuery @DefaultValue("0") @Min(value = 0, message = "{usher.min.zero}") int after,
            @RestQuery
                    @DefaultValue("100")
                    @Min(value = 1, message = "{usher.min.value}")
                    @Max(value = 1000, message = "{usher.max.value}")
                    int limit,
            @RestHeader("Accept-Language") String acceptLanguage) {
        return access.require(Actor.of(caller), batchId)
                .chain(batch -> outcomes.after(batch.accountId(), batchId, after, limit, say(batch, acceptLanguage))
                        .map(items -> {
                            int last = items.isEmpty()
                                    ? after
                                    : items.get(items.size() - 1).seq();
                            boolean finished = batch.status() == BatchStatus.COMPLETED && last >= batch.total();
                            return new OutcomePage(items, finished ? null : last);
                        }));
    }

    @GET
    @Path("/outcomes")
    @Produces("text/csv")
    @Operation(operationId = "getOutcomes", summary = "The whole report as CSV: seq,email,outcome,severity,message")
    @Blocking
    @ResponseHeader(name = "Content-Disposition", value = "attachment; filename=\"invitations.csv\"")
    public Multi<String> report(@RestPath UUID batchId, @RestHeader("Accept-Language") String acceptLanguage) {
        BatchView batch = access.require(Actor.of(caller), batchId).await().atMost(CHECK);
        return report.csv(batch.accountId(), batchId, say(batch, acceptLanguage));
    }

    @GET
    @Path("/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @BatchStreamAccess.Checked
    @Operation(
            operationId = "streamBatchEvents",
            summary = "Outcomes as server-sent events, resumable with Last-Event-ID or ?after=, then `completed`")
    public Multi<OutboundSseEvent> events(
            @RestPath UUID batchId,
            @RestHeader("Last-Event-ID") String lastEventId,
            @RestQuery Integer after,
            @RestHeader("Accept-Language") String acceptLanguage,
            @Context HttpServerResponse response,
            @Context RoutingContext routing) {
        int from = BatchEvents.resumeFrom(lastEventId, after);
        return events.stream(BatchStreamAccess.batch(routing), from, ApiLanguage.of(acceptLanguage), response);
    }

    /** Messages in the reader's language: the first of English and French they accept. */
    private static OutcomeMessages say(BatchView batch, String acceptLanguage) {
        return new OutcomeMessages(ApiLanguage.of(acceptLanguage), batch.role());
    }
}
