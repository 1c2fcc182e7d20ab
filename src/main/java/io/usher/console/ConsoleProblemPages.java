package io.usher.console;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import io.usher.platform.Actor;
import io.usher.platform.ApiLanguage;
import io.usher.platform.Caller;
import io.usher.platform.Problem;
import io.usher.platform.ProblemMappers;
import io.usher.platform.ProblemText;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.lang.annotation.Annotation;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * A problem met while a browser opens a console page or sends one of its forms — a role that
 * may not see it, a malformed address, a page that does not exist — is shown as a console page
 * in the person's language, not as JSON. The pages' scripts ask for JSON and keep the problem.
 */
public class ConsoleProblemPages {

    private final Console console;
    private final Caller caller;
    private final CurrentVertxRequest current;

    public ConsoleProblemPages(Console console, Caller caller, CurrentVertxRequest current) {
        this.console = console;
        this.caller = caller;
        this.current = current;
    }

    @ServerResponseFilter
    public Uni<Void> asPage(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(response.getEntity() instanceof Problem problem) || !forBrowser(request)) {
            return Uni.createFrom().voidItem();
        }
        // Said again in the page's language, which a console page may choose over the browser's.
        Object said = request.getProperty(ProblemMappers.PROBLEM_PROPERTY);
        var exchange = current.getCurrent();
        return console.frame(Actor.of(caller), exchange.request(), exchange.response(), Optional.empty())
                .invoke(frame -> {
                    String readable = said instanceof ProblemText text
                            ? text.readable(frame.lang())
                            : problem.readable(ApiLanguage.messages(frame.lang()));
                    response.setEntity(
                            ConsolePages.problem(frame, problem.status(), readable)
                                    .setLocale(frame.page().locale())
                                    .render(),
                            new Annotation[0],
                            MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
                    ConsoleResponses.secure(response.getHeaders());
                })
                .replaceWithVoid();
    }

    /** A console address, asked for by a browser's navigation or form (which accept HTML). */
    private static boolean forBrowser(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.equals("/console") && !path.startsWith("/console/")) {
            return false;
        }
        String accept = request.getHeaderString(HttpHeaders.ACCEPT);
        return accept != null && accept.contains(MediaType.TEXT_HTML);
    }
}
