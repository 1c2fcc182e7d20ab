package io.usher.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.VertxException;
import java.util.concurrent.CompletionException;
import org.jboss.resteasy.reactive.RestResponse;
import org.junit.jupiter.api.Test;

/** Failures that are the server's load, not the request's fault, answer 503 with Retry-After. */
class ProblemMappersTest {

    private final ProblemMappers mappers = new ProblemMappers();

    @Test
    void aDatabasePoolThatHadNoConnectionInTimeIsA503WithRetryAfter() {
        RestResponse<Problem> answer =
                mappers.unexpected(new CompletionException(new VertxException("Timeout waiting for connection", true)));

        assertEquals(503, answer.getStatus());
        assertEquals("2", String.valueOf(answer.getHeaders().getFirst("Retry-After")));
        assertEquals(ProblemType.UNAVAILABLE.uri(), answer.getEntity().type());
    }

    @Test
    void anyOtherFailureIsStillA500() {
        assertEquals(500, mappers.unexpected(new IllegalStateException("boom")).getStatus());
    }
}
