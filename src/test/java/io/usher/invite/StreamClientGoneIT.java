package io.usher.invite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.Mailbox;
import io.usher.testing.Metrics;
import io.usher.testing.PlatformAdminTest;
import io.usher.testing.Seeds;
import io.usher.testing.ServiceLog;
import io.usher.testing.ServiceUrl;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A subscriber that goes away in the middle of a batch's stream: normal, so no error is logged. */
@QuarkusTest
class StreamClientGoneIT extends PlatformAdminTest {

    @Test
    void aClientLeavingItsStreamLogsNoError() throws Exception {
        long start = ServiceLog.end();
        String accountId = Accounts.create(Seeds.name("Gone"), 1, 5_000);
        String run = Seeds.name("").replaceAll("\\W", "").toLowerCase();
        String addresses = IntStream.rangeClosed(1, 5_000)
                .mapToObj(i -> "gone" + i + "." + run + "@example.com")
                .collect(Collectors.joining("\n"));
        String batchId = Batches.postLines(admin, accountId, addresses, "EDITOR");

        URI base = URI.create(ServiceUrl.base());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream()
                    .write(("GET /api/v1/invitation-batches/" + batchId + "/events HTTP/1.1\r\n"
                                    + "Host: " + base.getHost() + "\r\nAccept: text/event-stream\r\n"
                                    + "Authorization: Bearer " + admin + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.replace(" ", "").equals("event:outcome")) {
                // the status line and headers, up to the first event
            }
            assertEquals("event:outcome", String.valueOf(line).replace(" ", ""), "the stream started");
        }

        Batches.awaitCompleted(admin, batchId, Duration.ofSeconds(60));
        for (int i = 0; i < 50 && Metrics.value(Metrics.scrape(), "usher_sse_streams_open") > 0; i++) {
            Thread.sleep(200);
        }
        assertEquals(0, Metrics.value(Metrics.scrape(), "usher_sse_streams_open"), 0.0, "the stream is closed");
        List<JsonNode> errors = ServiceLog.since(start).stream()
                .filter(entry -> entry.path("level").asText().equals("ERROR"))
                .toList();
        assertTrue(errors.isEmpty(), "no error for a subscriber that left: " + errors);

        // Its mails are not what this test checks; left pending they would only slow the tests after it.
        Mailbox.setAside(pool, accountId);
    }
}
