package io.usher.onboarding;

import io.smallrye.mutiny.Uni;
import io.usher.identity.IdentityProvider;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;

/** The page behind a password-reset link: choose the new password, then sign in with it. */
@Path("/password-reset/{token}")
@Tag(name = "Pages for people", description = "HTML pages behind emailed links and sign-in (not for programs)")
@Produces(MediaType.TEXT_HTML)
public class PasswordResetPages {

    private final PasswordResets resets;
    private final IdentityProvider identity;
    private final UsherConfig config;

    public PasswordResetPages(PasswordResets resets, IdentityProvider identity, UsherConfig config) {
        this.resets = resets;
        this.identity = identity;
        this.config = config;
    }

    @GET
    @PermitAll
    @Operation(operationId = "showPasswordResetPage", summary = "The page of a password-reset link (never spends it)")
    public Uni<Response> show(
            @RestPath String token, @Context HttpServerRequest request, @Context HttpServerResponse response) {
        return resets.find(token)
                .map(reset -> {
                    PageFrame page = frame(request, response, reset.language());
                    return PageResponses.ok(page, Pages.passwordReset(page, token, reset.email(), Map.of()));
                })
                .onFailure(LinkGoneException.class)
                .recoverWithItem(() -> gone(request, response));
    }

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(operationId = "submitPasswordResetPage", summary = "Set the new password from the page's form")
    public Uni<Response> reset(
            @RestPath String token,
            @RestForm String password,
            @RestForm String passwordConfirmation,
            @Context HttpServerRequest request,
            @Context HttpServerResponse response) {
        return resets.find(token)
                .chain(found -> {
                    PageFrame page = frame(request, response, found.language());
                    return resets.reset(
                                    token,
                                    password,
                                    Optional.ofNullable(passwordConfirmation).or(() -> Optional.of("")))
                            .map(done -> PageResponses.ok(
                                    page,
                                    Pages.done(
                                            page,
                                            page.msg().reset_doneTitle(),
                                            page.msg().reset_doneBody(),
                                            identity.signInUrl(done.email(), Optional.empty(), page.lang())
                                                    .toString())))
                            .onFailure(FormRejectedException.class)
                            .recoverWithItem(e -> {
                                Map<String, String> errors = new LinkedHashMap<>();
                                for (FieldProblem problem : ((FormRejectedException) e).problems()) {
                                    errors.putIfAbsent(problem.field(), problem.in(page.msg()));
                                }
                                return PageResponses.status(
                                        Response.Status.BAD_REQUEST,
                                        page,
                                        Pages.passwordReset(page, token, found.email(), errors));
                            });
                })
                .onFailure(LinkGoneException.class)
                .recoverWithItem(() -> gone(request, response));
    }

    private Response gone(HttpServerRequest request, HttpServerResponse response) {
        PageFrame page = frame(request, response, null);
        return PageResponses.status(Response.Status.NOT_FOUND, page, Pages.linkGone(page));
    }

    private PageFrame frame(HttpServerRequest request, HttpServerResponse response, String language) {
        return new PageFrame(
                PageLanguage.of(request, response, Optional.ofNullable(language)),
                config.platformName(),
                request.path());
    }
}
