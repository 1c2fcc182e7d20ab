package io.usher.onboarding;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.usher.platform.ApiMessages;
import io.usher.platform.Caller;
import io.usher.platform.CallerProfile;
import io.usher.platform.ProblemException;
import io.usher.platform.ProblemType;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's own profile and memberships; the first call of a new person activates them. */
@Path("/api/v1/me")
@Tag(name = "Invitees", description = "The caller's own profile, and the public operations behind emailed links")
@SecurityRequirement(name = "SecurityScheme")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    private final Activation activation;
    private final ProfileOverview overview;
    private final Caller caller;

    public MeResource(Activation activation, ProfileOverview overview, Caller caller) {
        this.activation = activation;
        this.overview = overview;
        this.caller = caller;
    }

    @GET
    @Authenticated
    @APIResponse(
            responseCode = "200",
            description = "The caller's profile and memberships",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MeView.class)))
    @APIResponse(
            responseCode = "403",
            description =
                    "The profile is deactivated (`deactivated`), or its person must first accept the terms of use (`terms-required`)")
    @APIResponse(responseCode = "404", description = "No profile for the token's email (`profile-not-found`)")
    @Operation(
            operationId = "getMe",
            summary = "The caller's profile and memberships (a first call completes a first sign-in)")
    public Uni<MeView> me() {
        CallerProfile profile = caller.profile();
        profile.refusal().ifPresent(refusal -> {
            throw refusal;
        });
        SignedInPerson person = new SignedInPerson(
                caller.email().orElse(""), profile, caller.claim("given_name"), caller.claim("family_name"));
        return activation.onAuthenticated(person).chain(result -> switch (result.state()) {
            case ACTIVE -> overview.of(result.profileId());
            case TERMS_REQUIRED ->
                throw new ProblemException(
                        ProblemType.FORBIDDEN, "terms-required", ApiMessages::problem_terms_required);
            case DEACTIVATED ->
                throw new ProblemException(ProblemType.FORBIDDEN, "deactivated", ApiMessages::problem_deactivated);
            case NO_PROFILE ->
                throw ProblemException.notFound("profile-not-found", ApiMessages::problem_profile_not_found);
        });
    }

    /** The caller as Usher knows them. */
    public record MeView(
            UUID id,
            String email,
            @Schema(nullable = true) String firstName,
            @Schema(nullable = true) String lastName,
            @Schema(nullable = true) String phone,
            String language,
            String status,
            List<Membership> memberships) {

        public record Membership(UUID accountId, String accountName, String role, String status) {}
    }
}
