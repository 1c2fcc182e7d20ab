package io.usher.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class ClientGoneFilterTest {

    private final ClientGoneFilter filter = new ClientGoneFilter();

    private static LogRecord streamError(Throwable thrown) {
        LogRecord record =
                new LogRecord(Level.SEVERE, "Exception in SSE server handling, impossible to send it to client");
        record.setLoggerName(ClientGoneFilter.STREAMS);
        record.setThrown(thrown);
        return record;
    }

    @Test
    void aClientThatLeftIsNoError() {
        assertFalse(filter.isLoggable(streamError(new IOException("Broken pipe"))));
        assertFalse(filter.isLoggable(streamError(new IOException("Connection reset by peer"))));
        assertFalse(filter.isLoggable(streamError(new RuntimeException(new ClosedChannelException()))));
    }

    @Test
    void anyOtherFailureIsStillLogged() {
        assertTrue(filter.isLoggable(streamError(new IllegalStateException("the outcomes could not be read"))));
        assertTrue(filter.isLoggable(streamError(null)));
        LogRecord elsewhere = streamError(new IOException("Broken pipe"));
        elsewhere.setLoggerName("io.usher.mail.MailRelay");
        assertTrue(filter.isLoggable(elsewhere), "only the event streams' handler is filtered");
    }
}
