package io.usher.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure becomes an RFC 9457 problem detail. Client mistakes are 4xx with what to fix;
 * anything unexpected is a 500 whose stack trace stays in the server log.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** The request property a console page reads to say the problem in its own language. */
    public static final String PROBLEM_PROPERTY = "usher.problem";

    @ServerExceptionMapper
    public RestResponse<Problem> problem(ProblemException e, ContainerRequestContext request) {
        Problem problem = say(e.text(), request);
        if (e instanceof RetryLaterException later) {
            return RestResponse.ResponseBuilder.create(
                            RestResponse.Status.fromStatusCode(e.type().status()), problem)
                    .header(HttpHeaders.RETRY_AFTER, later.seconds())
                    .type(Problem.MEDIA_TYPE)
                    .build();
        }
        if (e.type() == ProblemType.REQUEST_TIMEOUT) {
            // The rest of the body is not read: the connection cannot carry another request.
            return RestResponse.ResponseBuilder.create(RestResponse.Status.REQUEST_TIMEOUT, problem)
                    .header("Connection", "close")
                    .type(Problem.MEDIA_TYPE)
                    .build();
        }
        return answer(problem);
    }

    @ServerExceptionMapper({ConstraintViolationException.class})
    public RestResponse<Problem> constraintViolation(ConstraintViolationException e, ContainerRequestContext request) {
        // Bean Validation says its messages in the request's language itself (quarkus.locales).
        List<FieldText> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .map(error -> new FieldText(error.field(), ApiText.verbatim(error.message())))
                .toList();
        return answer(say(ProblemException.invalid(errors).text(), request));
    }

    @ServerExceptionMapper({MismatchedInputException.class})
    public RestResponse<Problem> mismatchedInput(MismatchedInputException e, ContainerRequestContext request) {
        String field = jsonPath(e);
        ApiText message;
        String code;
        if (e instanceof UnrecognizedPropertyException) {
            message = ApiMessages::field_unknown;
            code = "unknown-field";
        } else if (e instanceof InvalidFormatException invalid
                && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            // The values a program sends, as the API spells them.
            String values = Arrays.stream(invalid.getTargetType().getEnumConstants())
                    .map(Object::toString)
                    .collect(Collectors.joining(", "));
            message = m -> m.field_one_of(values);
            code = "unknown-value";
        } else if (e.getTargetType() != null) {
            Class<?> target = e.getTargetType();
            message = m -> m.field_wrong_type(describe(m, target));
            code = "wrong-type";
        } else {
            message = ApiMessages::field_unreadable;
            code = "unreadable-body";
        }
        if (field.isEmpty()) {
            ApiText detail = m -> m.problem_body(message.in(m));
            return answer(say(ProblemText.of(ProblemType.INVALID_REQUEST, code, detail), request));
        }
        return answer(say(ProblemException.invalidField(field, message).text(), request));
    }

    @ServerExceptionMapper({JsonProcessingException.class})
    public RestResponse<Problem> unreadableJson(JsonProcessingException e, ContainerRequestContext request) {
        return answer(say(
                ProblemText.of(ProblemType.INVALID_REQUEST, "invalid-json", ApiMessages::problem_invalid_json),
                request));
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public RestResponse<Problem> unauthenticated(RuntimeException e, ContainerRequestContext request) {
        return RestResponse.ResponseBuilder.create(
                        RestResponse.Status.UNAUTHORIZED,
                        say(
                                ProblemText.of(
                                        ProblemType.UNAUTHENTICATED,
                                        ProblemType.UNAUTHENTICATED.slug(),
                                        ApiMessages::problem_unauthenticated),
                                request))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .type(Problem.MEDIA_TYPE)
                .build();
    }

    @ServerExceptionMapper({ForbiddenException.class})
    public RestResponse<Problem> forbidden(ForbiddenException e, ContainerRequestContext request) {
        return answer(say(
                ProblemText.of(ProblemType.FORBIDDEN, "role-forbidden", ApiMessages::problem_role_forbidden), request));
    }

    @ServerExceptionMapper({WebApplicationException.class})
    public RestResponse<Problem> webApplication(WebApplicationException e, ContainerRequestContext request) {
        int status = e.getResponse().getStatus();
        // JAX-RS answers 404 when a query parameter cannot be converted; that is the client's typo.
        if (status == 404 && e.getCause() instanceof IllegalArgumentException) {
            String reason = String.valueOf(e.getCause().getMessage());
            return answer(say(
                    ProblemText.of(
                            ProblemType.INVALID_REQUEST,
                            "wrong-parameter-type",
                            m -> m.problem_invalid_parameter(reason)),
                    request));
        }
        ProblemType type = switch (status) {
            case 400 -> ProblemType.INVALID_REQUEST;
            case 401 -> ProblemType.UNAUTHENTICATED;
            case 403 -> ProblemType.FORBIDDEN;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            default -> null;
        };
        if (type == null) {
            if (status >= 500) {
                LOG.error("Request failed", e);
                return answer(say(internal(), request));
            }
            Problem problem = new Problem(
                    ProblemType.INVALID_REQUEST.uri(),
                    Response.Status.Family.familyOf(status).name(),
                    status,
                    e.getMessage(),
                    ProblemType.INVALID_REQUEST.slug(),
                    List.of());
            return answer(problem);
        }
        ApiText detail = switch (type) {
            case NOT_FOUND -> ApiMessages::problem_not_found;
            // Said by the framework, in English: the title carries the reader's language.
            default -> ApiText.verbatim(e.getMessage());
        };
        return answer(say(ProblemText.of(type, type.slug(), detail), request));
    }

    @ServerExceptionMapper({Throwable.class})
    public RestResponse<Problem> unexpected(Throwable e, ContainerRequestContext request) {
        if (SqlStates.isQuotaViolation(e)) {
            return answer(say(
                    ProblemText.of(ProblemType.QUOTA_REACHED, "quota-exceeded", ApiMessages::problem_quota_exceeded),
                    request));
        }
        if (SqlStates.isUnstorableText(e)) {
            // Checked here, once, rather than field by field: whatever text reaches the database
            // with a NUL in it is refused whole, and its transaction left nothing behind.
            return answer(say(
                    ProblemText.of(
                            ProblemType.INVALID_REQUEST, "unstorable-text", ApiMessages::problem_unstorable_text),
                    request));
        }
        if (SqlStates.isUniqueViolation(e)) {
            return answer(say(
                    ProblemText.of(ProblemType.CONFLICT, "already-exists", ApiMessages::problem_conflict_exists),
                    request));
        }
        if (SqlStates.isPoolExhausted(e)) {
            LOG.warn("A request waited for a database connection in vain: the replica is overloaded");
            return problem(
                    new RetryLaterException(
                            ProblemType.UNAVAILABLE, "server-busy", ApiMessages::problem_server_busy, 2),
                    request);
        }
        LOG.error("Request failed", e);
        return answer(say(internal(), request));
    }

    static ProblemText internal() {
        return ProblemText.of(ProblemType.INTERNAL, ProblemType.INTERNAL.slug(), ApiMessages::problem_internal);
    }

    /**
     * The problem in the reader's language; kept on the request too, so that a console page can
     * say it in the page's language.
     */
    static Problem say(ProblemText text, ContainerRequestContext request) {
        request.setProperty(PROBLEM_PROPERTY, text);
        return text.in(ApiLanguage.of(request.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE)));
    }

    static RestResponse<Problem> answer(Problem problem) {
        return RestResponse.ResponseBuilder.create(RestResponse.Status.fromStatusCode(problem.status()), problem)
                .type(Problem.MEDIA_TYPE)
                .build();
    }

    /** The field a violation names: the JSON path inside a body, or the query parameter's name. */
    static String fieldOf(ConstraintViolation<?> violation) {
        List<String> names = new ArrayList<>();
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            switch (node.getKind()) {
                case METHOD, CONSTRUCTOR, RETURN_VALUE, CROSS_PARAMETER -> {}
                case PARAMETER -> parameter = node.getName();
                default -> {
                    if (node.getName() != null) {
                        names.add(
                                node.getIndex() != null
                                        ? node.getName() + "[" + node.getIndex() + "]"
                                        : node.getName());
                    } else if (node.getIndex() != null && !names.isEmpty()) {
                        int last = names.size() - 1;
                        names.set(last, names.get(last) + "[" + node.getIndex() + "]");
                    }
                }
            }
        }
        if (!names.isEmpty()) {
            return String.join(".", names);
        }
        return parameter == null ? "" : parameter;
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    static String describe(ApiMessages messages, Class<?> type) {
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return messages.type_number();
        }
        if (type == Boolean.class || type == boolean.class) {
            return messages.type_boolean();
        }
        if (type == String.class || type.isEnum() || type == java.util.UUID.class) {
            return messages.type_string();
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return messages.type_array();
        }
        return messages.type_object();
    }
}
