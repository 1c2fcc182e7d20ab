package io.usher.account;

import io.smallrye.mutiny.Uni;
import io.usher.platform.Actor;
import io.usher.platform.Caller;
import io.usher.platform.PageQuery;
import io.usher.platform.PageView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
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
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/v1/accounts/{accountId}/teams")
@Tag(name = "Teams", description = "An account's teams")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed("**")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TeamResource {

    private final TeamService service;
    private final Caller caller;

    public TeamResource(TeamService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @APIResponse(responseCode = "200", description = "A page of the account's teams")
    @APIResponse(responseCode = "404", description = "No such account, or not one the caller administers")
    @Operation(operationId = "listTeams", summary = "The account's teams, by name")
    public Uni<PageView<TeamView>> list(@RestPath UUID accountId, @Valid @BeanParam PageQuery page) {
        return service.list(Actor.of(caller), accountId, page);
    }

    @GET
    @Path("/{teamId}")
    @APIResponse(responseCode = "200", description = "The team")
    @APIResponse(
            responseCode = "404",
            description = "No such account or team, or an account the caller does not administer")
    @Operation(operationId = "getTeam", summary = "One team")
    public Uni<TeamView> get(@RestPath UUID accountId, @RestPath UUID teamId) {
        return service.get(Actor.of(caller), accountId, teamId);
    }

    @POST
    @APIResponse(
            responseCode = "201",
            description = "The team",
            headers = @Header(name = "Location", description = "The team", schema = @Schema(type = SchemaType.STRING)),
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TeamView.class)))
    @APIResponse(responseCode = "404", description = "No such account, or not one the caller administers")
    @APIResponse(responseCode = "409", description = "The account has a team of that name (`team-name-taken`)")
    @Operation(operationId = "createTeam", summary = "Create a team; names are unique in the account, ignoring case")
    public Uni<RestResponse<TeamView>> create(
            @RestPath UUID accountId, @NotNull(message = "{usher.required}") @Valid NewTeam request) {
        return service.create(Actor.of(caller), accountId, request)
                .map(team -> RestResponse.ResponseBuilder.<TeamView>created(
                                URI.create("/api/v1/accounts/" + accountId + "/teams/" + team.id()))
                        .entity(team)
                        .build());
    }

    @PATCH
    @Path("/{teamId}")
    @APIResponse(
            responseCode = "200",
            description = "The team, renamed",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TeamView.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such account or team, or an account the caller does not administer")
    @APIResponse(responseCode = "409", description = "The account has another team of that name (`team-name-taken`)")
    @Operation(operationId = "renameTeam", summary = "Rename a team; names are unique in the account, ignoring case")
    public Uni<TeamView> rename(
            @RestPath UUID accountId,
            @RestPath UUID teamId,
            @NotNull(message = "{usher.required}") @Valid NewTeam request) {
        return service.rename(Actor.of(caller), accountId, teamId, request);
    }

    @DELETE
    @Path("/{teamId}")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(
            responseCode = "404",
            description = "No such account or team, or an account the caller does not administer")
    @Operation(operationId = "deleteTeam", summary = "Delete a team; its members stay, without it")
    public Uni<Void> delete(@RestPath UUID accountId, @RestPath UUID teamId) {
        return service.delete(Actor.of(caller), accountId, teamId);
    }
}
