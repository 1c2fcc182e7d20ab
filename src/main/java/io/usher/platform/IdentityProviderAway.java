package io.usher.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.oidc.OIDCException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * The identity provider unreachable while a request is authenticated (a sign-in page that must
 * redirect to it, a token whose keys were never fetched): Quarkus's security layer fails the
 * request with an {@link OIDCException} before any resource runs, and its default handler answers
 * 500. Usher is fine; a dependency is away for a while — a 503 problem with {@code Retry-After},
 * as every other dependency's absence is answered.
 */
@ApplicationScoped
public class IdentityProviderAway {

    private static final Logger LOG = Logger.getLogger(IdentityProviderAway.class);
    static final int RETRY_AFTER_SECONDS = 5;

    private final ObjectMapper json;

    public IdentityProviderAway(ObjectMapper json) {
        this.json = json;
    }

    void install(@Observes Router router) {
        // Failure handlers run in route order; Quarkus's own (the 500) is the last route's.
        router.route().order(-20).failureHandler(this::answer);
    }

    private void answer(RoutingContext context) {
        if (!fromIdentityProvider(context.failure()) || context.response().headWritten()) {
            context.next();
            return;
        }
        LOG.warnf(
                "%s %s: the identity provider is not available (%s)",
                context.request().method(),
                context.request().path(),
                context.failure().getMessage());
        String language = ApiLanguage.of(context.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE));
        ApiMessages messages = ApiLanguage.messages(language);
        Problem problem = ProblemText.of(
                        ProblemType.UNAVAILABLE,
                        "identity-provider-unavailable",
                        ApiMessages::problem_identity_provider)
                .in(messages);
        String accept = context.request().getHeader(HttpHeaders.ACCEPT);
        var response = context.response()
                .setStatusCode(problem.status())
                .putHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS))
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        if (accept != null && accept.contains("text/html")) {
            response.putHeader(HttpHeaders.CONTENT_TYPE, "text/html;charset=UTF-8")
                    .end(page(problem, language));
        } else {
            response.putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE).end(body(problem));
        }
    }

    static boolean fromIdentityProvider(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OIDCException) {
                return true;
            }
        }
        return false;
    }

    private String body(Problem problem) {
        try {
            return json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A page of its own: the pages' layouts need a session this request could not get. */
    private static String page(Problem problem, String language) {
        return "<!doctype html><html lang=\"" + language + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta http-equiv=\"refresh\" content=\"" + RETRY_AFTER_SECONDS + "\">"
                + "<title>" + escape(problem.title()) + "</title></head>"
                + "<body style=\"font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto\">"
                + "<h1>" + escape(problem.title()) + "</h1><p>" + escape(problem.detail()) + "</p></body></html>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
