package io.usher.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Usher's HTML forms are small (names, a password, a member's role and teams). A form body
 * bigger than one form field may be ({@code quarkus.http.limits.max-form-attribute-size}), or one
 * of unknown length, is answered 413 or 411 before anything parses it: the form parser, fed an
 * over-long field in several chunks, fails once per chunk and ends in a 500. Since no field can
 * be longer than the whole body, no field can trip the parser.
 */
@ApplicationScoped
public class FormLimits {

    private static final String FORM = "application/x-www-form-urlencoded";

    private final long maxFormBytes;
    private final ObjectMapper json;

    public FormLimits(
            @ConfigProperty(name = "quarkus.http.limits.max-form-attribute-size") MemorySize maxFormBytes,
            ObjectMapper json) {
        this.maxFormBytes = maxFormBytes.asLongValue();
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(-10).handler(this::check);
    }

    private void check(RoutingContext context) {
        String type = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (context.request().method() == HttpMethod.GET
                || type == null
                || !type.toLowerCase(Locale.ROOT).startsWith(FORM)) {
            context.next();
            return;
        }
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            ApiMessages messages = messages(context);
            refuse(
                    context,
                    new Problem(
                            ProblemType.INVALID_REQUEST.uri(),
                            messages.title_LENGTH_REQUIRED(),
                            411,
                            messages.problem_form_length(),
                            "length-required",
                            List.of()));
            return;
        }
        long bytes;
        try {
            bytes = Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            refuse(
                    context,
                    ProblemText.of(
                                    ProblemType.INVALID_REQUEST,
                                    "bad-content-length",
                                    ApiMessages::problem_content_length)
                            .in(messages(context)));
            return;
        }
        if (bytes > maxFormBytes) {
            refuse(
                    context,
                    ProblemText.of(
                                    ProblemType.PAYLOAD_TOO_LARGE,
                                    "form-too-large",
                                    m -> m.problem_form_too_large(maxFormBytes))
                            .in(messages(context)));
            return;
        }
        context.next();
    }

    private static ApiMessages messages(RoutingContext context) {
        return ApiLanguage.forHeader(context.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE));
    }

    private void refuse(RoutingContext context, Problem problem) {
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        context.response()
                .setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(body);
    }
}
