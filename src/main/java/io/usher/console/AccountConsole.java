package io.usher.console;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.usher.account.TeamService;
import io.usher.invite.BatchView;
import io.usher.invite.BodyTypes;
import io.usher.invite.InvitationIntake;
import io.usher.invite.InvitationPreview;
import io.usher.invite.PreviewView;
import io.usher.member.MemberChange;
import io.usher.member.MemberDirectory;
import io.usher.member.MemberEdits;
import io.usher.member.MemberFilter;
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
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The console of an account's administrators: the members, one member's page, inviting with a
 * preview, and a batch's live progress. Signed in by the authorization-code flow; every action goes
 * through the same services, checks and locks as the API.
 */
@Path("/console")
@Tag(name = "Console")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class AccountConsole {

    private static final int PAGE_SIZE = 25;

    private final Console console;
    private final AccountPages pages;
    private final TeamService teams;
    private final MemberDirectory directory;
    private final MemberEdits edits;
    private final InvitationResend resend;
    private final PasswordResets resets;
    private final InvitationIntake intake;
    private final InvitationPreview preview;
    private final Pool pool;
    private final Caller caller;

    public AccountConsole(
            Console console,
            AccountPages pages,
            TeamService teams,
            MemberDirectory directory,
            MemberEdits edits,
            InvitationResend resend,
            PasswordResets resets,
            InvitationIntake intake,
            InvitationPreview preview,
            Pool pool,
            Caller caller) {
        this.console = console;
        this.pages = pages;
        this.teams = teams;
        this.directory = directory;
        this.edits = edits;
        this.resend = resend;
        this.resets = resets;
        this.intake = intake;
        this.preview = preview;
        this.pool = pool;
        this.caller = caller;
    }

    /** Where the console opens: the first account the person administers, or the platform pages. */
    @GET
    @Operation(summary = "The console's start")
    public Uni<Response> home() {
        Actor actor = Actor.of(caller);
        return console.administered(actor).map(accounts -> {
            if (!accounts.isEmpty()) {
                return ConsoleResponses.seeOther(
                        "/console/accounts/" + accounts.get(0).id() + "/users");
            }
            return ConsoleResponses.seeOther(actor.platformAdmin() ? "/console/admin/users" : "/welcome");
        });
    }

    @GET
    @Path("/accounts/{accountId}/users")
    @Operation(summary = "The account's members")
    public Uni<Response> users(
            @RestPath UUID accountId,
            @RestQuery String status,
            @RestQuery String role,
            @RestQuery String team,
            @RestQuery String q,
            @RestQuery Integer page,
            @RestQuery String notice,
            @Context HttpServerRequest request,
            @Context HttpServerResponse response) {
        Actor actor = Actor.of(caller);
        int at = ConsolePages.Filters.index(page);
        MemberFilter filter = new MemberFilter(
                parse(MembershipStatus.class, status),
                parse(Role.class, role),
                parseUuid(team),
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
                                                pool, accountId, filter.team().get())
                                        : Uni.createFrom().voidItem())
                                .chain(() -> directory.list(pool, accountId, filter, new PageQuery(at, PAGE_SIZE)))
                                .map(members -> ConsoleResponses.ok(ConsolePages.users(
                                        frame,
                                        members,
                                        teamPage.items(),
                                        filters(filter, at, members.total()),
                                        notice)))));
    }

    @GET
    @Path("/accounts/{accountId}/users/{userId}")
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
                (account, frame) -> userPage(actor, frame, accountId, userId, notice, null, 200));
    }

    private Uni<Response> userPage(
            Actor actor, ConsoleFrame frame, UUID accountId, UUID userId, String notice, String error, int status) {
        return teams.list(actor, accountId, new PageQuery(0, PageQuery.MAX_SIZE))
                .chain(teamPage -> directory
                        .get(pool, accountId, userId)
                        .map(member -> ConsoleResponses.status(
                                status, ConsolePages.user(frame, member, teamPage.items(), notice, error))));
    }

    @POST
    @Path("/accounts/{accountId}/users/{userId}")
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
                        .item(() -> submitted(role, status, teams))
                        .chain(change -> edits.change(actor, accountId, userId, change)),
                userUrl(accountId, userId) + "?notice=saved");
    }

    @POST
    @Path("/accounts/{accountId}/users/{userId}/resend")
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
                userUrl(accountId, userId) + "?notice=resent");
    }

    /** For the page's script: 202 with the wait before the next one, or the API's problem (429 with Retry-After). */
    @POST
    @Path("/accounts/{accountId}/users/{userId}/password-reset")
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
    @Path("/accounts/{accountId}/users/{userId}/delete")
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
                "/console/accounts/" + accountId + "/users?notice=removed");
    }

    /** For the invite dialog's script: what the list would do (JSON, as the API's preview). */
    @POST
    @Path("/accounts/{accountId}/invitations/preview")
    @Consumes({MediaType.TEXT_PLAIN, BodyTypes.TEXT_CSV})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Preview an invitation of one address per line, or of a CSV file with an email column")
    public PreviewView preview(
            @RestPath UUID accountId,
            @RestHeader(HttpHeaders.CONTENT_TYPE) String contentType,
            @RestQuery String role,
            @RestQuery List<String> team,
            InputStream body) {
        return preview.preview(
                Actor.of(caller),
                accountId,
                BodyTypes.textFormatOf(contentType),
                BodyTypes.charsetOf(contentType),
                role,
                team,
                body);
    }

    /** For the invite dialog's script: starts the batch; answers where its progress is shown. */
    @POST
    @Path("/accounts/{accountId}/invitations")
    @Consumes({MediaType.TEXT_PLAIN, BodyTypes.TEXT_CSV})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Invite one address per line, or the addresses of a CSV file with an email column")
    public Map<String, String> invite(
            @RestPath UUID accountId,
            @RestHeader(HttpHeaders.CONTENT_TYPE) String contentType,
            @RestHeader("Idempotency-Key") String idempotencyKey,
            @RestQuery String role,
            @RestQuery List<String> team,
            InputStream body) {
        BatchView batch = intake.receive(
                        Actor.of(caller),
                        accountId,
                        idempotencyKey,
                        BodyTypes.textFormatOf(contentType),
                        BodyTypes.charsetOf(contentType),
                        role,
                        team,
                        body)
                .batch();
        return Map.of("batchId", batch.id().toString(), "location", BatchConsole.batchUrl(accountId, batch.id()));
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
            java.util.function.Supplier<Uni<?>> action,
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
                                ((ProblemException) e).readable(),
                                ((ProblemException) e).type().status())));
    }

    private static ConsolePages.Filters filters(MemberFilter filter, int page, long total) {
        StringBuilder query = new StringBuilder();
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

    /**
     * The member form as sent. Its selects and boxes only offer right values, so a wrong one was
     * forged or is stale: it is refused rather than read as "no change" or "no team".
     */
    private static MemberChange submitted(String role, String status, List<String> teams) {
        List<UUID> wanted = new ArrayList<>();
        for (String team : teams == null ? List.<String>of() : teams) {
            wanted.add(parseUuid(team).orElseThrow(() -> ProblemException.invalidField("teams", "Unknown team")));
        }
        return new MemberChange(
                strict(Role.class, role, "role").orElse(null),
                strict(MembershipStatus.class, status, "status").orElse(null),
                wanted);
    }

    private static <E extends Enum<E>> Optional<E> strict(Class<E> type, String value, String field) {
        Optional<E> parsed = parse(type, value);
        if (parsed.isEmpty() && value != null && !value.isBlank()) {
            throw ProblemException.invalidField(field, "Not a " + field + ": " + abbreviated(value));
        }
        return parsed;
    }

    private static String abbreviated(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }

    /** A choice of a filter: one of the enum's values, or none (a wrong value in a link is ignored). */
    static <E extends Enum<E>> Optional<E> parse(Class<E> type, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Enum.valueOf(type, value.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static Optional<UUID> parseUuid(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(value.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
