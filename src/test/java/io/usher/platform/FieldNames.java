package io.usher.platform;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Constraint;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The field names Usher can report in a problem's {@code errors[].field}, found in its code rather
 * than listed by hand, so that a new one without a label fails {@code LanguagesIT}.
 */
final class FieldNames {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path CLASSES = Path.of("target/classes");

    /** A field named where an error is made: {@code new FieldText("teams[" + i + "]", …)}. */
    private static final Pattern MADE =
            Pattern.compile("\\b(?:FieldText|invalidField|FieldProblem)\\(\\s*\"([A-Za-z][\\w.-]*)");

    /** A field named to a helper that makes the error: {@code strict(Role.class, role, "role")}. */
    private static final Pattern HELPED =
            Pattern.compile("(?<![.\\w])(?:strict|moment|name|parseRole|checkTeams)\\([^;{]*?\"([A-Za-z][\\w.-]*)\"");

    private static final Pattern VALIDATION_KEY = Pattern.compile("message = \"\\{([\\w.]+)}\"");

    private FieldNames() {}

    /** The names the code gives field errors it makes itself. */
    static Set<String> reported() throws IOException {
        Set<String> fields = new TreeSet<>();
        for (String source : sources()) {
            for (Pattern pattern : List.of(MADE, HELPED)) {
                Matcher found = pattern.matcher(source);
                while (found.find()) {
                    fields.add(found.group(1));
                }
            }
        }
        return fields;
    }

    /** The Bean Validation message keys the constraints name. */
    static Set<String> validationKeys() throws IOException {
        Set<String> keys = new TreeSet<>();
        for (String source : sources()) {
            Matcher found = VALIDATION_KEY.matcher(source);
            while (found.find()) {
                keys.add(found.group(1));
            }
        }
        return keys;
    }

    /**
     * The names Bean Validation and Jackson give the fields of requests: every validated query,
     * form or header parameter of a resource, and every property of a body, nested ones by their
     * path ({@code quotas.SITE_ADMIN}), a missing body by its parameter's name.
     */
    static Set<String> ofRequests() throws IOException, ClassNotFoundException {
        Set<String> fields = new TreeSet<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (String name : classNames()) {
            Class<?> type = Class.forName(name, false, loader);
            if (!type.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
                continue;
            }
            for (Method method : type.getDeclaredMethods()) {
                if (!resourceMethod(method)) {
                    continue;
                }
                for (Parameter parameter : method.getParameters()) {
                    parameter(parameter, fields);
                }
            }
        }
        return fields;
    }

    /** A method a request reaches (not a helper of the resource's). */
    private static boolean resourceMethod(Method method) {
        if (method.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
            return true;
        }
        for (Annotation annotation : method.getAnnotations()) {
            if (annotation.annotationType().isAnnotationPresent(HttpMethod.class)) {
                return true;
            }
        }
        return false;
    }

    private static void parameter(Parameter parameter, Set<String> fields) {
        if (has(parameter, Context.class, PathParam.class, RestPath.class, CookieParam.class)) {
            return;
        }
        if (parameter.isAnnotationPresent(BeanParam.class)) {
            for (Field field : parameter.getType().getDeclaredFields()) {
                String name = named(field, field.getName());
                if (name != null && validated(field)) {
                    fields.add(name);
                }
            }
            return;
        }
        String name = named(parameter, parameter.getName());
        if (name != null) {
            if (validated(parameter)) {
                fields.add(name);
            }
            return;
        }
        // A body: its own name when it is required, and each property Jackson or a constraint names.
        if (parameter.getType().getName().startsWith("io.usher.")
                && parameter.getType().isRecord()) {
            if (validated(parameter)) {
                fields.add(parameter.getName());
            }
            properties(parameter.getType(), "", fields);
        }
    }

    private static void properties(Class<?> record, String prefix, Set<String> fields) {
        for (RecordComponent component : record.getRecordComponents()) {
            String name = component.getName();
            try {
                JsonProperty json = record.getDeclaredField(name).getAnnotation(JsonProperty.class);
                if (json != null && !json.value().isEmpty()) {
                    name = json.value();
                }
            } catch (NoSuchFieldException impossible) {
                throw new IllegalStateException(impossible);
            }
            fields.add(prefix + name);
            Class<?> type = component.getType();
            if (type.isRecord() && type.getName().startsWith("io.usher.")) {
                properties(type, prefix + name + ".", fields);
            }
        }
    }

    /** The name a request gives a parameter, or null for a body. */
    private static String named(AnnotatedElement element, String javaName) {
        for (Annotation annotation : element.getAnnotations()) {
            String given = null;
            if (annotation instanceof QueryParam q) {
                given = q.value();
            } else if (annotation instanceof FormParam f) {
                given = f.value();
            } else if (annotation instanceof HeaderParam h) {
                given = h.value();
            } else if (annotation instanceof RestQuery q) {
                given = q.value();
            } else if (annotation instanceof RestForm f) {
                given = f.value();
            } else if (annotation instanceof RestHeader h) {
                given = h.value();
            }
            if (given != null) {
                return given.isEmpty() ? javaName : given;
            }
        }
        return null;
    }

    private static boolean validated(AnnotatedElement element) {
        for (Annotation annotation : element.getAnnotations()) {
            if (annotation instanceof Valid || annotation.annotationType().isAnnotationPresent(Constraint.class)) {
                return true;
            }
        }
        return false;
    }

    @SafeVarargs
    private static boolean has(AnnotatedElement element, Class<? extends Annotation>... annotations) {
        for (Class<? extends Annotation> annotation : annotations) {
            if (element.isAnnotationPresent(annotation)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> sources() throws IOException {
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                texts.add(Files.readString(file));
            }
        }
        return texts;
    }

    private static List<String> classNames() throws IOException {
        try (Stream<Path> files = Files.walk(CLASSES.resolve("io/usher"))) {
            return files.map(CLASSES::relativize)
                    .map(Path::toString)
                    .filter(f -> f.endsWith(".class") && !f.contains("$"))
                    .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.'))
                    .toList();
        }
    }
}
