package io.usher.onboarding;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.usher.platform.UsherConfig;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Signing in to Usher's pages, by the OIDC authorization-code flow (the web tenant): the return
 * from the identity provider completes a first sign-in ({@link Activation}), asks a person who
 * came through their company's provider to accept the terms of use, and shows the person's home.
 */
@Path("/")
@Tag(name = "Pages for people", description = "HTML pages behind emailed links and sign-in (not for programs)")
@Produces(MediaType.TEXT_HTML)
public class SignInPages {

    private final Activation activation;
    private final Session session;
    private final ProfileOverview overview;
    private final UsherConfig config;

    public SignInPages(Activation activation, Session session, ProfileOverview overview, UsherConfig config) {
        this.activation = activation;
        this.session = session;
        this.overview = overview;
        this.config = config;
    }

    /** Where sign-in starts and returns (with login_hint and kc_idp_hint passed on to the provider). */
    @GET
    @Path("signin")
    @Authenticated
    @Operation(operationId = "signIn", summary = "Sign in (authorization-code flow), completing a first sign-in")
    public Uni<Response> signIn(@Context HttpServerRequest request, @Context HttpServerResponse response) {
        return signedIn()
                .chain(current -> activation.onAuthenticated(current.person()).map(result -> switch (result.state()) {
                    case ACTIVE -> PageResponses.seeOther(URI.create("/welcome"));
                    case TERMS_REQUIRED -> PageResponses.seeOther(URI.create("/welcome/terms"));
                    default -> refused(request, response, result, current);
                }));
    }

    @GET
    @Path("welcome")
    @Authenticated
    @Operation(operationId = "showHome", summary = "The signed-in person's home: their accounts")
    public Uni<Response> home(@Context HttpServerRequest request, @Context HttpServerResponse response) {
        return signedIn()
                .chain(current -> activation.onAuthenticated(current.person()).chain(result -> switch (result.state()) {
                    case ACTIVE ->
                        overview.of(result.profileId()).map(me -> {
                            PageFrame page = frame(request, response);
                            return PageResponses.ok(
                                    page, Pages.home(page, current.name(), current.email(), me.memberships()));
                        });
                    case TERMS_REQUIRED -> Uni.createFrom().item(PageResponses.seeOther(URI.create("/welcome/terms")));
                    default -> Uni.createFrom().item(refused(request, response, result, current));
                }));
    }

    @GET
    @Path("welcome/terms")
    @Authenticated
    @Operation(operationId = "showTermsToAccept", summary = "The terms of use to accept at a first sign-in through SSO")
    public Uni<Response> terms(@Context HttpServerRequest request, @Context HttpServerResponse response) {
        return signedIn().map(current -> {
            PageFrame page = frame(request, response);
            return PageResponses.ok(page, Pages.terms(page, true, current.name(), false));
        });
    }

    @POST
    @Path("welcome/terms")
    @Authenticated
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(operationId = "acceptTerms", summary = "Accept the terms of use")
    public Uni<Response> acceptTerms(
            @RestForm String acceptTerms, @Context HttpServerRequest request, @Context HttpServerResponse response) {
        return signedIn().chain(current -> {
            if (!"true".equals(acceptTerms)) {
                PageFrame page = frame(request, response);
                return Uni.createFrom()
                        .item(PageResponses.status(
                                Response.Status.BAD_REQUEST, page, Pages.terms(page, true, current.name(), true)));
            }
            return activation
                    .acceptTerms(current.person())
                    .map(result -> result.active()
                            ? PageResponses.seeOther(URI.create("/welcome"))
                            : refused(request, response, result, current));
        });
    }

    /** The terms of use, for anyone to read. */
    @GET
    @Path("terms")
    @PermitAll
    @Operation(operationId = "readTerms", summary = "The terms of use")
    public Response readTerms(@Context HttpServerRequest request, @Context HttpServerResponse response) {
        PageFrame page = frame(request, response);
        return PageResponses.ok(page, Pages.terms(page, false, "", false));
    }

    /** Where the identity provider sends a person back after signing out. */
    @GET
    @Path("signed-out")
    @PermitAll
    @Operation(operationId = "showSignedOut", summary = "Signed out")
    public Response signedOut(@Context HttpServerRequest request, @Context HttpServerResponse response) {
        PageFrame page = frame(request, response);
        return PageResponses.ok(
                page, Pages.done(page, page.msg().out_title(), page.msg().out_body(config.platformName()), "/signin"));
    }

    private Uni<Session.SignedIn> signedIn() {
        // The HTTP policy admitted only signed-in people here; a session without an email is refused.
        return session.current()
                .map(current -> current.orElseThrow(
                        () -> new io.quarkus.security.ForbiddenException("The sign-in session carries no email")));
    }

    private Response refused(
            HttpServerRequest request, HttpServerResponse response, ActivationResult result, Session.SignedIn current) {
        PageFrame page = frame(request, response);
        if (result.state() == ActivationResult.State.DEACTIVATED) {
            return PageResponses.status(
                    Response.Status.FORBIDDEN,
                    page,
                    Pages.refused(page, page.msg().refused_deactivated()));
        }
        String message = switch (current.profile().standing()) {
            case EMAIL_NOT_VERIFIED -> page.msg().refused_emailNotVerified(current.email());
            case CLAIMED_BY_ANOTHER -> page.msg().refused_claimed(current.email(), config.platformName());
            case WRONG_PROVIDER -> page.msg().refused_wrongProvider(current.email());
            case FOUND, NONE -> page.msg().refused_noProfile(config.platformName(), current.email());
        };
        return PageResponses.status(Response.Status.FORBIDDEN, page, Pages.refused(page, message));
    }

    private PageFrame frame(HttpServerRequest request, HttpServerResponse response) {
        return new PageFrame(
                PageLanguage.of(request, response, Optional.empty()), config.platformName(), request.path());
    }
}
