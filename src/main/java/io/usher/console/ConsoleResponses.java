package io.usher.console;

import io.quarkus.qute.TemplateInstance;
import io.usher.platform.ProblemException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;

/** Answers of console pages: never cached, never framed, scripts and styles only from Usher itself. */
final class ConsoleResponses {

    private ConsoleResponses() {}

    static Response ok(ConsoleFrame frame, TemplateInstance page) {
        return status(200, frame, page);
    }

    /** The page rendered in its frame's language (the locale of its {@code msg:} texts). */
    static Response status(int status, ConsoleFrame frame, TemplateInstance page) {
        return secured(Response.status(status)
                        .entity(page.setLocale(frame.page().locale()).render())
                        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")))
                .build();
    }

    /** The console's page for a problem, with the problem's status. */
    static Response problem(ConsoleFrame frame, ProblemException e) {
        int status = e.type().status();
        return status(status, frame, ConsolePages.problem(frame, status, e.readable(frame.lang())));
    }

    /** 303: after a form, the browser GETs the page that shows its result. */
    static Response seeOther(String location) {
        return secured(Response.seeOther(URI.create(location))).build();
    }

    private static Response.ResponseBuilder secured(Response.ResponseBuilder builder) {
        SECURITY_HEADERS.forEach(builder::header);
        return builder;
    }

    /** The same headers on an answer made elsewhere (a problem turned into a page). */
    static void secure(MultivaluedMap<String, Object> headers) {
        SECURITY_HEADERS.forEach(headers::putSingle);
    }

    private static final Map<String, String> SECURITY_HEADERS = Map.of(
            HttpHeaders.CACHE_CONTROL,
            "no-store",
            "Referrer-Policy",
            "same-origin",
            "X-Frame-Options",
            "DENY",
            "X-Content-Type-Options",
            "nosniff",
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none';"
                    + " base-uri 'none'; form-action 'self'");
}
