package io.usher.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A plain server-sent-events client, as a browser's EventSource reads a stream. */
public final class SseClient {

    /** One event: its name, id and data. */
    public record Event(String name, String id, String data) {}

    private SseClient() {}

    /**
     * Reads events until {@code completed}, or until {@code max} events (then drops the connection
     * as a flaky network would), or until the time is up.
     */
    public static List<Event> read(String path, String token, String lastEventId, int max, Duration within)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ServiceUrl.base() + path))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .timeout(within);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<java.io.InputStream> response =
                HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        List<Event> events = new ArrayList<>();
        if (response.statusCode() != 200) {
            events.add(new Event(
                    "status",
                    String.valueOf(response.statusCode()),
                    new String(response.body().readAllBytes())));
            return events;
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = null;
            String id = null;
            StringBuilder data = new StringBuilder();
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if (name != null || data.length() > 0) {
                        events.add(new Event(name == null ? "message" : name, id, data.toString()));
                        if ("completed".equals(name) || events.size() >= max) {
                            break;
                        }
                    }
                    name = null;
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    if (data.length() > 0) {
                        data.append('\n');
                    }
                    data.append(line.substring(5).strip());
                }
            }
        }
        return events;
    }
}
