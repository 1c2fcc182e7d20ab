package io.usher.invite;

import java.nio.ByteBuffer;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A request record's batch and line, in a header beside the JSON: when the value cannot be read
 * (a newer writer, a corrupted record), the header still says which line to report. Twenty bytes
 * (the batch id, then the 1-based line) so that a million records carry little more.
 */
final class RequestLineHeader {

    static final String NAME = "usher-line";
    private static final int LENGTH = 20;

    private RequestLineHeader() {}

    static byte[] encode(UUID batchId, int seq) {
        return ByteBuffer.allocate(LENGTH)
                .putLong(batchId.getMostSignificantBits())
                .putLong(batchId.getLeastSignificantBits())
                .putInt(seq)
                .array();
    }

    /** The batch and line a record's headers name, or an unattributed record when they name none. */
    static UnreadableRequest unreadable(Headers headers, String reason, byte[] data) {
        Header header = headers == null ? null : headers.lastHeader(NAME);
        if (header == null || header.value() == null || header.value().length != LENGTH) {
            return new UnreadableRequest(null, 0, reason, data);
        }
        ByteBuffer value = ByteBuffer.wrap(header.value());
        UUID batchId = new UUID(value.getLong(), value.getLong());
        return new UnreadableRequest(batchId, value.getInt(), reason, data);
    }
}
