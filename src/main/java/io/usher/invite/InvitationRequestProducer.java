package io.usher.invite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Identifier;
import io.usher.platform.ApiMessages;
import io.usher.platform.ProblemException;
import io.usher.platform.ProblemType;
import io.usher.platform.TraceParents;
import io.usher.platform.UsherConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Puts invitation requests on Kafka, keyed by account id so that one account's addresses are
 * decided in order by one consumer at a time. A plain producer rather than an emitter: a request
 * streams up to a million records from a blocking thread, and the producer's own buffer gives
 * exactly the back-pressure that needs.
 *
 * <p>Every replica's requests share this producer, so a request never flushes it: it waits for the
 * acknowledgements of its own records only ({@link Publication}), and a small request is not held
 * by the records another upload has buffered. Every wait on Kafka is bounded by {@code
 * usher.invitations.publish-timeout}: a send blocks at most that long for metadata or buffer space
 * ({@code max.block.ms}), a record is acknowledged or failed within it ({@code delivery.timeout.ms}),
 * each produce request gets half of it at most ({@code request.timeout.ms}), and the first failure
 * ends the request.
 */
@ApplicationScoped
public class InvitationRequestProducer {

    private static final Logger LOG = Logger.getLogger(InvitationRequestProducer.class);

    /** Small enough that a ten-address request hardly waits for its batch, large enough to fill batches. */
    private static final int LINGER_MS = 5;

    private static final int MAX_REQUEST_TIMEOUT_MS = 15_000;

    private final KafkaProducer<String, byte[]> producer;
    private final ObjectMapper json;
    private final String topic;
    private final long timeoutMillis;

    public InvitationRequestProducer(
            @Identifier("default-kafka-broker") Map<String, Object> kafka, ObjectMapper json, UsherConfig config) {
        this.timeoutMillis = config.invitations().publishTimeout().toMillis();
        Map<String, Object> settings = DurableProducers.settings(kafka, "usher-invitation-requests", LINGER_MS);
        settings.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 32L * 1024 * 1024);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMillis);
        // Kafka refuses a delivery timeout under linger + request timeout.
        int requestTimeout = (int) Math.max(1, Math.min(MAX_REQUEST_TIMEOUT_MS, (timeoutMillis - LINGER_MS) / 2));
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeout);
        settings.put(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeoutMillis, LINGER_MS + requestTimeout));
        this.producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
        this.json = json;
        this.topic = config.invitations().requestsTopic();
    }

    /** A new set of records to send, waited for together and apart from every other request's. */
    public Publication publication() {
        return new Publication(problem -> {});
    }

    /**
     * A new set of records to send; {@code onFailure} hears of the first failure at once, from
     * Kafka's thread, so that a request blocked on its client's next bytes can stop.
     */
    public Publication publication(Consumer<ProblemException> onFailure) {
        return new Publication(onFailure);
    }

    /** Sends every request, then returns once the broker acknowledged them all, or throws. */
    public void sendAll(Iterable<InvitationRequest> requests) {
        Publication publication = publication();
        for (InvitationRequest request : requests) {
            publication.send(request, null);
        }
        publication.awaitAcknowledged();
    }

    /**
     * The records of one request. {@link #send} fails with a 503 problem as soon as one of them
     * failed, so that a request stops reading its body at the first failure instead of feeding a
     * broker that is away; {@link #awaitAcknowledged} waits for these records alone.
     */
    public final class Publication {

        private final Consumer<ProblemException> onFailure;
        private long pending;
        private Exception failure;

        private Publication(Consumer<ProblemException> onFailure) {
            this.onFailure = onFailure;
        }

        /** Sends one request, with its HTTP request's trace when there is one (ChunkTracing). */
        public void send(InvitationRequest request, byte[] traceparent) {
            failIfFailed();
            byte[] value;
            try {
                value = json.writeValueAsBytes(request);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("An invitation request cannot be written as JSON", e);
            }
            ProducerRecord<String, byte[]> record =
                    new ProducerRecord<>(topic, request.accountId().toString(), value);
            record.headers().add(RequestLineHeader.NAME, RequestLineHeader.encode(request.batchId(), request.seq()));
            if (traceparent != null) {
                record.headers().add(TraceParents.HEADER, traceparent);
            }
            synchronized (this) {
                pending++;
            }
            try {
                // Blocks at most max.block.ms, for metadata or for room in the buffer.
                producer.send(record, (metadata, error) -> acknowledged(error));
            } catch (RuntimeException e) {
                acknowledged(e);
            }
            failIfFailed();
        }

        private void acknowledged(Exception error) {
            boolean first;
            synchronized (this) {
                pending--;
                first = error != null && failure == null;
                if (first) {
                    failure = error;
                }
                notifyAll();
            }
            if (first) {
                LOG.error("Kafka did not take an invitation request", error);
                onFailure.accept(unavailable());
            }
        }

        /** Waits until every record of this publication is acknowledged; a failure becomes a 503 problem. */
        public void awaitAcknowledged() {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            synchronized (this) {
                while (pending > 0 && failure == null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        failure = new TimeoutException(
                                pending + " records not acknowledged within " + timeoutMillis + " ms");
                        LOG.error("Kafka did not acknowledge the invitation requests", failure);
                        break;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(this, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        failure = e;
                    }
                }
            }
            failIfFailed();
        }

        private synchronized void failIfFailed() {
            if (failure != null) {
                throw unavailable();
            }
        }
    }

    private static ProblemException unavailable() {
        return new ProblemException(ProblemType.UNAVAILABLE, "not-published", ApiMessages::problem_not_published);
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
