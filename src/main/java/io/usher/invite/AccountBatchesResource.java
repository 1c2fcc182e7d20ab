package io.usher.invite;

import io.smallrye.mutiny.Uni;
import io.usher.account.AccountAccess;
import io.usher.platform.Actor;
import io.usher.platform.Caller;
import io.usher.platform.PageQuery;
import io.usher.platform.PageView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

@Path("/api/v1/accounts/{accountId}/invitation-batches")
@Tag(
        name = "Bulk invitations",
        description = "Invite lists of addresses; follow each batch by polling, paging, CSV or server-sent events")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed("**")
@Produces(MediaType.APPLICATION_JSON)
public class AccountBatchesResource {

    private final AccountAccess access;
    private final Batches batches;
    private final Caller caller;

    public AccountBatchesResource(AccountAccess access, Batches batches, Caller caller) {
        this.access = access;
        this.batches = batches;
        this.caller = caller;
    }

    @GET
    @APIResponse(responseCode = "200", description = "A page of batches")
    @APIResponse(responseCode = "404", description = "No such account, or not one the caller administers")
    @Operation(operationId = "listBatches", summary = "The account's batches, newest first")
    public Uni<PageView<BatchView>> list(@RestPath UUID accountId, @Valid @BeanParam PageQuery page) {
        return access.requireAdmin(Actor.of(caller), accountId).chain(account -> batches.newestFirst(accountId, page));
    }
}
