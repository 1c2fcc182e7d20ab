package io.usher.invite;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Puts invitation requests on Kafka, keyed by account id so that one account's addresses are
 * decided in order by one consumer at a time.
 */
@ApplicationScoped
public class InvitationRequestPublisher {

    private final Emitter<InvitationRequest> emitter;

    public InvitationRequestPublisher(@Channel(Channels.INVITATION_REQUESTS_OUT) Emitter<InvitationRequest> emitter) {
        this.emitter = emitter;
    }

    /** Completes when the broker has acknowledged the record (acks=all). */
    public Uni<Void> publish(InvitationRequest request) {
        return Uni.createFrom()
                .emitter(done -> emitter.send(Message.of(request)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                                .withKey(request.accountId().toString())
                                .build())
                        .withAck(() -> {
                            done.complete(null);
                            return java.util.concurrent.CompletableFuture.completedFuture(null);
                        })
                        .withNack(failure -> {
                            done.fail(failure);
                            return java.util.concurrent.CompletableFuture.completedFuture(null);
                        })));
    }
}
