package io.usher.invite;

import io.smallrye.common.annotation.Blocking;
import io.usher.member.Role;
import io.usher.platform.Actor;
import io.usher.platform.ApiLanguage;
import io.usher.platform.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Bulk invitations: the body is streamed, never held whole, so any number of addresses fits.
 * The same addresses may come as JSON, as one address per line, or as CSV with an email column.
 */
@Path("/api/v1/accounts/{accountId}/invitations")
@Tag(
        name = "Bulk invitations",
        description = "Invite lists of addresses; follow each batch by polling, paging, CSV or server-sent events")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed("**")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class InvitationResource {

    private final InvitationIntake intake;
    private final InvitationPreview preview;
    private final Caller caller;

    public InvitationResource(InvitationIntake intake, InvitationPreview preview, Caller caller) {
        this.intake = intake;
        this.preview = preview;
        this.caller = caller;
    }

    @POST
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = InvitationListSchema.class)))
    @APIResponse(
            responseCode = "202",
            description = "A new batch, accepted: its addresses are decided in the background, in list order",
            headers = @Header(name = "Location", description = "The batch", schema = @Schema(type = SchemaType.STRING)),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = BatchView.class)))
    @APIResponse(
            responseCode = "200",
            description = "The batch an earlier request with the same Idempotency-Key made (nothing new is done)",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = BatchView.class)))
    @APIResponse(responseCode = "404", description = "No such account, or not one the caller administers")
    @APIResponse(
            responseCode = "408",
            description =
                    "The body stalled or crawled (`USHER_BODY_STALL_TIMEOUT`, `USHER_BODY_MIN_RATE`): nothing applied")
    @APIResponse(
            responseCode = "409",
            description = "A request with the same Idempotency-Key is still being received (`still-receiving`)")
    @APIResponse(responseCode = "413", description = "The body is over the size limit (`USHER_MAX_BODY_SIZE`)")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "inviteAddresses",
            summary = "Invite a list of addresses with a role and teams → 202 with the batch",
            description = "The body is one of three forms: `text/plain`, one address per line; `text/csv`, a header"
                    + " row with an `email` column; `application/json`, an `InvitationList`. With the first two the"
                    + " role and teams are the query parameters `role` and `team`. The same `Idempotency-Key` from"
                    + " the same account answers the batch it made, 200, instead of a new one.")
    public RestResponse<BatchView> inviteJson(
            @RestPath UUID accountId,
            @RestHeader("Idempotency-Key") String idempotencyKey,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            InputStream body) {
        return invite(accountId, idempotencyKey, contentType, InvitationIntake.Format.JSON, null, null, body);
    }

    @POST
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.TEXT_PLAIN,
                            schema =
                                    @Schema(
                                            type = SchemaType.STRING,
                                            description = "One address per line; blank lines are skipped"),
                            example = "ada@example.com\nalan@example.com\n"))
    @APIResponse(
            responseCode = "202",
            description = "A new batch, accepted: its addresses are decided in the background, in list order",
            headers = @Header(name = "Location", description = "The batch", schema = @Schema(type = SchemaType.STRING)),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = BatchView.class)))
    @APIResponse(
            responseCode = "200",
            description = "The batch an earlier request with the same Idempotency-Key made (nothing new is done)",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = BatchView.class)))
    @APIResponse(responseCode = "404", description = "No such account, or not one the caller administers")
    @APIResponse(
            responseCode = "408",
            description =
                    "The body stalled or crawled (`USHER_BODY_STALL_TIMEOUT`, `USHER_BODY_MIN_RATE`): nothing applied")
    @APIResponse(
            responseCode = "409",
            description = "A request with the same Idempotency-Key is still being received (`still-receiving`)")
    @APIResponse(responseCode = "413", description = "The body is over the size limit (`USHER_MAX_BODY_SIZE`)")
    @Consumes(MediaType.TEXT_PLAIN)
    @Operation(
            operationId = "inviteAddresses",
            summary = "Invite a list of addresses with a role and teams → 202 with the batch",
            description = "The body is one of three forms: `text/plain`, one address per line; `text/csv`, a header"
                    + " row with an `email` column; `application/json`, an `InvitationList`. With the first two the"
                    + " role and teams are the query parameters `role` and `team`. The same `Idempotency-Key` from"
                    + " the same account answers the batch it made, 200, instead of a new one.")
    public RestResponse<BatchView> inviteLines(
            @RestPath UUID accountId,
            @RestHeader("Idempotency-Key") String idempotencyKey,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Parameter(
                            description = "The role to give (text/plain and text/csv bodies: required; the JSON form"
                                    + " carries it in the body)",
                            schema = @Schema(implementation = Role.class))
                    @RestQuery
                    String role,
            @Parameter(
                            description = "A team of the account to give, repeatable (text/plain and text/csv bodies)",
                            schema = @Schema(type = SchemaType.ARRAY, implementation = UUID.class))
                    @RestQuery
                    List<String> team,
            InputStream body) {
        return invite(accountId, idempotencyKey, contentType, InvitationIntake.Format.LINES, role, team, body);
    }

    @POST
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = BodyTypes.TEXT_CSV,
                            schema =
                                    @Schema(
                                            type = SchemaType.STRING,
                                            description =
                                                    "A header row with an `email` column (other columns are ignored), then one row per address"),
                            example = "email,name\nada@example.com,Ada\n"))
    @APIResponse(
            responseCode = "202",
            description = "A new batch, accepted: its addresses are decided in the background, in list order",
            headers = @Header(name = "Location", description = "The batch", schema = @Schema(type = SchemaType.STRING)),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = BatchView.class)))
    @APIResponse(
            responseCode = "200",
            description = "The batch an earlier request with the same Idempotency-Key made (nothing new is done)",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = BatchView.class)))
    @APIResponse(responseCode = "404", description = "No such account, or not one the caller administers")
    @APIResponse(
            responseCode = "408",
            description =
                    "The body stalled or crawled (`USHER_BODY_STALL_TIMEOUT`, `USHER_BODY_MIN_RATE`): nothing applied")
    @APIResponse(
            responseCode = "409",
            description = "A request with the same Idempotency-Key is still being received (`still-receiving`)")
    @APIResponse(responseCode = "413", description = "The body is over the size limit (`USHER_MAX_BODY_SIZE`)")
    @Consumes(BodyTypes.TEXT_CSV)
    @Operation(
            operationId = "inviteAddresses",
            summary = "Invite a list of addresses with a role and teams → 202 with the batch",
            description = "The body is one of three forms: `text/plain`, one address per line; `text/csv`, a header"
                    + " row with an `email` column; `application/json`, an `InvitationList`. With the first two the"
                    + " role and teams are the query parameters `role` and `team`. The same `Idempotency-Key` from"
                    + " the same account answers the batch it made, 200, instead of a new one.")
    public RestResponse<BatchView> inviteCsv(
            @RestPath UUID accountId,
            @RestHeader("Idempotency-Key") String idempotencyKey,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Parameter(
                            description = "The role to give (text/plain and text/csv bodies: required; the JSON form"
                                    + " carries it in the body)",
                            schema = @Schema(implementation = Role.class))
                    @RestQuery
                    String role,
            @Parameter(
                            description = "A team of the account to give, repeatable (text/plain and text/csv bodies)",
                            schema = @Schema(type = SchemaType.ARRAY, implementation = UUID.class))
                    @RestQuery
                    List<String> team,
            InputStream body) {
        return invite(accountId, idempotencyKey, contentType, InvitationIntake.Format.CSV, role, team, body);
    }

    @POST
    @Path("/preview")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = InvitationListSchema.class)))
    @APIResponse(
            responseCode = "200",
            description = "What the invitation would do",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = PreviewView.class)))
    @APIResponse(responseCode = "404", description = "No such account, or not one the caller administers")
    @APIResponse(responseCode = "413", description = "The body is over the size limit (`USHER_MAX_BODY_SIZE`)")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "previewInvitation",
            summary = "What an invitation would do, changing nothing and sending nothing",
            description = "Takes the same three forms of body as `inviteAddresses` and answers at once.")
    public PreviewView previewJson(
            @RestPath UUID accountId,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage,
            InputStream body) {
        return preview.preview(
                ApiLanguage.of(acceptLanguage),
                Actor.of(caller),
                accountId,
                InvitationIntake.Format.JSON,
                BodyTypes.charsetOf(contentType),
                null,
                null,
                body);
    }

    @POST
    @Path("/preview")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.TEXT_PLAIN,
                            schema =
                                    @Schema(
                                            type = SchemaType.STRING,
                                            description = "One address per line; blank lines are skipped"),
                            example = "ada@example.com\nalan@example.com\n"))
    @APIResponse(
            responseCode = "200",
            description = "What the invitation would do",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = PreviewView.class)))
    @APIResponse(responseCode = "404", description = "No such account, or not one the caller administers")
    @APIResponse(responseCode = "413", description = "The body is over the size limit (`USHER_MAX_BODY_SIZE`)")
    @Consumes(MediaType.TEXT_PLAIN)
    @Operation(
            operationId = "previewInvitation",
            summary = "What an invitation would do, changing nothing and sending nothing",
            description = "Takes the same three forms of body as `inviteAddresses` and answers at once.")
    public PreviewView previewLines(
            @RestPath UUID accountId,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Parameter(
                            description = "The role to give (text/plain and text/csv bodies: required; the JSON form"
                                    + " carries it in the body)",
                            schema = @Schema(implementation = Role.class))
                    @RestQuery
                    String role,
            @Parameter(
                            description = "A team of the account to give, repeatable (text/plain and text/csv bodies)",
                            schema = @Schema(type = SchemaType.ARRAY, implementation = UUID.class))
                    @RestQuery
                    List<String> team,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage,
            InputStream body) {
        return preview.preview(
                ApiLanguage.of(acceptLanguage),
                Actor.of(caller),
                accountId,
                InvitationIntake.Format.LINES,
                BodyTypes.charsetOf(contentType),
                role,
                team,
                body);
    }

    @POST
    @Path("/preview")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = BodyTypes.TEXT_CSV,
                            schema =
                                    @Schema(
                                            type = SchemaType.STRING,
                                            description =
                                                    "A header row with an `email` column (other columns are ignored), then one row per address"),
                            example = "email,name\nada@example.com,Ada\n"))
    @APIResponse(
            responseCode = "200",
            description = "What the invitation would do",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = PreviewView.class)))
    @APIResponse(responseCode = "404", description = "No such account, or not one the caller administers")
    @APIResponse(responseCode = "413", description = "The body is over the size limit (`USHER_MAX_BODY_SIZE`)")
    @Consumes(BodyTypes.TEXT_CSV)
    @Operation(
            operationId = "previewInvitation",
            summary = "What an invitation would do, changing nothing and sending nothing",
            description = "Takes the same three forms of body as `inviteAddresses` and answers at once.")
    public PreviewView previewCsv(
            @RestPath UUID accountId,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Parameter(
                            description = "The role to give (text/plain and text/csv bodies: required; the JSON form"
                                    + " carries it in the body)",
                            schema = @Schema(implementation = Role.class))
                    @RestQuery
                    String role,
            @Parameter(
                            description = "A team of the account to give, repeatable (text/plain and text/csv bodies)",
                            schema = @Schema(type = SchemaType.ARRAY, implementation = UUID.class))
                    @RestQuery
                    List<String> team,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage,
            InputStream body) {
        return preview.preview(
                ApiLanguage.of(acceptLanguage),
                Actor.of(caller),
                accountId,
                InvitationIntake.Format.CSV,
                BodyTypes.charsetOf(contentType),
                role,
                team,
                body);
    }

    private RestResponse<BatchView> invite(
            UUID accountId,
            String idempotencyKey,
            String contentType,
            InvitationIntake.Format format,
            String role,
            List<String> team,
            InputStream body) {
        InvitationIntake.Received received = intake.receive(
                Actor.of(caller),
                accountId,
                idempotencyKey,
                format,
                BodyTypes.charsetOf(contentType),
                role,
                team,
                body);
        if (!received.created()) {
            return RestResponse.ok(received.batch());
        }
        return RestResponse.ResponseBuilder.<BatchView>create(RestResponse.Status.ACCEPTED)
                .location(URI.create(
                        "/api/v1/invitation-batches/" + received.batch().id()))
                .entity(received.batch())
                .build();
    }
}
