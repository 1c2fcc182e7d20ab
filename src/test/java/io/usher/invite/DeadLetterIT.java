package io.usher.invite;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.KafkaResource;
import io.usher.testing.PlatformAdminTest;
import io.usher.testing.Seeds;
import io.usher.testing.Sql;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Records of a newer writer are read (unknown fields ignored); a record that cannot be read is set
 * aside on the dead-letter topic with the reason, and its line is still reported so that its batch
 * completes.
 */
@QuarkusTest
class DeadLetterIT extends PlatformAdminTest {

    @ConfigProperty(name = KafkaResource.TOOLS_BOOTSTRAP)
    String bootstrap;

    @ConfigProperty(name = "usher.invitations.dead-letter-topic")
    String deadLetterTopic;

    @Test
    void aNewerRecordIsReadAndAGarbageRecordIsDeadLetteredWhileItsBatchCompletes() throws Exception {
        String accountId = Accounts.create(Seeds.name("DeadLetters"), 1, 10);
        UUID account = UUID.fromString(accountId);
        UUID batch = UUID.randomUUID();
        Sql.update(
                pool,
                "INSERT INTO invitation_batches (id, account_id, role, requested_by, status, total)"
                        + " VALUES ($1, $2, 'EDITOR', 'A newer replica', 'QUEUED', 3)",
                batch,
                account);
        String first = Seeds.email("newer-1");
        String third = Seeds.email("newer-3");
        String garbage = "\u0000\u0001 not a request {";
        try (KafkaProducer<String, String> raw = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new StringSerializer())) {
            raw.send(record(accountId, batch, 1, request(batch, account, 1, first, ", \"priority\": \"high\"")))
                    .get();
            raw.send(record(accountId, batch, 2, garbage)).get();
            raw.send(record(accountId, batch, 3, request(batch, account, 3, third, "")))
                    .get();
        }
        JsonPath done = Batches.awaitCompleted(admin, batch.toString(), Duration.ofSeconds(30));
        assertEquals(2, done.getInt("counts.INVITED"));
        assertEquals(1, done.getInt("counts.INVALID_EMAIL"));
        given().auth()
                .oauth2(admin)
                .get("/api/v1/invitation-batches/" + batch + "/outcomes")
                .then()
                .body("items[0].email", equalTo(first))
                .body("items[1].outcome", equalTo("INVALID_EMAIL"))
                .body("items[1].message", containsString("could not be read"))
                .body("items[2].email", equalTo(third));
        assertEquals(2, Sql.count(pool, "SELECT count(*) FROM memberships WHERE account_id = $1", account));

        ConsumerRecord<String, byte[]> letter = deadLetter(accountId);
        assertEquals(garbage, new String(letter.value(), StandardCharsets.UTF_8));
        Header reason = letter.headers().lastHeader(DeadLetters.REASON);
        assertTrue(
                new String(reason.value(), StandardCharsets.UTF_8).startsWith("not a request"),
                "the reason travels with the record");
        assertTrue(letter.headers().lastHeader(DeadLetters.SOURCE) != null);
    }

    private static ProducerRecord<String, String> record(String accountId, UUID batch, int seq, String value) {
        ProducerRecord<String, String> record = new ProducerRecord<>("invitation-requests", accountId, value);
        record.headers().add(RequestLineHeader.NAME, RequestLineHeader.encode(batch, seq));
        return record;
    }

    private static String request(UUID batch, UUID account, int seq, String email, String extra) {
        return "{\"batchId\": \"" + batch + "\", \"accountId\": \"" + account + "\", \"seq\": " + seq
                + ", \"email\": \"" + email
                + "\", \"role\": \"EDITOR\", \"teams\": [], \"requestedBy\": \"A newer replica\""
                + extra + "}";
    }

    private ConsumerRecord<String, byte[]> deadLetter(String key) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "dead-letter-reader-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(deadLetterTopic));
            List<ConsumerRecord<String, byte[]>> mine = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (mine.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (key.equals(r.key())) {
                        mine.add(r);
                    }
                });
            }
            assertEquals(1, mine.size(), "one dead letter for the account");
            return mine.get(0);
        }
    }
}
