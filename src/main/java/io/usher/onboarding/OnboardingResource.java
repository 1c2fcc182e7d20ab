package io.usher.onboarding;

import io.smallrye.mutiny.Uni;
import io.usher.invite.LinkKind;
import io.usher.platform.FieldText;
import io.usher.platform.JsonBody;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestPath;

/**
 * The invitee's side as an API, for clients with pages of their own: no token is needed, the
 * link's token is the credential. Unknown, used, revoked and expired tokens all answer the same 404.
 */
@Path("/api/v1")
@Tag(name = "Invitees", description = "The caller's own profile, and the public operations behind emailed links")
@Produces(MediaType.APPLICATION_JSON)
public class OnboardingResource {

    private final InvitationLinks links;
    private final PasswordResets resets;

    public OnboardingResource(InvitationLinks links, PasswordResets resets) {
        this.links = links;
        this.resets = resets;
    }

    @GET
    @Path("/invitations/{token}")
    @PermitAll
    @APIResponse(responseCode = "200", description = "What the link is for")
    @APIResponse(
            responseCode = "404",
            description = "Unknown, used, revoked or expired link: one answer for all (`link-gone`)")
    @Operation(operationId = "getInvitationLink", summary = "What an invitation link is for (never spends it)")
    public Uni<InvitationInfo> invitation(@RestPath String token) {
        return links.find(token)
                .map(link -> new InvitationInfo(link.kind(), link.email(), link.accountName(), link.expiresAt()));
    }

    /**
     * A PASSWORD invitation takes the person's names and password; SSO and EXISTING_USER ones take
     * no body and answer where to sign in.
     */
    @POST
    @Path("/invitations/{token}/accept")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "Where to sign in")
    @APIResponse(
            responseCode = "404",
            description = "Unknown, used, revoked or expired link: one answer for all (`link-gone`)")
    @APIResponse(
            responseCode = "409",
            description = "A password sent to an SSO or existing-user link (`wrong-link-kind`)")
    @APIResponse(
            responseCode = "503",
            description =
                    "The identity provider did not answer (`identity-provider-unavailable`), or the link is being used by another request (`link-busy`)")
    @Operation(operationId = "acceptInvitation", summary = "Accept an invitation; answers where to sign in")
    public Uni<SignInLink> accept(@RestPath String token, AcceptRequest request) {
        AcceptRequest body = Optional.ofNullable(request).orElse(AcceptRequest.EMPTY);
        return links.find(token)
                .chain(link -> {
                    if (link.kind() == LinkKind.PASSWORD) {
                        return links.acceptWithPassword(token, body.form(), false);
                    }
                    if (body.password() != null) {
                        // No password is ever set through an SSO or existing-user link: say so.
                        throw new WrongLinkKindException(link.kind());
                    }
                    return links.proceed(token);
                })
                .map(SignInLink::new);
    }

    /** The same, for a client that sends no body (and so no content type) to an SSO or existing-user link. */
    @POST
    @Path("/invitations/{token}/accept")
    @PermitAll
    @Consumes(MediaType.WILDCARD)
    @Operation(hidden = true)
    public Uni<SignInLink> acceptWithoutBody(@RestPath String token) {
        return accept(token, null);
    }

    @POST
    @Path("/password-resets/{token}")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(204)
    @APIResponse(responseCode = "204", description = "The new password is set; sign in with it")
    @APIResponse(responseCode = "404", description = "Unknown, used or expired link: one answer for all (`link-gone`)")
    @APIResponse(
            responseCode = "503",
            description =
                    "The identity provider did not answer (`identity-provider-unavailable`), or the link is being used by another request (`link-busy`)")
    @Operation(operationId = "resetPassword", summary = "Set a new password with a password-reset link")
    public Uni<Void> resetPassword(@RestPath String token, @NotNull(message = "{usher.required}") NewPassword request) {
        return resets.reset(token, request.password(), Optional.empty()).replaceWithVoid();
    }

    /** What an invitation link is for. */
    public record InvitationInfo(LinkKind kind, String email, String accountName, Instant expiresAt) {}

    /** Where the person goes next. */
    public record SignInLink(URI loginUrl) {}

    /** The body of a PASSWORD acceptance. */
    public record AcceptRequest(
            String firstName, String lastName, String password, String phone, String language, Boolean acceptTerms)
            implements JsonBody {

        static final AcceptRequest EMPTY = new AcceptRequest(null, null, null, null, null, null);

        AcceptForm form() {
            return new AcceptForm(firstName, lastName, password, null, phone, language, acceptTerms);
        }

        /**
         * The form is checked once the link's kind is known (an SSO link takes no names); a body
         * with an unreadable field fails anyway, so its form's problems are said with it.
         */
        @Override
        public List<FieldText> problems(boolean someFieldUnreadable) {
            return someFieldUnreadable ? FormRejectedException.texts(form().problems(false)) : List.of();
        }
    }

    public record NewPassword(String password) implements JsonBody {

        @Override
        public List<FieldText> problems(boolean someFieldUnreadable) {
            List<FieldProblem> problems = new ArrayList<>();
            if (someFieldUnreadable) {
                PasswordRules.check(password, Optional.empty(), problems);
            }
            return FormRejectedException.texts(problems);
        }
    }
}
