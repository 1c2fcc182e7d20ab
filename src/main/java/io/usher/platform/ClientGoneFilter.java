package io.usher.platform;

import io.quarkus.logging.LoggingFilter;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Drops the REST layer's error for an event stream whose client has gone away ("Broken pipe",
 * "Connection reset", a closed channel): a subscriber leaving is normal, and the stream's own
 * metric already counts it closed. Any other failure of a stream is still logged.
 */
@LoggingFilter(name = "client-gone")
public final class ClientGoneFilter implements Filter {

    static final String STREAMS = "org.jboss.resteasy.reactive.server.handlers.PublisherResponseHandler";

    @Override
    public boolean isLoggable(LogRecord record) {
        return !(STREAMS.equals(record.getLoggerName()) && clientGone(record.getThrown()));
    }

    static boolean clientGone(Throwable thrown) {
        for (Throwable e = thrown; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof ClosedChannelException) {
                return true;
            }
            String message = e.getMessage();
            if (e instanceof IOException
                    && message != null
                    && (message.contains("Broken pipe") || message.contains("Connection reset"))) {
                return true;
            }
            if (message != null && message.contains("Connection was closed")) {
                return true;
            }
        }
        return false;
    }
}
