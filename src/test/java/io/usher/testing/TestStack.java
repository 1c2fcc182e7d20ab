package io.usher.testing;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * The real parts every test runs against, started once per test run (in parallel) and shared
 * by all {@code @QuarkusTest} classes: PostgreSQL, Kafka, Keycloak and an SMTP server.
 */
@QuarkusTestResource(value = PostgresResource.class, parallel = true)
@QuarkusTestResource(value = KafkaResource.class, parallel = true)
@QuarkusTestResource(value = KeycloakResource.class, parallel = true)
@QuarkusTestResource(value = SmtpResource.class, parallel = true)
public final class TestStack {

    private TestStack() {}
}
