package io.usher.onboarding;

import io.quarkus.oidc.OidcSession;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.usher.identity.IdentityProvider;
import io.usher.identity.SsoDomainService;
import io.usher.invite.EmailAddresses;
import io.usher.invite.LinkKind;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;

/**
 * The invitation pages (RULES.md, "The invitee's side"). Opening a link shows what it is for and
 * changes nothing; the page's form, sent by POST, does the work. When the browser is signed in as
 * someone else, the person chooses between that session and the new profile.
 */
@Path("/")
@Tag(name = "Pages for people", description = "HTML pages behind emailed links and sign-in (not for programs)")
@Produces(MediaType.TEXT_HTML)
public class InvitationPages {

    private final InvitationLinks links;
    private final IdentityProvider identity;
    private final SsoDomainService ssoDomains;
    private final Session session;
    private final OidcSession oidcSession;
    private final UsherConfig config;

    public InvitationPages(
            InvitationLinks links,
            IdentityProvider identity,
            SsoDomainService ssoDomains,
            Session session,
            OidcSession oidcSession,
            UsherConfig config) {
        this.links = links;
        this.identity = identity;
        this.ssoDomains = ssoDomains;
        this.session = session;
        this.oidcSession = oidcSession;
        this.config = config;
    }

    @GET
    @Path("invitations/{token}")
    @PermitAll
    @Operation(operationId = "showInvitationPage", summary = "The page of an invitation link (never spends it)")
    public Uni<Response> show(
            @RestPath String token, @Context HttpServerRequest request, @Context HttpServerResponse response) {
        return links.find(token)
                .map(link -> {
                    PageFrame page = frame(request, response, link.profileLanguage());
                    TemplateInstance html = switch (link.kind()) {
                        case PASSWORD ->
                            Pages.invitationPassword(page, token, link, Map.of("language", page.lang()), Map.of());
                        case SSO -> Pages.invitationSso(page, token, link);
                        case EXISTING_USER -> Pages.invitationExisting(page, token, link);
                    };
                    return PageResponses.ok(page, html);
                })
                .onFailure(LinkGoneException.class)
                .recoverWithItem(() -> gone(request, response));
    }

    @POST
    @Path("invitations/{token}")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(operationId = "acceptInvitationFromPage", summary = "Accept an invitation from its page's form")
    public Uni<Response> accept(
            @RestPath String token,
            @RestForm String firstName,
            @RestForm String lastName,
            @RestForm String password,
            @RestForm String passwordConfirmation,
            @RestForm String phone,
            @RestForm String language,
            @RestForm String acceptTerms,
            @Context HttpServerRequest request,
            @Context HttpServerResponse response) {
        AcceptForm form = new AcceptForm(
                firstName, lastName, password, passwordConfirmation, phone, language, "true".equals(acceptTerms));
        return links.find(token)
                .chain(link -> {
                    PageFrame page = frame(request, response, link.profileLanguage());
                    Uni<URI> signIn = link.kind() == LinkKind.PASSWORD
                            ? links.acceptWithPassword(token, form, true)
                            : links.proceed(token);
                    return signIn.chain(url -> afterAccepting(page, link, url))
                            .onFailure(FormRejectedException.class)
                            .recoverWithItem(e -> {
                                Map<String, String> errors = new LinkedHashMap<>();
                                for (FieldProblem problem : ((FormRejectedException) e).problems()) {
                                    errors.putIfAbsent(problem.field(), problem.in(page.msg()));
                                }
                                Map<String, String> values = new HashMap<>();
                                values.put("firstName", firstName);
                                values.put("lastName", lastName);
                                values.put("phone", phone);
                                values.put("language", language);
                                values.put("acceptTerms", acceptTerms);
                                return PageResponses.status(
                                        Response.Status.BAD_REQUEST,
                                        page,
                                        Pages.invitationPassword(page, token, link, values, errors));
                            });
                })
                .onFailure(LinkGoneException.class)
                .recoverWithItem(() -> gone(request, response));
    }

    /**
     * The person goes to sign in — unless this browser is signed in as someone else: then they
     * choose. Signed in as themselves already, they go straight to their home page.
     */
    private Uni<Response> afterAccepting(PageFrame page, LinkFacts link, URI signIn) {
        return session.current().map(current -> {
            if (current.isEmpty()) {
                return PageResponses.seeOther(signIn);
            }
            if (current.get().profile().id().filter(link.profileId()::equals).isPresent()) {
                return PageResponses.seeOther(URI.create("/welcome"));
            }
            return PageResponses.ok(
                    page, Pages.signedInAsOther(page, current.get().email(), link.email()));
        });
    }

    /**
     * "Continue as the new profile": this browser's session ends here and at the identity
     * provider, which then sends the person to sign in as the new one.
     */
    @POST
    @Path("switch-person")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(operationId = "switchPerson", summary = "Sign the current person out, then sign in as another")
    public Uni<Response> switchPerson(
            @RestForm String email, @Context HttpServerRequest request, @Context HttpServerResponse response) {
        Optional<String> address = Optional.ofNullable(email).flatMap(EmailAddresses::canonical);
        if (address.isEmpty()) {
            return Uni.createFrom().item(gone(request, response));
        }
        return ssoDomains
                .identityProviderOf(address.get())
                .chain(alias -> session.current().chain(current -> {
                    URI then = identity.signInUrl(
                            address.get(),
                            alias,
                            frame(request, response, Optional.empty()).lang());
                    if (current.isEmpty()) {
                        return Uni.createFrom().item(PageResponses.seeOther(then));
                    }
                    return oidcSession
                            .logout()
                            .replaceWith(PageResponses.seeOther(
                                    identity.signOutUrl(current.get().idToken(), then)));
                }));
    }

    private Response gone(HttpServerRequest request, HttpServerResponse response) {
        PageFrame page = frame(request, response, Optional.empty());
        return PageResponses.status(Response.Status.NOT_FOUND, page, Pages.linkGone(page));
    }

    private PageFrame frame(HttpServerRequest request, HttpServerResponse response, Optional<String> language) {
        return new PageFrame(PageLanguage.of(request, response, language), config.platformName(), request.path());
    }
}
