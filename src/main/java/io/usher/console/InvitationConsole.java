package io.usher.console;

import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.usher.invite.BatchView;
import io.usher.invite.BodyTypes;
import io.usher.invite.InvitationIntake;
import io.usher.invite.InvitationPreview;
import io.usher.invite.PreviewView;
import io.usher.platform.Actor;
import io.usher.platform.ApiLanguage;
import io.usher.platform.Caller;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The invite dialog's requests: a preview of a list and the invitation itself, read by the same
 * intake as the API's {@code text/plain} and {@code text/csv} bodies. Plainly blocking (each reads a
 * request body as a stream), so they run on worker threads.
 */
@Path("/console/accounts/{accountId}/invitations")
@Tag(name = "Console")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.TEXT_PLAIN, BodyTypes.TEXT_CSV})
@Blocking
public class InvitationConsole {

    private final InvitationIntake intake;
    private final InvitationPreview preview;
    private final Caller caller;

    public InvitationConsole(InvitationIntake intake, InvitationPreview preview, Caller caller) {
        this.intake = intake;
        this.preview = preview;
        this.caller = caller;
    }

    /** For the invite dialog's script: what the list would do (JSON, as the API's preview). */
    @POST
    @Path("/preview")
    @Operation(summary = "Preview an invitation of one address per line, or of a CSV file with an email column")
    public PreviewView preview(
            @RestPath UUID accountId,
            @RestHeader(HttpHeaders.CONTENT_TYPE) String contentType,
            @RestQuery String role,
            @RestQuery List<String> team,
            @RestHeader(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage,
            InputStream body) {
        // The dialog's script sends the page's language.
        return preview.preview(
                ApiLanguage.of(acceptLanguage),
                Actor.of(caller),
                accountId,
                BodyTypes.textFormatOf(contentType),
                BodyTypes.charsetOf(contentType),
                role,
                team,
                body);
    }

    /** For the invite dialog's script: starts the batch; answers where its progress is shown. */
    @POST
    @Operation(summary = "Invite one address per line, or the addresses of a CSV file with an email column")
    public Map<String, String> invite(
            @RestPath UUID accountId,
            @RestHeader(HttpHeaders.CONTENT_TYPE) String contentType,
            @RestHeader("Idempotency-Key") String idempotencyKey,
            @RestQuery String role,
            @RestQuery List<String> team,
            InputStream body) {
        BatchView batch = intake.receive(
                        Actor.of(caller),
                        accountId,
                        idempotencyKey,
                        BodyTypes.textFormatOf(contentType),
                        BodyTypes.charsetOf(contentType),
                        role,
                        team,
                        body)
                .batch();
        return Map.of("batchId", batch.id().toString(), "location", BatchConsole.batchUrl(accountId, batch.id()));
    }
}
