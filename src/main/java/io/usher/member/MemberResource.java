package io.usher.member;

import io.smallrye.mutiny.Uni;
import io.usher.account.AccountAccess;
import io.usher.onboarding.InvitationResend;
import io.usher.onboarding.PasswordResets;
import io.usher.platform.Actor;
import io.usher.platform.Caller;
import io.usher.platform.PageQuery;
import io.usher.platform.PageView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * An account's members, as its administrators manage them (its active site admins, or platform
 * admins). {@code userId} is the person's profile id. Another account's members do not exist here.
 */
@Path("/api/v1/accounts/{accountId}/users")
@Tag(name = "Account members", description = "An account's members as its administrators manage them")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed("**")
@Produces(MediaType.APPLICATION_JSON)
public class MemberResource {

    private final AccountAccess access;
    private final MemberDirectory directory;
    private final MemberEdits edits;
    private final InvitationResend resend;
    private final PasswordResets resets;
    private final Caller caller;

    public MemberResource(
            AccountAccess access,
            MemberDirectory directory,
            MemberEdits edits,
            InvitationResend resend,
            PasswordResets resets,
            Caller caller) {
        this.access = access;
        this.directory = directory;
        this.edits = edits;
        this.resend = resend;
        this.resets = resets;
        this.caller = caller;
    }

    @GET
    @APIResponse(responseCode = "200", description = "A page of members")
    @APIResponse(
            responseCode = "404",
            description = "No such account or team, or an account the caller does not administer")
    @Operation(
            operationId = "listMembers",
            summary = "The account's members, newest invitation first, filtered by status, role, team and text")
    public Uni<PageView<MemberView>> list(
            @RestPath UUID accountId,
            @RestQuery MembershipStatus status,
            @RestQuery Role role,
            @RestQuery UUID team,
            @RestQuery @Size(max = 200, message = "{usher.max.characters}") String q,
            @Valid @BeanParam PageQuery page) {
        MemberFilter filter = new MemberFilter(
                Optional.ofNullable(status),
                Optional.ofNullable(role),
                Optional.ofNullable(team),
                Optional.ofNullable(q));
        return access.requireAdmin(Actor.of(caller), accountId)
                .chain(account -> team == null ? Uni.createFrom().voidItem() : directory.requireTeam(accountId, team))
                .chain(() -> directory.list(accountId, filter, page));
    }

    @GET
    @Path("/{userId}")
    @APIResponse(responseCode = "200", description = "The member")
    @APIResponse(
            responseCode = "404",
            description = "No such account or member, or an account the caller does not administer")
    @Operation(operationId = "getMember", summary = "One member")
    public Uni<MemberView> get(@RestPath UUID accountId, @RestPath UUID userId) {
        return access.requireAdmin(Actor.of(caller), accountId).chain(account -> directory.get(accountId, userId));
    }

    @PATCH
    @Path("/{userId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The member as changed")
    @APIResponse(
            responseCode = "404",
            description = "No such account or member, or an account the caller does not administer")
    @APIResponse(
            responseCode = "409",
            description =
                    "The change would exceed the role's quota (`quota-reached`), the status cannot follow the member's current one (`status-not-allowed`), or an administrator changes their own role or status (`own-role-or-status`)")
    @Operation(
            operationId = "updateMember",
            summary = "Change a member's role, status or teams (409 quota-reached when a quota would be exceeded)")
    public Uni<MemberView> change(
            @RestPath UUID accountId,
            @RestPath UUID userId,
            @NotNull(message = "{usher.required}") MemberChange change) {
        Actor actor = Actor.of(caller);
        return access.requireAdmin(actor, accountId).chain(account -> edits.change(actor, accountId, userId, change));
    }

    @DELETE
    @Path("/{userId}")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(
            responseCode = "404",
            description = "No such account or member, or an account the caller does not administer")
    @APIResponse(responseCode = "409", description = "An administrator removes themselves (`own-role-or-status`)")
    @Operation(
            operationId = "removeMember",
            summary = "Revoke a member's access: REMOVED, the seat freed, their links dead, other accounts untouched")
    public Uni<Void> remove(@RestPath UUID accountId, @RestPath UUID userId) {
        Actor actor = Actor.of(caller);
        return access.requireAdmin(actor, accountId).chain(account -> edits.remove(actor, accountId, userId));
    }

    @POST
    @Path("/{userId}/resend-invitation")
    @ResponseStatus(202)
    @APIResponse(responseCode = "202", description = "A new link is on its way; the old one stopped working")
    @APIResponse(
            responseCode = "404",
            description = "No such account or member, or an account the caller does not administer")
    @APIResponse(responseCode = "409", description = "The member is not PENDING (`not-pending`)")
    @Operation(
            operationId = "resendInvitation",
            summary = "Send a PENDING member a new invitation link; the old one stops working")
    public Uni<Void> resendInvitation(@RestPath UUID accountId, @RestPath UUID userId) {
        Actor actor = Actor.of(caller);
        return access.requireAdmin(actor, accountId).chain(account -> resend.resend(actor, accountId, userId));
    }

    @POST
    @Path("/{userId}/password-reset")
    @ResponseStatus(202)
    @APIResponse(responseCode = "202", description = "A reset link is on its way")
    @APIResponse(
            responseCode = "404",
            description = "No such account or member, or an account the caller does not administer")
    @APIResponse(
            responseCode = "409",
            description = "The member signs in through an SSO domain (`sso-member`), or is not ACTIVE (`not-active`)")
    @APIResponse(
            responseCode = "429",
            description =
                    "A reset was sent to this member less than `USHER_PASSWORD_RESET_COOLDOWN` (30 s) ago (`reset-too-soon`)")
    @Operation(
            operationId = "sendPasswordReset",
            summary = "Email an ACTIVE member a link to choose a new password (one per 30 s)")
    public Uni<Void> passwordReset(@RestPath UUID accountId, @RestPath UUID userId) {
        Actor actor = Actor.of(caller);
        return access.requireAdmin(actor, accountId).chain(account -> resets.request(actor, accountId, userId));
    }
}
