package io.usher.member;

import io.smallrye.mutiny.Uni;
import io.usher.account.AccountAccess;
import io.usher.onboarding.InvitationResend;
import io.usher.onboarding.PasswordResets;
import io.usher.platform.Actor;
import io.usher.platform.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestPath;

/** An account's members, as its administrators manage them. {@code userId} is the profile id. */
@Path("/api/v1/accounts/{accountId}/users/{userId}")
@Tag(name = "Account members")
@SecurityRequirement(name = "SecurityScheme")
@Produces(MediaType.APPLICATION_JSON)
public class MemberResource {

    private final AccountAccess access;
    private final InvitationResend resend;
    private final PasswordResets resets;
    private final Caller caller;

    public MemberResource(AccountAccess access, InvitationResend resend, PasswordResets resets, Caller caller) {
        this.access = access;
        this.resend = resend;
        this.resets = resets;
        this.caller = caller;
    }

    @POST
    @Path("/resend-invitation")
    @RolesAllowed("**")
    @ResponseStatus(202)
    @Operation(summary = "Send a PENDING member a new invitation link; the old one stops working")
    public Uni<Void> resendInvitation(@RestPath UUID accountId, @RestPath UUID userId) {
        Actor actor = Actor.of(caller);
        return access.requireAdmin(actor, accountId).chain(account -> resend.resend(actor, accountId, userId));
    }

    @POST
    @Path("/password-reset")
    @RolesAllowed("**")
    @ResponseStatus(202)
    @Operation(summary = "Email an ACTIVE member a link to choose a new password (one per 30 s)")
    public Uni<Void> passwordReset(@RestPath UUID accountId, @RestPath UUID userId) {
        Actor actor = Actor.of(caller);
        return access.requireAdmin(actor, accountId).chain(account -> resets.request(actor, accountId, userId));
    }
}
