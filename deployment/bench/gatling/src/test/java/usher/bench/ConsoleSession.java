package usher.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Signs the local platform administrator in to the console through Keycloak's authorization-code
 * flow, as a browser without scripts would (the console's pages need it; the API takes bearer
 * tokens): the Cookie header of the session, to be sent with every console request.
 *
 * <p>Cookies are kept by hand: Keycloak sets Secure cookies on http://127.0.0.1, which browsers
 * keep (a secure context) and java.net.CookieManager would not send back.
 */
public final class ConsoleSession {

    private static final Pattern FORM_ACTION =
            Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"|<form[^>]*action=\"([^\"]+)\"[^>]*id=\"kc-form-login\"");

    private final Stack stack;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private ConsoleSession(Stack stack) {
        this.stack = stack;
    }

    /** The session's Cookie header, or an exception saying where the sign-in stopped. */
    public static String signIn(Stack stack) throws Exception {
        return new ConsoleSession(stack).run();
    }

    private String run() throws Exception {
        String url = stack.usher + "/console";
        HttpResponse<String> r = get(url);
        for (int hop = 0; hop < 10 && isRedirect(r); hop++) {
            url = URI.create(url).resolve(r.headers().firstValue("Location").orElseThrow()).toString();
            r = get(url);
        }
        Matcher m = FORM_ACTION.matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("no Keycloak sign-in form at " + url + " (status " + r.statusCode() + ")");
        }
        String action = (m.group(1) != null ? m.group(1) : m.group(2)).replace("&amp;", "&");
        String form = "username=" + Stack.enc("admin@usher.example") + "&password="
                + Stack.enc(stack.env.get("ADMIN_PASSWORD")) + "&credentialId=";
        r = send(HttpRequest.newBuilder(URI.create(action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        url = action;
        for (int hop = 0; hop < 10 && isRedirect(r); hop++) {
            url = URI.create(url).resolve(r.headers().firstValue("Location").orElseThrow()).toString();
            r = get(url);
        }
        if (r.statusCode() != 200 || !url.startsWith(stack.usher + "/console")) {
            throw new IllegalStateException("signed in, but landed on " + url + " with status " + r.statusCode());
        }
        return header();
    }

    private static boolean isRedirect(HttpResponse<?> r) {
        return r.statusCode() >= 300 && r.statusCode() < 400 && r.headers().firstValue("Location").isPresent();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        if (!cookies.isEmpty()) {
            request.header("Cookie", header());
        }
        HttpResponse<String> r = client.send(
                request.header("Accept", "text/html").header("Accept-Language", "en").build(),
                HttpResponse.BodyHandlers.ofString());
        for (String set : r.headers().allValues("Set-Cookie")) {
            String pair = set.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = pair.substring(0, eq).strip();
            String value = pair.substring(eq + 1).strip();
            if (value.isEmpty() || set.toLowerCase().contains("max-age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return r;
    }

    private String header() {
        return cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
    }
}
