package io.usher.invite;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads invitation requests on the Kafka client's own thread, which fetches ahead while the
 * workers write: parsing thousands of records is then off the chunks' path. Fields it does not
 * know are ignored, so that a newer replica's records are read by an older one during a rolling
 * upgrade. A record that cannot be read becomes an {@link UnreadableRequest}, which the worker
 * sets aside on the dead-letter topic instead of stopping the partition (and every account on it).
 */
// Named in the configuration only (value.deserializer): Kafka creates it by reflection.
@RegisterForReflection
public class InvitationRequestDeserializer implements Deserializer<RequestRecord> {

    private static final ObjectReader READER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .readerFor(InvitationRequest.class);

    @Override
    public RequestRecord deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public RequestRecord deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            // A tombstone is no request; nothing to report.
            return null;
        }
        try {
            InvitationRequest request = READER.readValue(data);
            if (request == null
                    || request.batchId() == null
                    || request.accountId() == null
                    || request.seq() < 1
                    || request.email() == null) {
                return RequestLineHeader.unreadable(headers, "incomplete request: a field is missing", data);
            }
            return request;
        } catch (Exception e) {
            // The parser's message may quote the record (an address): the reason names the kind only.
            return RequestLineHeader.unreadable(
                    headers, "not a request: " + e.getClass().getSimpleName(), data);
        }
    }
}
