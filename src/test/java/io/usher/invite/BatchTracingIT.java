package io.usher.invite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.Keycloak;
import io.usher.testing.Seeds;
import io.usher.testing.TracedAndCutOff;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * One trace from the POST through the request records to the chunk, its outcomes' publication and
 * the relay's sending of its mails.
 */
@QuarkusTest
@TestProfile(TracedAndCutOff.class)
class BatchTracingIT {

    private static final int ADDRESSES = 1200;
    private static final AttributeKey<String> ACCOUNT = AttributeKey.stringKey("usher.account_id");
    private static final AttributeKey<Long> RECORDS = AttributeKey.longKey("messaging.batch.message_count");

    @Inject
    InMemorySpanExporter spans;

    @Test
    void aBatchIsOneTraceWithASpanPerChunkNotPerRecord() throws Exception {
        String admin = Keycloak.platformAdminToken();
        String accountId = Accounts.create(Seeds.name("Traced"), 1, ADDRESSES);
        String body = IntStream.rangeClosed(1, ADDRESSES)
                .mapToObj(i -> "traced-" + i + "-" + accountId.substring(0, 8) + "@trace.example")
                .collect(Collectors.joining("\n"));
        String batchId = Batches.postLines(admin, accountId, body, "EDITOR");
        Batches.awaitCompleted(admin, batchId, Duration.ofSeconds(60));

        List<SpanData> chunks = await(
                () -> spans.getFinishedSpanItems().stream()
                        .filter(span -> span.getName().equals("invitation-requests process"))
                        .filter(span -> accountId.equals(span.getAttributes().get(ACCOUNT)))
                        .toList(),
                // A chunk's span is exported once it ends, which may be after the batch completed.
                found -> found.stream()
                                .mapToLong(span -> span.getAttributes().get(RECORDS))
                                .sum()
                        >= ADDRESSES);
        String traceId = chunks.get(0).getTraceId();
        SpanData post = awaitOne(
                span -> span.getKind() == SpanKind.SERVER && span.getTraceId().equals(traceId),
                "the POST's server span");
        assertTrue(post.getName().startsWith("POST"), post.getName());
        assertTrue(post.getName().endsWith("/invitations"), post.getName());

        int records = 0;
        for (SpanData chunk : chunks) {
            assertEquals(traceId, chunk.getTraceId(), "every chunk of the batch continues the POST's trace");
            assertEquals(SpanKind.CONSUMER, chunk.getKind());
            records += chunk.getAttributes().get(RECORDS).intValue();
            SpanData publish = awaitOne(
                    span -> span.getName().equals("invitation-outcomes publish")
                            && span.getParentSpanId().equals(chunk.getSpanId()),
                    "the publication of a chunk's outcomes");
            assertEquals(traceId, publish.getTraceId());
        }
        assertEquals(ADDRESSES, records, "the chunks' spans cover every record once");

        // The relay's round of sending (this profile's SMTP server is away) links to the chunks
        // that queued its mails: the trace reaches the mail without a span per mail.
        Set<String> chunkIds = chunks.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
        SpanData mail = awaitOne(
                span -> span.getName().equals("mail send")
                        && (chunkIds.contains(span.getParentSpanId())
                                || span.getLinks().stream()
                                        .anyMatch(link -> chunkIds.contains(
                                                link.getSpanContext().getSpanId()))),
                "a round of mail linked to a chunk");
        assertEquals(SpanKind.CLIENT, mail.getKind());
        assertTrue(chunks.size() < 10, "a span per chunk, not per record: " + chunks.size());
    }

    private SpanData awaitOne(Predicate<SpanData> match, String what) throws Exception {
        List<SpanData> found =
                await(() -> spans.getFinishedSpanItems().stream().filter(match).toList(), list -> !list.isEmpty());
        return Optional.of(found)
                .filter(list -> !list.isEmpty())
                .map(list -> list.get(0))
                .orElseThrow(() -> new AssertionError("no span: " + what));
    }

    private static <T> List<T> await(Supplier<List<T>> read, Predicate<List<T>> until) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<T> found = read.get();
        while (!until.test(found) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            found = read.get();
        }
        return found;
    }
}
