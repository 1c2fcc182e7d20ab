package io.usher.invite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.Metrics;
import io.usher.testing.PlatformAdminTest;
import io.usher.testing.Seeds;
import io.usher.testing.ServiceUrl;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A replica holds at most {@code max-streams} event streams (60 in tests): the next is a 503
 * problem with Retry-After, the ones open go on to their end, and a slot freed is taken again.
 * The streams are opened on a batch kept waiting (its account locked as an applier locks it), so
 * that none ends before the limit is reached.
 */
@QuarkusTest
class StreamLimitIT extends PlatformAdminTest {

    private static final int LIMIT = 60;

    @Test
    void aStreamPastTheLimitIsA503WithRetryAfter() throws Exception {
        String accountId = Accounts.create(Seeds.name("Crowded"), 1, 100);
        String run = Seeds.name("").replaceAll("\\W", "").toLowerCase();
        String addresses = IntStream.rangeClosed(1, 20)
                .mapToObj(i -> "crowd" + i + "." + run + "@example.com")
                .collect(Collectors.joining("\n"));
        for (int i = 0; i < 100 && open() > 0; i++) {
            Thread.sleep(100); // streams of earlier tests still closing
        }
        HttpClient http = HttpClient.newHttpClient();
        List<HttpResponse<InputStream>> streams = new ArrayList<>();
        SqlConnection held = pool.getConnectionAndAwait();
        Transaction hold = held.beginAndAwait();
        try {
            held.preparedQuery("SELECT 1 FROM accounts WHERE id = $1 FOR NO KEY UPDATE")
                    .executeAndAwait(Tuple.of(UUID.fromString(accountId)));
            String batchId = Batches.postLines(admin, accountId, addresses, "EDITOR");
            String path = "/api/v1/invitation-batches/" + batchId + "/events";

            List<CompletableFuture<HttpResponse<InputStream>>> opening = new ArrayList<>();
            int free = LIMIT - (int) open();
            for (int i = 0; i < free; i++) {
                opening.add(http.sendAsync(stream(path), HttpResponse.BodyHandlers.ofInputStream()));
            }
            for (CompletableFuture<HttpResponse<InputStream>> response : opening) {
                streams.add(response.get());
                assertEquals(200, streams.get(streams.size() - 1).statusCode());
            }
            assertEquals(LIMIT, open(), 0.0, "every slot taken");

            HttpResponse<String> refused = http.send(stream(path), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, refused.statusCode(), refused.body());
            assertEquals(
                    "application/problem+json",
                    refused.headers().firstValue("Content-Type").orElse(""));
            assertTrue(refused.headers().firstValue("Retry-After").isPresent(), "Retry-After");
            assertTrue(refused.body().contains("event streams"), refused.body());

            streams.remove(0).body().close(); // a client leaves: its slot is free again
            for (int i = 0; i < 100 && open() >= LIMIT; i++) {
                Thread.sleep(100);
            }
            HttpResponse<InputStream> again = http.send(stream(path), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, again.statusCode());
            streams.add(again);
        } finally {
            hold.commitAndAwait();
            held.closeAndAwait();
        }
        // Let go, the batch runs: every stream that was open reads it to its end.
        for (HttpResponse<InputStream> response : streams) {
            try (InputStream body = response.body()) {
                String events = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(events.contains("event: completed") || events.contains("event:completed"), events);
            }
        }
    }

    private HttpRequest stream(String path) {
        return HttpRequest.newBuilder(URI.create(ServiceUrl.base() + path))
                .header("Authorization", "Bearer " + admin)
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(60))
                .build();
    }

    private static double open() {
        return Metrics.value(Metrics.scrape(), "usher_sse_streams_open");
    }
}
