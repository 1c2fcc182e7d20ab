package io.usher.account;

import io.smallrye.mutiny.Uni;
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
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/v1/accounts")
@Tag(name = "Accounts", description = "Tenants: create them, set their quotas, read their usage")
@SecurityRequirement(name = "SecurityScheme")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AccountResource {

    private final AccountService service;
    private final Caller caller;

    public AccountResource(AccountService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    /** With {@code firstAdminEmail}, the account and that invitation are made together or not at all. */
    @POST
    @RolesAllowed(Caller.PLATFORM_ADMIN)
    @APIResponse(
            responseCode = "201",
            description = "The account, with `firstAdminBatchId` when `firstAdminEmail` was given",
            headers =
                    @Header(name = "Location", description = "The account", schema = @Schema(type = SchemaType.STRING)),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = AccountView.class)))
    @APIResponse(responseCode = "403", description = "The caller is not a platform administrator (`role-forbidden`)")
    @APIResponse(responseCode = "409", description = "An account of that name exists (`account-name-taken`)")
    @Operation(
            operationId = "createAccount",
            summary = "Create an account (platform admins), optionally inviting its first SITE_ADMIN")
    public Uni<RestResponse<AccountView>> create(@NotNull(message = "{usher.required}") @Valid NewAccount request) {
        Actor actor = Actor.of(caller);
        return service.create(request, actor)
                .map(account -> RestResponse.ResponseBuilder.<AccountView>created(
                                URI.create("/api/v1/accounts/" + account.id()))
                        .entity(account)
                        .build());
    }

    @GET
    @RolesAllowed(Caller.PLATFORM_ADMIN)
    @APIResponse(responseCode = "200", description = "A page of accounts")
    @APIResponse(responseCode = "403", description = "The caller is not a platform administrator (`role-forbidden`)")
    @Operation(operationId = "listAccounts", summary = "List accounts by name (platform admins)")
    public Uni<PageView<AccountView>> list(
            @QueryParam("q") @Size(max = 200, message = "{usher.max.characters}") String q,
            @Valid @BeanParam PageQuery page) {
        return service.list(q, page);
    }

    @GET
    @Path("/{accountId}")
    @RolesAllowed("**")
    @APIResponse(
            responseCode = "200",
            description = "The account",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = AccountView.class)))
    @APIResponse(responseCode = "404", description = "No such account, or not one the caller administers")
    @Operation(
            operationId = "getAccount",
            summary = "One account with its quotas and usage (platform admins and its site admins)")
    public Uni<AccountView> get(@RestPath UUID accountId) {
        return service.get(Actor.of(caller), accountId);
    }

    @PUT
    @Path("/{accountId}/quotas")
    @RolesAllowed(Caller.PLATFORM_ADMIN)
    @ResponseStatus(200)
    @APIResponse(
            responseCode = "200",
            description = "The account with its new quotas",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = AccountView.class)))
    @APIResponse(responseCode = "403", description = "The caller is not a platform administrator (`role-forbidden`)")
    @APIResponse(responseCode = "404", description = "No such account")
    @Operation(
            operationId = "setQuotas",
            summary = "Set the quotas per role (platform admins); lowering below usage blocks further seats")
    public Uni<AccountView> setQuotas(
            @RestPath UUID accountId, @NotNull(message = "{usher.required}") @Valid Quotas quotas) {
        return service.setQuotas(accountId, quotas);
    }
}
