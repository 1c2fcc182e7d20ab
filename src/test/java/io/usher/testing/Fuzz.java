package io.usher.testing;

import static io.restassured.RestAssured.given;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * What the fuzzing tests share: the operations the OpenAPI document lists (or resource classes
 * declare), and addresses for them built from right ids (most of the time) or odd ones, with odd
 * query values.
 */
public final class Fuzz {

    /** One operation of the OpenAPI document: its method, path template and query parameters. */
    public record Operation(String method, String path, List<String> queryNames) {}

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{(\\w+)}");

    private static final String[] ODD_IDS = {
        "x", "%00", "..%2F..", "00000000-0000-0000-0000-000000000000", "1".repeat(300), "%F0%9F%98%80", "%27", "-1"
    };

    private static final String[] ODD_QUERY = {
        "%00",
        "a%00b",
        "",
        "-1",
        "99999999999",
        "abc",
        "%25ZZ",
        "a".repeat(3000),
        "true",
        "%5B%5D",
        "%F0%9F%99%82",
        "1e9",
        "NaN"
    };

    private Fuzz() {}

    /**
     * The operations of resource classes, read from their JAX-RS annotations: for routes the
     * OpenAPI document leaves out (the console's pages).
     */
    public static List<Operation> operations(Class<?>... resources) {
        List<Operation> operations = new ArrayList<>();
        for (Class<?> resource : resources) {
            String base = pathOf(resource.getAnnotation(Path.class));
            for (Method method : resource.getDeclaredMethods()) {
                String verb = Stream.of(GET.class, POST.class, PUT.class, DELETE.class)
                        .filter(method::isAnnotationPresent)
                        .map(Class::getSimpleName)
                        .findFirst()
                        .orElse(null);
                if (verb == null) {
                    continue;
                }
                List<String> names = new ArrayList<>();
                for (Parameter parameter : method.getParameters()) {
                    RestQuery query = parameter.getAnnotation(RestQuery.class);
                    if (query != null) {
                        names.add(query.value().isEmpty() ? parameter.getName() : query.value());
                    }
                }
                String path = base + pathOf(method.getAnnotation(Path.class));
                operations.add(new Operation(verb, path.isEmpty() ? "/" : path, names));
            }
        }
        return operations;
    }

    private static String pathOf(Path path) {
        if (path == null) {
            return "";
        }
        String value = path.value();
        value = value.startsWith("/") ? value : "/" + value;
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    @SuppressWarnings("unchecked")
    public static List<Operation> operations(Predicate<String> paths) {
        Map<String, Map<String, Map<String, Object>>> document = given().get(Management.url("/q/openapi?format=json"))
                .then()
                .statusCode(200)
                .extract()
                .path("paths");
        List<Operation> operations = new ArrayList<>();
        document.forEach((path, methods) -> {
            if (!paths.test(path)) {
                return;
            }
            methods.forEach((method, operation) -> {
                List<String> names = new ArrayList<>();
                for (Map<String, Object> parameter :
                        (List<Map<String, Object>>) operation.getOrDefault("parameters", List.of())) {
                    if ("query".equals(parameter.get("in"))) {
                        names.add((String) parameter.get("name"));
                    }
                }
                operations.add(new Operation(method.toUpperCase(Locale.ROOT), path, names));
            });
        });
        return operations;
    }

    /** The operation's address: each path parameter a right id 6 times in 10, else an odd one; some odd queries. */
    public static String url(Operation operation, Map<String, String> rightIds, Random random) {
        Matcher parameter = PATH_PARAMETER.matcher(operation.path());
        StringBuilder url = new StringBuilder();
        while (parameter.find()) {
            String value = random.nextInt(10) < 6
                    ? rightIds.getOrDefault(parameter.group(1), "x")
                    : ODD_IDS[random.nextInt(ODD_IDS.length)];
            parameter.appendReplacement(url, Matcher.quoteReplacement(value));
        }
        parameter.appendTail(url);
        String separator = "?";
        for (String name : operation.queryNames()) {
            if (random.nextBoolean()) {
                url.append(separator).append(name).append('=').append(ODD_QUERY[random.nextInt(ODD_QUERY.length)]);
                separator = "&";
            }
        }
        return url.toString();
    }

    public static boolean writes(Operation operation) {
        return switch (operation.method()) {
            case "POST", "PUT", "PATCH" -> true;
            default -> false;
        };
    }

    /** For a failure message: at most 200 characters, control characters written as escapes. */
    public static String abbreviated(String text) {
        String cut = text.length() > 200 ? text.substring(0, 200) + "…" : text;
        StringBuilder shown = new StringBuilder();
        cut.chars().forEach(c -> {
            if (Character.isISOControl(c)) {
                shown.append(String.format("\\u%04x", c));
            } else {
                shown.append((char) c);
            }
        });
        return shown.toString();
    }
}
