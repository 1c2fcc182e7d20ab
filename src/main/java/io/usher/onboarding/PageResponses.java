package io.usher.onboarding;

import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * Answers of the pages for people. Pages behind links hold tokens and personal data: never
 * cached, never framed, and the address (with its token) never sent to another site.
 */
final class PageResponses {

    private static final CacheControl NO_STORE = CacheControl.valueOf("no-store");

    private PageResponses() {}

    static Response ok(PageFrame frame, TemplateInstance page) {
        return status(Response.Status.OK, frame, page);
    }

    /** The page rendered in its frame's language (the locale of its {@code msg:} texts). */
    static Response status(Response.Status status, PageFrame frame, TemplateInstance page) {
        return secured(Response.status(status)
                        .entity(page.setLocale(frame.locale()).render())
                        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")))
                .build();
    }

    /** 303: after a form, the browser GETs the next address. */
    static Response seeOther(URI location) {
        return secured(Response.seeOther(location)).build();
    }

    private static Response.ResponseBuilder secured(Response.ResponseBuilder builder) {
        return builder.cacheControl(NO_STORE)
                .header("Referrer-Policy", "same-origin")
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .header(
                        "Content-Security-Policy",
                        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self';"
                                + " form-action *; frame-ancestors 'none'; base-uri 'none'");
    }
}
