package io.usher.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.All;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads a {@link JsonBody} and checks it whole: the fields Jackson could not read
 * ({@link LenientFields}), the Bean Validation constraints and the body's own checks, answered
 * together in one 400 so that a client fixes its body in one round trip. What cannot be read at
 * all (not JSON, not an object) fails as before, with the body's own problem.
 */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class JsonBodyReader implements MessageBodyReader<JsonBody> {

    private final ObjectMapper json;
    private final Validator validator;
    private final List<BodyCheck<?>> checks;

    public JsonBodyReader(ObjectMapper json, Validator validator, @All List<BodyCheck<?>> checks) {
        this.json = json;
        this.validator = validator;
        this.checks = checks;
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return JsonBody.class.isAssignableFrom(type);
    }

    @Override
    public JsonBody readFrom(
            Class<JsonBody> type,
            Type genericType,
            Annotation[] annotations,
            MediaType mediaType,
            MultivaluedMap<String, String> httpHeaders,
            InputStream entityStream)
            throws IOException {
        PushbackInputStream in = new PushbackInputStream(entityStream);
        int first = in.read();
        if (first == -1) {
            // No body: the operation's own @NotNull says it is required, as for any other body.
            return null;
        }
        in.unread(first);
        List<FieldText> unreadable = new ArrayList<>();
        JsonBody body = json.readerFor(type)
                .withAttribute(LenientFields.ERRORS, unreadable)
                .readValue(in);
        if (body == null) {
            return null;
        }
        List<FieldText> errors = new ArrayList<>(unreadable);
        List<FieldText> others = new ArrayList<>();
        for (ConstraintViolation<JsonBody> violation : validator.validate(body)) {
            // Bean Validation says its messages in the request's language itself (quarkus.locales).
            others.add(new FieldText(ProblemMappers.fieldOf(violation), ApiText.verbatim(violation.getMessage())));
        }
        others.addAll(body.problems(!unreadable.isEmpty()));
        for (BodyCheck<?> check : checks) {
            others.addAll(run(check, body));
        }
        for (FieldText other : others) {
            // A field read as null because it was unreadable is not also "required".
            if (unreadable.stream().noneMatch(u -> related(u.field(), other.field()))) {
                errors.add(other);
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors.stream()
                    .sorted(Comparator.comparing(FieldText::field))
                    .toList());
        }
        return body;
    }

    private static <T extends JsonBody> List<FieldText> run(BodyCheck<T> check, JsonBody body) {
        return check.type().isInstance(body) ? check.problems(check.type().cast(body)) : List.of();
    }

    /** Whether one field is the other, or inside it. */
    private static boolean related(String a, String b) {
        return a.equals(b) || inside(a, b) || inside(b, a);
    }

    private static boolean inside(String inner, String outer) {
        return inner.startsWith(outer)
                && inner.length() > outer.length()
                && (inner.charAt(outer.length()) == '.' || inner.charAt(outer.length()) == '[');
    }
}
