package io.usher.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.VertxException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** An empty database pool is told apart from other failures: it is a 503, they stay 500s. */
class SqlStatesTest {

    @Test
    void aPoolThatHadNoConnectionInTimeIsExhaustedWhateverWrapsIt() {
        assertTrue(SqlStates.isPoolExhausted(
                new CompletionException(new VertxException("Timeout waiting for connection", true))));
        assertTrue(SqlStates.isPoolExhausted(new VertxException("Timeout waiting for connection")));
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(SqlStates.isPoolExhausted(new VertxException("Connection refused")));
        assertFalse(SqlStates.isPoolExhausted(new IllegalStateException("Timeout waiting for connection")));
        assertFalse(SqlStates.isPoolExhausted(new RuntimeException()));
    }
}
