package io.usher.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * A replica whose SMTP server and Keycloak cannot be reached (nothing listens on their ports),
 * tracing into memory ({@link InMemoryTraces}): what an operator's logs and traces show when
 * things go wrong. One profile for both tests, so the service starts once for them.
 */
public class TracedAndCutOff implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.otel.sdk.disabled", "false",
                "quarkus.otel.bsp.schedule.delay", "PT0.05S",
                "quarkus.mailer.port", Integer.toString(FreePorts.next()),
                "quarkus.keycloak.admin-client.server-url", "http://127.0.0.1:" + FreePorts.next(),
                "usher.identity.retries", "0");
    }
}
