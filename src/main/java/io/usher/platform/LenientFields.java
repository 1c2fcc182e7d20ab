package io.usher.platform;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Lets a {@link JsonBody} be read past its unreadable fields: each is noted with its JSON path and
 * read as null, and reading goes on. Only a read that asks for it (the {@link #ERRORS} attribute,
 * set by {@link JsonBodyReader}) is lenient; every other use of the mapper fails as Jackson does.
 * An unreadable body itself (an array where an object belongs) is left to fail whole.
 */
@Singleton
public class LenientFields implements ObjectMapperCustomizer {

    /** The per-read attribute holding the list the unreadable fields are noted in. */
    static final Object ERRORS = LenientFields.class;

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.addHandler(new Handler());
    }

    private static final class Handler extends DeserializationProblemHandler {

        @Override
        public boolean handleUnknownProperty(
                DeserializationContext ctxt,
                JsonParser p,
                JsonDeserializer<?> deserializer,
                Object beanOrClass,
                String propertyName)
                throws IOException {
            List<FieldText> errors = errors(ctxt);
            if (errors == null) {
                return false;
            }
            String field;
            JsonParser body = ctxt.getParser();
            if (p != body && body != null && body.currentToken() == JsonToken.END_OBJECT) {
                // A record's creator keeps unknown fields aside and replays them once its object
                // is read: the replay knows nothing of where that object is, the body's parser does.
                String object = path(body);
                field = object.isEmpty() ? propertyName : object + "." + propertyName;
            } else {
                field = path(p);
            }
            errors.add(new FieldText(field, ApiMessages::field_unknown));
            p.skipChildren();
            return true;
        }

        @Override
        public Object handleWeirdStringValue(
                DeserializationContext ctxt, Class<?> targetType, String valueToConvert, String failureMsg) {
            return note(ctxt, ctxt.getParser(), targetType);
        }

        @Override
        public Object handleWeirdNumberValue(
                DeserializationContext ctxt, Class<?> targetType, Number valueToConvert, String failureMsg) {
            return note(ctxt, ctxt.getParser(), targetType);
        }

        @Override
        public Object handleUnexpectedToken(
                DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p, String failureMsg)
                throws IOException {
            return note(ctxt, p, targetType.getRawClass());
        }

        @Override
        public Object handleMissingInstantiator(
                DeserializationContext ctxt, Class<?> instClass, ValueInstantiator valueInsts, JsonParser p, String msg)
                throws IOException {
            return note(ctxt, p, instClass);
        }

        /** Notes the field the parser is at, skips its value, and reads it as null. */
        private static Object note(DeserializationContext ctxt, JsonParser p, Class<?> target) {
            List<FieldText> errors = errors(ctxt);
            String field = p == null ? "" : path(p);
            if (errors == null || field.isEmpty()) {
                return NOT_HANDLED;
            }
            errors.add(new FieldText(field, message(target)));
            try {
                p.skipChildren();
            } catch (IOException e) {
                return NOT_HANDLED;
            }
            return null;
        }

        @SuppressWarnings("unchecked")
        private static List<FieldText> errors(DeserializationContext ctxt) {
            return (List<FieldText>) ctxt.getAttribute(ERRORS);
        }
    }

    /** What the client is told about a value that is not of the field's type. */
    static ApiText message(Class<?> target) {
        if (target != null && target.isEnum()) {
            // The values a program sends, as the API spells them.
            String values = Arrays.stream(target.getEnumConstants())
                    .map(Object::toString)
                    .collect(Collectors.joining(", "));
            return m -> m.field_one_of(values);
        }
        if (target == java.util.UUID.class) {
            return ApiMessages::field_uuid;
        }
        return m -> m.field_wrong_type(ProblemMappers.describe(m, target));
    }

    /** The JSON path of the value the parser is at: {@code teams[0]}, {@code quotas.EDITOR}. */
    static String path(JsonParser p) {
        JsonStreamContext context = p.getParsingContext();
        if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
            // The value is a container: the parser already stands inside it.
            context = context.getParent();
        }
        List<String> names = new java.util.ArrayList<>();
        for (; context != null && !context.inRoot(); context = context.getParent()) {
            if (context.inArray()) {
                names.add(0, "[" + Math.max(context.getCurrentIndex(), 0) + "]");
            } else if (context.getCurrentName() != null) {
                names.add(0, context.getCurrentName());
            }
        }
        StringBuilder path = new StringBuilder();
        for (String name : names) {
            if (!path.isEmpty() && !name.startsWith("[")) {
                path.append('.');
            }
            path.append(name);
        }
        return path.toString();
    }
}
