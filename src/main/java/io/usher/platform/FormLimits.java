package io.usher.platform;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;

/**
 * Usher's HTML forms are small (names, a password, a member's role and teams). A form body
 * bigger than {@link #MAX_FORM_BYTES}, or one of unknown length, is answered 413 or 411 before
 * anything parses it: the form parser, fed an over-long field in several chunks, fails once per
 * chunk and ends in a 500. Each field may be as long as the whole body, so no field can trip it.
 */
@ApplicationScoped
public class FormLimits {

    /** Also {@code quarkus.http.limits.max-form-attribute-size}. */
    public static final long MAX_FORM_BYTES = 64 * 1024;

    private static final String FORM = "application/x-www-form-urlencoded";

    void install(@Observes Router router) {
        router.route().order(-10).handler(FormLimits::check);
    }

    private static void check(RoutingContext context) {
        String type = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (context.request().method() == HttpMethod.GET
                || type == null
                || !type.toLowerCase(Locale.ROOT).startsWith(FORM)) {
            context.next();
            return;
        }
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            refuse(context, 411, "Length Required", "A form must be sent with its Content-Length");
            return;
        }
        long bytes;
        try {
            bytes = Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            refuse(context, 400, "The request is not valid", "Content-Length is not a number");
            return;
        }
        if (bytes > MAX_FORM_BYTES) {
            refuse(context, 413, ProblemType.PAYLOAD_TOO_LARGE.title(), "A form may hold at most 64 KB");
            return;
        }
        context.next();
    }

    private static void refuse(RoutingContext context, int status, String title, String detail) {
        String type = status == 413 ? "payload-too-large" : "invalid-request";
        context.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end("{\"type\":\"" + Problem.TYPE_BASE + type + "\",\"title\":\"" + title + "\",\"status\":" + status
                        + ",\"detail\":\"" + detail + "\"}");
    }
}
