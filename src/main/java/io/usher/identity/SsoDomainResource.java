package io.usher.identity;

import io.smallrye.mutiny.Uni;
import io.usher.platform.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

@Path("/api/v1/admin/sso-domains")
@Tag(name = "SSO domains", description = "Email domains whose people sign in through their company's identity provider")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed(Caller.PLATFORM_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SsoDomainResource {

    private final SsoDomainService service;

    public SsoDomainResource(SsoDomainService service) {
        this.service = service;
    }

    @GET
    @APIResponse(responseCode = "200", description = "Every SSO domain")
    @APIResponse(responseCode = "403", description = "The caller is not a platform administrator (`role-forbidden`)")
    @Operation(operationId = "listSsoDomains", summary = "Every SSO domain with its identity provider")
    public Uni<List<SsoDomainView>> list() {
        return service.list();
    }

    @PUT
    @Path("/{domain}")
    @APIResponse(responseCode = "200", description = "The domain's route, created or changed")
    @APIResponse(responseCode = "403", description = "The caller is not a platform administrator (`role-forbidden`)")
    @Operation(
            operationId = "putSsoDomain",
            summary = "Route a domain's people to an identity provider (created or changed)")
    public Uni<SsoDomainView> put(
            @RestPath String domain, @NotNull(message = "{usher.required}") @Valid SsoDomainRoute route) {
        return service.put(domain, route);
    }

    @DELETE
    @Path("/{domain}")
    @APIResponse(responseCode = "204", description = "No longer routed")
    @APIResponse(responseCode = "403", description = "The caller is not a platform administrator (`role-forbidden`)")
    @APIResponse(responseCode = "404", description = "The domain is not an SSO domain (`sso-domain-not-found`)")
    @Operation(
            operationId = "deleteSsoDomain",
            summary = "Stop routing a domain; its people sign in with a password from then on")
    public Uni<Void> delete(@RestPath String domain) {
        return service.delete(domain);
    }
}
