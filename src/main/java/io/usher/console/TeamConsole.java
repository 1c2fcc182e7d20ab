package io.usher.console;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.usher.account.NewTeam;
import io.usher.account.TeamService;
import io.usher.platform.Actor;
import io.usher.platform.Caller;
import io.usher.platform.PageQuery;
import io.usher.platform.ProblemException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * An account's teams in the console: the list with each team's member count, and the forms that
 * create, rename and delete a team through the same service, rules and audit as the API. A refused
 * form comes back with what was typed and why; a done one redirects to the list saying so.
 */
@Path("/console/accounts/{accountId}/teams")
@Tag(name = "Console")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class TeamConsole {

    private static final int PAGE_SIZE = 50;

    private final AccountPages pages;
    private final TeamService teams;
    private final Caller caller;

    public TeamConsole(AccountPages pages, TeamService teams, Caller caller) {
        this.pages = pages;
        this.teams = teams;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The account's teams, with their member counts")
    public Uni<Response> list(
            @RestPath UUID accountId,
            @RestQuery Integer page,
            @RestQuery String notice,
            @Context HttpServerRequest request,
            @Context HttpServerResponse response) {
        Actor actor = Actor.of(caller);
        int at = ConsolePages.Filters.index(page);
        return pages.show(
                actor,
                accountId,
                request,
                response,
                (account, frame) -> teamsPage(
                        actor, frame, accountId, at, Notice.named(notice), ConsolePages.TeamForm.none(), 200));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Create a team")
    public Uni<Response> create(
            @RestPath UUID accountId,
            @RestForm String name,
            @Context HttpServerRequest request,
            @Context HttpServerResponse response) {
        Actor actor = Actor.of(caller);
        return teamAction(
                actor,
                accountId,
                request,
                response,
                ConsolePages.TeamForm.NEW,
                name,
                () -> teams.create(actor, accountId, new NewTeam(name)),
                Notice.TEAM_CREATED);
    }

    @POST
    @Path("/{teamId}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Rename a team")
    public Uni<Response> rename(
            @RestPath UUID accountId,
            @RestPath UUID teamId,
            @RestForm String name,
            @Context HttpServerRequest request,
            @Context HttpServerResponse response) {
        Actor actor = Actor.of(caller);
        return teamAction(
                actor,
                accountId,
                request,
                response,
                teamId.toString(),
                name,
                () -> teams.rename(actor, accountId, teamId, new NewTeam(name)),
                Notice.TEAM_RENAMED);
    }

    @POST
    @Path("/{teamId}/delete")
    @Operation(summary = "Delete a team; its members stay, without it")
    public Uni<Response> delete(
            @RestPath UUID accountId,
            @RestPath UUID teamId,
            @Context HttpServerRequest request,
            @Context HttpServerResponse response) {
        Actor actor = Actor.of(caller);
        return teamAction(
                actor,
                accountId,
                request,
                response,
                teamId.toString(),
                null,
                () -> teams.delete(actor, accountId, teamId),
                Notice.TEAM_DELETED);
    }

    /**
     * A team form: then the list saying what was done, or the list again with the form as sent and
     * why it was refused (400 for a bad name, 409 for a taken one). A team that is not the
     * account's is the console's 404 page, as any other.
     */
    private Uni<Response> teamAction(
            Actor actor,
            UUID accountId,
            HttpServerRequest request,
            HttpServerResponse response,
            String target,
            String name,
            Supplier<Uni<?>> action,
            Notice done) {
        return pages.show(
                actor,
                accountId,
                request,
                response,
                (account, frame) -> Uni.createFrom()
                        .deferred(action)
                        .map(result -> ConsoleResponses.seeOther(listUrl(accountId) + done.query()))
                        .onFailure(
                                e -> e instanceof ProblemException p && p.type().status() != 404)
                        .recoverWithUni(e -> {
                            ProblemException problem = (ProblemException) e;
                            return teamsPage(
                                    actor,
                                    frame,
                                    accountId,
                                    0,
                                    null,
                                    new ConsolePages.TeamForm(
                                            target, name == null ? "" : name, problem.readable(frame.lang())),
                                    problem.type().status());
                        }));
    }

    private Uni<Response> teamsPage(
            Actor actor,
            ConsoleFrame frame,
            UUID accountId,
            int page,
            Notice notice,
            ConsolePages.TeamForm form,
            int status) {
        return teams.listWithMembers(actor, accountId, new PageQuery(page, PAGE_SIZE))
                .map(found -> ConsoleResponses.status(
                        status,
                        frame,
                        ConsolePages.teams(
                                frame,
                                found,
                                ConsolePages.Filters.paging(page, PAGE_SIZE, found.total()),
                                notice,
                                form)));
    }

    static String listUrl(UUID accountId) {
        return "/console/accounts/" + accountId + "/teams";
    }
}
