package io.usher.invite;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.usher.member.Role;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.PlatformAdminTest;
import io.usher.testing.Seeds;
import io.usher.testing.ServiceUrl;
import io.usher.testing.Sql;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A request that died while its body was read (its replica killed) leaves a RECEIVING batch and
 * maybe some of its lines in the inbox. It holds up no batch, of its account or any other, and its
 * lease runs out within seconds: then the batch and its lines are dropped and its Idempotency-Key
 * can be used again.
 */
@QuarkusTest
class DeadRequestIT extends PlatformAdminTest {

    @Inject
    InvitationRequestProducer producer;

    @Test
    void aDeadRequestHoldsUpNoBatchOfItsAccountOrItsPartitionPastItsLease() {
        String accountId = Accounts.create(Seeds.name("DeadUpload"), 1, 100);
        String neighbour = Accounts.createOnThePartitionOf(accountId, "Neighbour", 10);
        UUID account = UUID.fromString(accountId);
        // What a replica killed mid-upload leaves: a RECEIVING batch nobody renews, half its records sent.
        UUID dead = deadBatch(account, "upload-key");
        List<InvitationRequest> sent = new ArrayList<>();
        IntStream.rangeClosed(1, 50)
                .forEach(seq -> sent.add(new InvitationRequest(
                        dead, account, seq, Seeds.email("dead" + seq), Role.EDITOR, List.of(), "Someone")));
        producer.sendAll(sent);
        // A JSON request that died before sending anything: a RECEIVING batch and no record.
        UUID silent = deadBatch(account, "json-key");

        long posted = System.nanoTime();
        String mine = Batches.postLines(admin, accountId, Seeds.email("after-death"), "EDITOR");
        String theirs = Batches.postLines(admin, neighbour, Seeds.email("neighbour"), "EDITOR");
        Batches.awaitCompleted(admin, mine, Duration.ofSeconds(60));
        Batches.awaitCompleted(admin, theirs, Duration.ofSeconds(60));
        long seconds = Duration.ofNanos(System.nanoTime() - posted).toSeconds();
        assertTrue(seconds < 60, "the batches behind the dead request completed after " + seconds + " s");

        awaitGone(account, silent);
        assertEquals(
                0,
                Sql.count(
                        pool,
                        "SELECT count(*) FROM invitation_batches WHERE account_id = $1 AND id = $2",
                        account,
                        dead));
        assertEquals(
                0,
                Sql.count(
                        pool,
                        "SELECT count(*) FROM invitation_outcomes WHERE account_id = $1 AND batch_id = $2",
                        account,
                        dead));
        assertEquals(1, Sql.count(pool, "SELECT count(*) FROM memberships WHERE account_id = $1", account));
        // Both keys are free again: a retry makes a new batch (202), not a 409.
        for (String key : List.of("upload-key", "json-key")) {
            given().auth()
                    .oauth2(admin)
                    .contentType(ContentType.TEXT)
                    .header("Idempotency-Key", key)
                    .queryParam("role", "EDITOR")
                    .body(Seeds.email("retry"))
                    .post("/api/v1/accounts/" + accountId + "/invitations")
                    .then()
                    .statusCode(202);
        }
    }

    @Test
    void aLiveRequestKeepsItsBatchWhileItsBodyIsRead() throws Exception {
        // The lease is 6 s in tests, renewed every second: a body read for longer keeps its batch.
        String accountId = Accounts.create(Seeds.name("SlowUpload"), 1, 100);
        java.io.PipedOutputStream client = new java.io.PipedOutputStream();
        java.io.PipedInputStream body = new java.io.PipedInputStream(client);
        Thread writer = new Thread(() -> {
            try (client) {
                for (int i = 1; i <= 10; i++) {
                    client.write((Seeds.email("slow" + i) + "\n").getBytes());
                    client.flush();
                    Thread.sleep(1000);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(ServiceUrl.base() + "/api/v1/accounts/"
                                        + accountId + "/invitations?role=EDITOR"))
                                .header("Authorization", "Bearer " + admin)
                                .header("Content-Type", "text/plain")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> body))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(202, response.statusCode(), response.body());
        String batchId = io.restassured.path.json.JsonPath.from(response.body()).getString("id");
        writer.join();
        assertEquals(
                10,
                Batches.awaitCompleted(admin, batchId, Duration.ofSeconds(30)).getInt("counts.INVITED"));
    }

    private UUID deadBatch(UUID account, String key) {
        UUID id = UUID.randomUUID();
        Sql.update(
                pool,
                "INSERT INTO invitation_batches (id, account_id, role, requested_by, idempotency_key, status,"
                        + " receiving_until) VALUES ($1, $2, 'EDITOR', 'Someone', $3, 'RECEIVING', now() + interval '2 seconds')",
                id,
                account,
                key);
        return id;
    }

    private void awaitGone(UUID account, UUID batch) {
        for (int i = 0; i < 300; i++) {
            if (Sql.count(
                            pool,
                            "SELECT count(*) FROM invitation_batches WHERE account_id = $1 AND id = $2",
                            account,
                            batch)
                    == 0) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("the dead batch " + batch + " is still there");
    }

    /** Another account whose records share the first one's partition. */
    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
