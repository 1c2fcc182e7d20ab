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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseHeader;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/api/v1/invitation-batches/{batchId}")
@Tag(
        name = "Bulk invitations",
        description = "Invite lists of addresses; follow each batch by polling, paging, CSV or server-sent events")
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
    @APIResponse(
            responseCode = "200",
            description = "The batch",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = BatchView.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such batch, or one of an account the caller does not administer")
    @Operation(operationId = "getBatch", summary = "A batch: its progress and the count of each outcome")
    public Uni<BatchView> get(@RestPath UUID batchId) {
        return access.require(Actor.of(caller), batchId);
    }

    @GET
    @Path("/outcomes")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "getOutcomes",
            summary = "Outcomes after a seq, in seq order; with `Accept: text/csv`, the whole report as CSV")
    @APIResponse(
            responseCode = "200",
            description = "`application/json`: a page of outcomes after `after`; `text/csv`: every outcome,"
                    + " `seq,email,outcome,severity,message`, with a header row",
            content = {
                @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OutcomePage.class)),
                @Content(
                        mediaType = BodyTypes.TEXT_CSV,
                        schema = @Schema(type = SchemaType.STRING),
                        example =
                                "seq,email,outcome,severity,message\n1,ada@example.com,INVITED,success,Invitation sent to ada@example.com\n")
            })
    @APIResponse(
            responseCode = "404",
            description = "No such batch, or one of an account the caller does not administer")
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
    @Operation(
            operationId = "getOutcomes",
            summary = "Outcomes after a seq, in seq order; with `Accept: text/csv`, the whole report as CSV")
    @APIResponse(
            responseCode = "200",
            description = "`application/json`: a page of outcomes after `after`; `text/csv`: every outcome,"
                    + " `seq,email,outcome,severity,message`, with a header row",
            headers =
                    @Header(
                            name = "Content-Disposition",
                            description = "`text/csv` only: `attachment; filename=\"invitations.csv\"`",
                            schema = @Schema(type = SchemaType.STRING)),
            content = {
                @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OutcomePage.class)),
                @Content(
                        mediaType = BodyTypes.TEXT_CSV,
                        schema = @Schema(type = SchemaType.STRING),
                        example =
                                "seq,email,outcome,severity,message\n1,ada@example.com,INVITED,success,Invitation sent to ada@example.com\n")
            })
    @APIResponse(
            responseCode = "404",
            description = "No such batch, or one of an account the caller does not administer")
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
            summary = "Outcomes as server-sent events, resumable with Last-Event-ID or ?after=, then `completed`",
            description = "A `text/event-stream` (server-sent events). It starts with `retry: 2000` (reconnect"
                    + " after 2 s). Each outcome is an event `outcome` whose `id` is its `seq` and whose data is"
                    + " an `OutcomeView` (JSON), in `seq` order. When the batch is complete, one event"
                    + " `completed` with `id: completed` and a `BatchView` as data, then the response ends."
                    + " Comment lines (`: heartbeat`) keep an idle stream open. A client that reconnects with"
                    + " `Last-Event-ID: n` (or `?after=n`) gets the outcomes after `n`, with no gap and no"
                    + " repeat; one that reconnects with `Last-Event-ID: completed` gets 204: a standard"
                    + " client stops there.")
    @APIResponse(
            responseCode = "200",
            description = "The stream of events: `outcome` (data: OutcomeView, id: seq), then `completed` (data:"
                    + " BatchView, id: `completed`); heartbeat comments between",
            content =
                    @Content(
                            mediaType = MediaType.SERVER_SENT_EVENTS,
                            schema = @Schema(type = SchemaType.STRING),
                            example =
                                    "retry: 2000\n\nid: 1\nevent: outcome\ndata: {\"seq\":1,\"email\":\"ada@example.com\",...}\n\n"
                                            + ": heartbeat\n\nid: completed\nevent: completed\ndata: {\"id\":\"...\",\"status\":\"COMPLETED\",...}\n\n"),
            extensions =
                    @Extension(
                            name = "x-sse-events",
                            parseValue = true,
                            value = "{\"outcome\": {\"id\": \"the outcome's seq\", \"data\": {\"$ref\":"
                                    + " \"#/components/schemas/OutcomeView\"}}, \"completed\": {\"id\": \"completed\","
                                    + " \"data\": {\"$ref\": \"#/components/schemas/BatchView\"}}}"))
    @APIResponse(
            responseCode = "204",
            description = "The client already has the `completed` event (`Last-Event-ID: completed`): nothing more"
                    + " will come; standard clients stop reconnecting")
    @APIResponse(
            responseCode = "404",
            description = "No such batch, or one of an account the caller does not administer")
    @APIResponse(
            responseCode = "503",
            description = "The replica holds all the streams it may (`streams-full`), or is checking many opens at"
                    + " once (`streams-opening`): reconnect after `Retry-After` seconds, another replica may take it")
    public Multi<OutboundSseEvent> events(
            @RestPath UUID batchId,
            @Parameter(
                            description = "The id of the last event the client has: a seq, or `completed`",
                            schema = @Schema(type = SchemaType.STRING))
                    @RestHeader("Last-Event-ID")
                    String lastEventId,
            @Parameter(description = "Resume after this seq (when no Last-Event-ID is sent)") @RestQuery Integer after,
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
