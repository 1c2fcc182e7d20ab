package io.usher.console;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.usher.account.Seats;
import io.usher.account.TeamService;
import io.usher.member.MemberDirectory;
import io.usher.member.MemberEdits;
import io.usher.member.MemberFilter;
import io.usher.member.MemberSort;
import io.usher.member.MembershipStatus;
import io.usher.member.Role;
import io.usher.onboarding.InvitationResend;
import io.usher.onboarding.PasswordResets;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The members pages of an account's console: the list with its filters, one member's page, and
 * the changes its forms and buttons send. Every change goes through the same services, checks and
 * locks as the API.
 */
@Path("/console/accounts/{accountId}/users")
@Tag(name = "Console")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class MemberConsole {

    private static final int PAGE_SIZE = 25;

    private final AccountPages pages;
    private final TeamService teams;
    private final MemberDirectory directory;
    private final MemberEdits edits;
    private final InvitationResend resend;
    private final PasswordResets resets;
    private final Seats seats;
    private final Caller caller;

    public MemberConsole(
            AccountPages pages,
            TeamService teams,
            MemberDirectory directory,
            MemberEdits edits,
            InvitationResend resend,
            PasswordResets resets,
            Seats seats,
            Caller caller) {
        this.pages = pages;
        this.teams = teams;
        this.directory = directory;
        this.edits = edits;
        this.resend = resend;
        this.resets = resets;
        this.seats = seats;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The account's members")
    public Uni<Response> users(
            @RestPath UUID accountId,
            @RestQuery String status,
            @RestQuery String role,
            @RestQuery String team,
            @RestQuery String q,
            @RestQuery String sort,
            @RestQuery Integer page,
            @RestQuery String notice,
            @Context HttpServerRequest request,
            @Context HttpServerResponse response) {
        Actor actor = Actor.of(caller);
        int at = ConsolePages.Filters.index(page);
        // An order the list does not know is no error: the list comes in its usual order.
        MemberSort asked = MemberSort.named(sort).orElse(MemberSort.CREATED);
        MemberFilter filter = new MemberFilter(
                ConsoleForms.choice(MembershipStatus.class, status),
                ConsoleForms.choice(Role.class, role),
                ConsoleForms.id(team),
                Optional.ofNullable(q)
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .map(s -> s.length() > 200 ? s.substring(0, 200) : s));
        return pages.show(
                actor,
                accountId,
                request,
                response,
                (account, frame) -> teams.list(actor, accountId, new PageQuery(0, PageQuery.MAX_SIZE))
                        .chain(teamPage -> (filter.team().isPresent()
                                        ? directory.requireTeam(
                                                accountId, filter.team().get())
                                        : Uni.createFrom().voidItem())
                                .chain(() -> directory.list(accountId, filter, asked, new PageQuery(at, PAGE_SIZE)))
                                .chain(sorted -> seats.of(accountId)
                                        .map(taken -> ConsoleResponses.ok(
                                                frame,
                                                ConsolePages.users(
                                                        frame,
                                                        sorted.members(),
                                                        teamPage.items(),
                                                        filters(
                                                                filter,
                                                                asked,
                                                                at,
                                                                sorted.members().total()),
                                                        Notice.named(notice),
                                                        taken,
                                                        new ConsolePages.Sorting(
                                                                asked.word(),
                                                                sorted.sortedBy() != asked,
                                                                PAGE_SIZE,
                                                                MemberDirectory.SORTABLE)))))));
    }

    @GET
    @Path("/{userId}")
    @Operation(summary = "One member")
    public Uni<Response> user(
            @RestPath UUID accountId,
            @RestPath UUID userId,
            @RestQuery String notice,
            @Context HttpServerRequest request,
            @Context HttpServerResponse response) {
        Actor actor = Actor.of(caller);
        return pages.show(
                actor,
                accountId,
                request,
                response,
                (account, frame) -> userPage(actor, frame, accountId, userId, Notice.named(notice), null, 200));
    }

    private Uni<Response> userPage(
            Actor actor, ConsoleFrame frame, UUID accountId, UUID userId, Notice notice, String error, int status) {
        return teams.list(actor, accountId, new PageQuery(0, PageQuery.MAX_SIZE))
                .chain(teamPage -> directory
                        .get(accountId, userId)
                        .map(member -> ConsoleResponses.status(
                                status, frame, ConsolePages.user(frame, member, teamPage.items(), notice, error))));
    }

    @POST
    @Path("/{userId}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Change a member's role, status and teams")
    public Uni<Response> change(
            @RestPath UUID accountId,
            @RestPath UUID userId,
            @RestForm String role,
            @RestForm String status,
            @RestForm List<String> teams,
            @Context HttpServerRequest request,
            @Context HttpServerResponse response) {
        Actor actor = Actor.of(caller);
        return memberAction(
                actor,
                accountId,
                userId,
                request,
                response,
                () -> Uni.createFrom()
                        .item(() -> ConsoleForms.memberChange(role, status, teams))
                        .chain(change -> edits.change(actor, accountId, userId, change)),
                userUrl(accountId, userId) + Notice.SAVED.query());
    }

    @POST
    @Path("/{userId}/resend")
    @Operation(summary = "Resend a pending member's invitation")
    public Uni<Response> resend(
            @RestPath UUID accountId,
            @RestPath UUID userId,
            @Context HttpServerRequest request,
            @Context HttpServerResponse response) {
        Actor actor = Actor.of(caller);
        return memberAction(
                actor,
                accountId,
                userId,
                request,
                response,
                () -> resend.resend(actor, accountId, userId),
                userUrl(accountId, userId) + Notice.RESENT.query());
    }

    /** For the page's script: 202 with the wait before the next one, or the API's problem (429 with Retry-After). */
    @POST
    @Path("/{userId}/password-reset")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a member a password-reset link")
    public Uni<Response> passwordReset(@RestPath UUID accountId, @RestPath UUID userId) {
        Actor actor = Actor.of(caller);
        return pages.requireAdmin(actor, accountId)
                .chain(account -> resets.request(actor, accountId, userId))
                .map(done -> Response.accepted(
                                Map.of("retryAfter", resets.cooldown().toSeconds()))
                        .build());
    }

    @POST
    @Path("/{userId}/delete")
    @Operation(summary = "Revoke a member's access")
    public Uni<Response> delete(
            @RestPath UUID accountId,
            @RestPath UUID userId,
            @Context HttpServerRequest request,
            @Context HttpServerResponse response) {
        Actor actor = Actor.of(caller);
        return memberAction(
                actor,
                accountId,
                userId,
                request,
                response,
                () -> edits.remove(actor, accountId, userId),
                "/console/accounts/" + accountId + "/users" + Notice.REMOVED.query());
    }

    /**
     * A change to a member from their page's form: then the page named {@code then}, or their page
     * again showing why the change was refused.
     */
    private Uni<Response> memberAction(
            Actor actor,
            UUID accountId,
            UUID userId,
            HttpServerRequest request,
            HttpServerResponse response,
            Supplier<Uni<?>> action,
            String then) {
        return pages.show(
                actor,
                accountId,
                request,
                response,
                (account, frame) -> action.get()
                        .map(done -> ConsoleResponses.seeOther(then))
                        .onFailure(ProblemException.class)
                        .recoverWithUni(e -> userPage(
                                actor,
                                frame,
                                accountId,
                                userId,
                                null,
                                ((ProblemException) e).readable(frame.lang()),
                                ((ProblemException) e).type().status())));
    }

    private static ConsolePages.Filters filters(MemberFilter filter, MemberSort sort, int page, long total) {
        StringBuilder query = new StringBuilder();
        if (sort != MemberSort.CREATED) {
            query.append("&sort=").append(sort.word());
        }
        filter.status().ifPresent(s -> query.append("&status=").append(s));
        filter.role().ifPresent(r -> query.append("&role=").append(r));
        filter.team().ifPresent(t -> query.append("&team=").append(t));
        filter.text().ifPresent(q -> query.append("&q=").append(URLEncoder.encode(q, StandardCharsets.UTF_8)));
        int pages = ConsolePages.Filters.pageCount(total, PAGE_SIZE);
        return new ConsolePages.Filters(
                filter.status().map(Enum::name).orElse(""),
                filter.role().map(Enum::name).orElse(""),
                filter.team().map(UUID::toString).orElse(""),
                filter.text().orElse(""),
                page,
                pages,
                query.toString());
    }

    static String userUrl(UUID accountId, UUID userId) {
        return "/console/accounts/" + accountId + "/users/" + userId;
    }
}
