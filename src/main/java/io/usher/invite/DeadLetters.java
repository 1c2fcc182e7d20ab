package io.usher.invite;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Sets request records that cannot be read aside on the dead-letter topic, as they came, with
 * the reason and where they were read from, for an operator to look at. The worker commits its
 * offsets only once the broker has them: a record is never lost in silence.
 */
@ApplicationScoped
public class DeadLetters {

    static final String REASON = "usher-dead-letter-reason";
    static final String SOURCE = "usher-dead-letter-source";

    private final MutinyEmitter<byte[]> emitter;

    public DeadLetters(@Channel(Channels.INVITATION_DEAD_LETTERS) MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    Uni<Void> setAside(ConsumerRecord<String, ?> record, UnreadableRequest unreadable) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header);
        }
        headers.add(REASON, unreadable.reason().getBytes(StandardCharsets.UTF_8));
        headers.add(
                SOURCE,
                (record.topic() + "-" + record.partition() + "@" + record.offset()).getBytes(StandardCharsets.UTF_8));
        return emitter.sendMessage(Message.of(unreadable.data())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(record.key())
                        .withHeaders(headers)
                        .build()));
    }
}
