package io.usher.invite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.usher.platform.UsherConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Publishes stored outcomes on {@code invitation-outcomes}, keyed by batch id, to wake the
 * replicas' streams up. The outcomes are already in PostgreSQL, where every stream also reads
 * them once a second, so this is best effort: a publication that fails (the topic deleted, the
 * broker refusing) pauses publishing for a while instead of holding up the invitations, and the
 * streams fall back to their periodic read until it resumes.
 */
@ApplicationScoped
public class OutcomeProducer {

    private static final Logger LOG = Logger.getLogger(OutcomeProducer.class);
    /** How long publishing rests after a failure before it tries again. */
    static final Duration PAUSE = Duration.ofSeconds(10);

    private final KafkaProducer<String, byte[]> producer;
    private final ObjectMapper json;
    private final String topic;

    private volatile long pausedUntilNanos = System.nanoTime();

    public OutcomeProducer(
            @Identifier("default-kafka-broker") Map<String, Object> kafka, ObjectMapper json, UsherConfig config) {
        Map<String, Object> settings = DurableProducers.settings(kafka, "usher-invitation-outcomes", 2);
        // A missing topic blocks send() while it waits for metadata: never long, then it pauses.
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000);
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        this.producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
        this.json = json;
        this.topic = config.invitations().outcomesTopic();
    }

    /** Completes once the broker has the outcomes, or at once while publishing is paused. */
    public Uni<Void> publish(List<OutcomeEvent> outcomes) {
        if (outcomes.isEmpty() || paused()) {
            return Uni.createFrom().voidItem();
        }
        List<CompletableFuture<Void>> acks = new ArrayList<>(outcomes.size());
        for (OutcomeEvent outcome : outcomes) {
            if (paused()) {
                break;
            }
            acks.add(send(outcome));
        }
        return Uni.createFrom().completionStage(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)));
    }

    private boolean paused() {
        return System.nanoTime() - pausedUntilNanos < 0;
    }

    private CompletableFuture<Void> send(OutcomeEvent outcome) {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        try {
            producer.send(
                    new ProducerRecord<>(topic, outcome.batchId().toString(), json.writeValueAsBytes(outcome)),
                    (metadata, error) -> {
                        if (error == null) {
                            ack.complete(null);
                        } else {
                            pause(error);
                            ack.completeExceptionally(error);
                        }
                    });
        } catch (JsonProcessingException | RuntimeException e) {
            pause(e);
            ack.completeExceptionally(e);
        }
        return ack;
    }

    private void pause(Throwable error) {
        if (!paused()) {
            pausedUntilNanos = System.nanoTime() + PAUSE.toNanos();
            LOG.warnf(
                    "Outcomes cannot be published on %s (%s); live streams read them from the database meanwhile,"
                            + " and publishing is tried again in %d s",
                    topic, error.getClass().getSimpleName(), PAUSE.toSeconds());
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
