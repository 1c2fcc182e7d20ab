package io.usher.invite;

import io.smallrye.common.annotation.Blocking;
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
@Tag(name = "Bulk invitations")
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
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "inviteAddresses",
            summary = "Invite a list of addresses: {\"emails\": [...], \"role\", \"teams\"} → 202 with the batch")
    public RestResponse<BatchView> inviteJson(
            @RestPath UUID accountId,
            @RestHeader("Idempotency-Key") String idempotencyKey,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            InputStream body) {
        return invite(accountId, idempotencyKey, contentType, InvitationIntake.Format.JSON, null, null, body);
    }

    @POST
    @Consumes(MediaType.TEXT_PLAIN)
    @Operation(
            operationId = "inviteAddresses",
            summary = "Invite one address per line; role and team (repeatable) as query parameters")
    public RestResponse<BatchView> inviteLines(
            @RestPath UUID accountId,
            @RestHeader("Idempotency-Key") String idempotencyKey,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @RestQuery String role,
            @RestQuery List<String> team,
            InputStream body) {
        return invite(accountId, idempotencyKey, contentType, InvitationIntake.Format.LINES, role, team, body);
    }

    @POST
    @Consumes(BodyTypes.TEXT_CSV)
    @Operation(
            operationId = "inviteAddresses",
            summary = "Invite the email column of a CSV with a header row; role and team as query parameters")
    public RestResponse<BatchView> inviteCsv(
            @RestPath UUID accountId,
            @RestHeader("Idempotency-Key") String idempotencyKey,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @RestQuery String role,
            @RestQuery List<String> team,
            InputStream body) {
        return invite(accountId, idempotencyKey, contentType, InvitationIntake.Format.CSV, role, team, body);
    }

    @POST
    @Path("/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "previewInvitation",
            summary = "What a JSON invitation would do, changing nothing and sending nothing")
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
    @Consumes(MediaType.TEXT_PLAIN)
    @Operation(operationId = "previewInvitation", summary = "What an invitation of one address per line would do")
    public PreviewView previewLines(
            @RestPath UUID accountId,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @RestQuery String role,
            @RestQuery List<String> team,
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
    @Consumes(BodyTypes.TEXT_CSV)
    @Operation(operationId = "previewInvitation", summary = "What a CSV invitation would do")
    public PreviewView previewCsv(
            @RestPath UUID accountId,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @RestQuery String role,
            @RestQuery List<String> team,
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
