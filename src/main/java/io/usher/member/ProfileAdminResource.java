package io.usher.member;

import io.smallrye.mutiny.Uni;
import io.usher.platform.Actor;
import io.usher.platform.Caller;
import io.usher.platform.PageQuery;
import io.usher.platform.PageView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
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
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Every person on the platform, for platform administrators. No user is created here: people enter by invitation. */
@Path("/api/v1/admin/users")
@Tag(name = "Platform administration", description = "Every profile on the platform (platform administrators)")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed(Caller.PLATFORM_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class ProfileAdminResource {

    private final ProfileAdmin profiles;
    private final Caller caller;

    public ProfileAdminResource(ProfileAdmin profiles, Caller caller) {
        this.profiles = profiles;
        this.caller = caller;
    }

    @GET
    @APIResponse(responseCode = "200", description = "A page of profiles")
    @APIResponse(responseCode = "403", description = "The caller is not a platform administrator (`role-forbidden`)")
    @Operation(
            operationId = "listProfiles",
            summary = "All profiles by email, filtered by status and by text in the email or name")
    public Uni<PageView<ProfileView>> list(
            @RestQuery ProfileStatus status,
            @RestQuery @Size(max = 200, message = "{usher.max.characters}") String q,
            @Valid @BeanParam PageQuery page) {
        return profiles.list(Optional.ofNullable(status), Optional.ofNullable(q), page);
    }

    @GET
    @Path("/{userId}")
    @APIResponse(responseCode = "200", description = "The profile with its accounts")
    @APIResponse(responseCode = "403", description = "The caller is not a platform administrator (`role-forbidden`)")
    @APIResponse(responseCode = "404", description = "No such profile")
    @Operation(operationId = "getProfile", summary = "One profile with every account it belongs to")
    public Uni<ProfileView> get(@RestPath UUID userId) {
        return profiles.get(userId);
    }

    @POST
    @Path("/{userId}/deactivate")
    @APIResponse(responseCode = "200", description = "The profile, DEACTIVATED")
    @APIResponse(responseCode = "403", description = "The caller is not a platform administrator (`role-forbidden`)")
    @APIResponse(responseCode = "404", description = "No such profile")
    @APIResponse(
            responseCode = "503",
            description = "The identity provider did not answer (`identity-provider-unavailable`): nothing changed")
    @Operation(
            operationId = "deactivateProfile",
            summary = "Deactivate a profile: no sign-in anywhere, sessions ended, every account refuses it")
    public Uni<ProfileView> deactivate(@RestPath UUID userId) {
        return profiles.deactivate(Actor.of(caller), userId);
    }

    @POST
    @Path("/{userId}/reactivate")
    @APIResponse(responseCode = "200", description = "The profile, ACTIVE again (or IN_PROGRESS if never signed in)")
    @APIResponse(responseCode = "403", description = "The caller is not a platform administrator (`role-forbidden`)")
    @APIResponse(responseCode = "404", description = "No such profile")
    @APIResponse(responseCode = "409", description = "The profile is not deactivated (`not-deactivated`)")
    @APIResponse(
            responseCode = "503",
            description = "The identity provider did not answer (`identity-provider-unavailable`): nothing changed")
    @Operation(
            operationId = "reactivateProfile",
            summary = "Reactivate a deactivated profile: sign-in allowed again; 409 not-deactivated for any other")
    public Uni<ProfileView> reactivate(@RestPath UUID userId) {
        return profiles.reactivate(Actor.of(caller), userId);
    }
}
