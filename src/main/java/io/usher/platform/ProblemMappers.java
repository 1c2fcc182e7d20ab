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

    @ServerExceptionMapper
    public RestResponse<Problem> problem(ProblemException e) {
        if (e instanceof RetryLaterException later) {
            return RestResponse.ResponseBuilder.create(
                            RestResponse.Status.fromStatusCode(e.type().status()), e.toProblem())
                    .header(HttpHeaders.RETRY_AFTER, later.seconds())
                    .type(Problem.MEDIA_TYPE)
                    .build();
        }
        if (e.type() == ProblemType.REQUEST_TIMEOUT) {
            // The rest of the body is not read: the connection cannot carry another request.
            return RestResponse.ResponseBuilder.create(RestResponse.Status.REQUEST_TIMEOUT, e.toProblem())
                    .header("Connection", "close")
                    .type(Problem.MEDIA_TYPE)
                    .build();
        }
        return answer(e.toProblem());
    }

    @ServerExceptionMapper({ConstraintViolationException.class})
    public RestResponse<Problem> constraintViolation(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
        return answer(Problem.invalid("The request is not valid", errors));
    }

    @ServerExceptionMapper({MismatchedInputException.class})
    public RestResponse<Problem> mismatchedInput(MismatchedInputException e) {
        String field = jsonPath(e);
        String message;
        if (e instanceof UnrecognizedPropertyException) {
            message = "is not a known field";
        } else if (e instanceof InvalidFormatException invalid
                && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            message = "must be one of "
                    + Arrays.stream(invalid.getTargetType().getEnumConstants())
                            .map(Object::toString)
                            .collect(Collectors.joining(", "));
        } else if (e.getTargetType() != null) {
            message = "has the wrong type (expected " + describe(e.getTargetType()) + ")";
        } else {
            message = "cannot be read";
        }
        if (field.isEmpty()) {
            return answer(Problem.invalid("The request body " + message, List.of()));
        }
        return answer(Problem.invalid("The request is not valid", List.of(new FieldError(field, message))));
    }

    @ServerExceptionMapper({JsonProcessingException.class})
    public RestResponse<Problem> unreadableJson(JsonProcessingException e) {
        return answer(Problem.invalid("The request body is not valid JSON", List.of()));
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public RestResponse<Problem> unauthenticated(RuntimeException e) {
        return RestResponse.ResponseBuilder.create(
                        RestResponse.Status.UNAUTHORIZED,
                        Problem.of(
                                ProblemType.UNAUTHENTICATED,
                                "A valid bearer token from the identity provider is required"))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .type(Problem.MEDIA_TYPE)
                .build();
    }

    @ServerExceptionMapper({ForbiddenException.class})
    public RestResponse<Problem> forbidden(ForbiddenException e) {
        return answer(Problem.of(ProblemType.FORBIDDEN, "Your role does not allow this"));
    }

    @ServerExceptionMapper({WebApplicationException.class})
    public RestResponse<Problem> webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        // JAX-RS answers 404 when a query parameter cannot be converted; that is the client's typo.
        if (status == 404 && e.getCause() instanceof IllegalArgumentException) {
            return answer(Problem.invalid(
                    "A parameter has the wrong type: " + e.getCause().getMessage(), List.of()));
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
                return answer(Problem.of(ProblemType.INTERNAL, "Something went wrong on our side"));
            }
            return answer(new Problem(
                    ProblemType.INVALID_REQUEST.uri(),
                    Response.Status.Family.familyOf(status).name(),
                    status,
                    e.getMessage(),
                    List.of()));
        }
        return answer(
                Problem.of(type, type == ProblemType.NOT_FOUND ? "There is nothing at this address" : e.getMessage()));
    }

    @ServerExceptionMapper({Throwable.class})
    public RestResponse<Problem> unexpected(Throwable e) {
        if (SqlStates.isQuotaViolation(e)) {
            return answer(Problem.of(ProblemType.QUOTA_REACHED, "The change would exceed the account's quota"));
        }
        if (SqlStates.isUnstorableText(e)) {
            // Checked here, once, rather than field by field: whatever text reaches the database
            // with a NUL in it is refused whole, and its transaction left nothing behind.
            return answer(Problem.invalid(
                    "The request holds a character that cannot be stored (U+0000, the NUL character)", List.of()));
        }
        if (SqlStates.isUniqueViolation(e)) {
            return answer(Problem.of(ProblemType.CONFLICT, "The change conflicts with data that already exists"));
        }
        if (SqlStates.isPoolExhausted(e)) {
            LOG.warn("A request waited for a database connection in vain: the replica is overloaded");
            return problem(new RetryLaterException(
                    ProblemType.UNAVAILABLE, "This server is too busy to answer now; try again shortly", 2));
        }
        LOG.error("Request failed", e);
        return answer(Problem.of(ProblemType.INTERNAL, "Something went wrong on our side"));
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

    private static String describe(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class || type.isEnum() || type == java.util.UUID.class) {
            return "a string";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }
}
