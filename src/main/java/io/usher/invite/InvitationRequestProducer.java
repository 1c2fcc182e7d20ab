package io.usher.invite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Identifier;
import io.usher.platform.ProblemException;
import io.usher.platform.ProblemType;
import io.usher.platform.TraceParents;
import io.usher.platform.UsherConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
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
 * exactly the back-pressure that needs, then one flush waits for every acknowledgement.
 */
@ApplicationScoped
public class InvitationRequestProducer {

    private static final Logger LOG = Logger.getLogger(InvitationRequestProducer.class);

    private final KafkaProducer<String, byte[]> producer;
    private final ObjectMapper json;
    private final String topic;

    public InvitationRequestProducer(
            @Identifier("default-kafka-broker") Map<String, Object> kafka, ObjectMapper json, UsherConfig config) {
        Map<String, Object> settings = DurableProducers.settings(kafka, "usher-invitation-requests", 5);
        settings.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 32L * 1024 * 1024);
        settings.put(
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                config.invitations().publishTimeout().toMillis());
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int)
                config.invitations().publishTimeout().toMillis());
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        this.producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
        this.json = json;
        this.topic = config.invitations().requestsTopic();
    }

    /** Sends every request, then returns once the broker acknowledged them all, or throws. */
    public void sendAll(Iterable<InvitationRequest> requests) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (InvitationRequest request : requests) {
            if (failure.get() != null) {
                break;
            }
            send(request, null, failure);
        }
        awaitAcknowledged(failure);
    }

    /**
     * Sends one request, with its HTTP request's trace when there is one (ChunkTracing); failures are kept for
     * {@link #awaitAcknowledged}.
     */
    public void send(InvitationRequest request, byte[] traceparent, AtomicReference<Exception> failure) {
        byte[] value;
        try {
            value = json.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An invitation request cannot be written as JSON", e);
        }
        try {
            ProducerRecord<String, byte[]> record =
                    new ProducerRecord<>(topic, request.accountId().toString(), value);
            record.headers().add(RequestLineHeader.NAME, RequestLineHeader.encode(request.batchId(), request.seq()));
            if (traceparent != null) {
                record.headers().add(TraceParents.HEADER, traceparent);
            }
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
            });
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    /** Waits until everything sent so far is acknowledged; a failure becomes a 503 problem. */
    public void awaitAcknowledged(AtomicReference<Exception> failure) {
        producer.flush();
        if (failure.get() != null) {
            LOG.error("Kafka did not take the invitation requests", failure.get());
            throw new ProblemException(
                    ProblemType.UNAVAILABLE,
                    "The invitations could not be queued; send the same request again with its Idempotency-Key");
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
