package io.usher.console;

import io.smallrye.mutiny.Uni;
import io.usher.identity.SsoDomainRoute;
import io.usher.identity.SsoDomainService;
import io.usher.member.ProfileAdmin;
import io.usher.member.ProfileStatus;
import io.usher.platform.Actor;
import io.usher.platform.Caller;
import io.usher.platform.PageQuery;
import io.usher.platform.ProblemException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.annotation.security.RolesAllowed;
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
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** The console's platform pages: every person, one person's accounts, deactivation and reactivation, SSO domains. */
@Path("/console/admin")
@Tag(name = "Console")
@RolesAllowed(Caller.PLATFORM_ADMIN)
@Produces(MediaType.TEXT_HTML)
public class PlatformConsole {

    private static final int PAGE_SIZE = 25;

    private final Console console;
    private final ProfileAdmin profiles;
    private final SsoDomainService ssoDomains;
    private final Caller caller;

    public PlatformConsole(Console console, ProfileAdmin profiles, SsoDomainService ssoDomains, Caller caller) {
        this.console = console;
        this.profiles = profiles;
        this.ssoDomains = ssoDomains;
        this.caller = caller;
    }

    @GET
    @Path("/users")
    @Operation(summary = "Every person on the platform")
    public Uni<Response> people(
            @RestQuery String status,
            @RestQuery String q,
            @RestQuery Integer page,
            @Context HttpServerRequest request,
            @Context HttpServerResponse response) {
        int at = ConsolePages.Filters.index(page);
        Optional<ProfileStatus> state = ConsoleForms.choice(ProfileStatus.class, status);
        Optional<String> text =
                Optional.ofNullable(q).map(String::strip).filter(s -> !s.isEmpty() && s.length() <= 200);
        return frame(request, response)
                .chain(frame -> profiles.list(state, text, new PageQuery(at, PAGE_SIZE))
                        .map(found -> {
                            StringBuilder query = new StringBuilder();
                            state.ifPresent(s -> query.append("&status=").append(s));
                            text.ifPresent(
                                    t -> query.append("&q=").append(URLEncoder.encode(t, StandardCharsets.UTF_8)));
                            int pages = ConsolePages.Filters.pageCount(found.total(), PAGE_SIZE);
                            return ConsoleResponses.ok(
                                    frame,
                                    ConsolePages.people(
                                            frame,
                                            found,
                                            new ConsolePages.Filters(
                                                    state.map(Enum::name).orElse(""),
                                                    "",
                                                    "",
                                                    text.orElse(""),
                                                    at,
                                                    pages,
                                                    query.toString())));
                        }));
    }

    @GET
    @Path("/users/{userId}")
    @Operation(summary = "One person and every account they belong to")
    public Uni<Response> person(
            @RestPath UUID userId,
            @RestQuery String notice,
            @Context HttpServerRequest request,
            @Context HttpServerResponse response) {
        return frame(request, response)
                .chain(frame -> profiles.get(userId)
                        .map(person ->
                                ConsoleResponses.ok(frame, ConsolePages.person(frame, person, Notice.named(notice))))
                        .onFailure(ProblemException.class)
                        .recoverWithItem(e -> ConsoleResponses.problem(frame, (ProblemException) e)));
    }

    @POST
    @Path("/users/{userId}/deactivate")
    @Operation(summary = "Deactivate a person")
    public Uni<Response> deactivate(
            @RestPath UUID userId, @Context HttpServerRequest request, @Context HttpServerResponse response) {
        return frame(request, response)
                .chain(frame -> profiles.deactivate(Actor.of(caller), userId)
                        .map(person -> ConsoleResponses.seeOther(
                                "/console/admin/users/" + userId + Notice.DEACTIVATED.query()))
                        .onFailure(ProblemException.class)
                        .recoverWithItem(e -> ConsoleResponses.problem(frame, (ProblemException) e)));
    }

    @POST
    @Path("/users/{userId}/reactivate")
    @Operation(summary = "Reactivate a deactivated person")
    public Uni<Response> reactivate(
            @RestPath UUID userId, @Context HttpServerRequest request, @Context HttpServerResponse response) {
        return frame(request, response)
                .chain(frame -> profiles.reactivate(Actor.of(caller), userId)
                        .map(person -> ConsoleResponses.seeOther(
                                "/console/admin/users/" + userId + Notice.REACTIVATED.query()))
                        .onFailure(ProblemException.class)
                        .recoverWithItem(e -> ConsoleResponses.problem(frame, (ProblemException) e)));
    }

    @GET
    @Path("/sso-domains")
    @Operation(summary = "The SSO domains")
    public Uni<Response> ssoDomains(
            @RestQuery String notice, @Context HttpServerRequest request, @Context HttpServerResponse response) {
        return frame(request, response).chain(frame -> domainsPage(frame, Notice.named(notice), null, 200));
    }

    @POST
    @Path("/sso-domains")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Route a domain to an identity provider")
    public Uni<Response> putDomain(
            @RestForm String domain,
            @RestForm String identityProvider,
            @Context HttpServerRequest request,
            @Context HttpServerResponse response) {
        return frame(request, response).chain(frame -> {
            String alias = identityProvider == null ? "" : identityProvider.strip();
            if (!alias.matches("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")) {
                return domainsPage(frame, null, frame.msg().console_sso_badAlias(), 400);
            }
            return ssoDomains
                    .put(domain == null ? "" : domain, new SsoDomainRoute(alias))
                    .map(saved -> ConsoleResponses.seeOther("/console/admin/sso-domains" + Notice.SAVED.query()))
                    .onFailure(ProblemException.class)
                    .recoverWithUni(e -> domainsPage(frame, null, frame.msg().console_sso_badDomain(), 400));
        });
    }

    @POST
    @Path("/sso-domains/{domain}/delete")
    @Operation(summary = "Stop routing a domain to an identity provider")
    public Uni<Response> deleteDomain(
            @RestPath String domain, @Context HttpServerRequest request, @Context HttpServerResponse response) {
        return frame(request, response)
                .chain(frame -> ssoDomains
                        .delete(domain)
                        .map(deleted ->
                                ConsoleResponses.seeOther("/console/admin/sso-domains" + Notice.REMOVED.query()))
                        .onFailure(ProblemException.class)
                        .recoverWithItem(e -> ConsoleResponses.problem(frame, (ProblemException) e)));
    }

    private Uni<Response> domainsPage(ConsoleFrame frame, Notice notice, String error, int status) {
        return ssoDomains
                .list()
                .map(domains ->
                        ConsoleResponses.status(status, frame, ConsolePages.ssoDomains(frame, domains, notice, error)));
    }

    private Uni<ConsoleFrame> frame(HttpServerRequest request, HttpServerResponse response) {
        return console.frame(Actor.of(caller), request, response, Optional.empty());
    }
}
