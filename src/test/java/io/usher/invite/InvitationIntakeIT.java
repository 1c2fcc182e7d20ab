package io.usher.invite;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.usher.member.Role;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.KafkaResource;
import io.usher.testing.PlatformAdminTest;
import io.usher.testing.Seeds;
import io.usher.testing.ServiceUrl;
import io.usher.testing.Sql;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class InvitationIntakeIT extends PlatformAdminTest {

    @Inject
    InvitationRequestProducer producer;

    @ConfigProperty(name = KafkaResource.TOOLS_BOOTSTRAP)
    String bootstrap;

    private long count(String sql, Object... params) {
        return Sql.count(pool, sql, params);
    }

    private long batchesOf(String accountId) {
        return count("SELECT count(*) FROM invitation_batches WHERE account_id = $1", UUID.fromString(accountId));
    }

    private static String path(String accountId) {
        return "/api/v1/accounts/" + accountId + "/invitations";
    }

    /** A request of the platform admin's with a body of this type. */

    /** Lines posted as EDITORs under an idempotency key, by the platform admin. */
    private static ValidatableResponse postKeyed(String accountId, String idempotencyKey, String body) {
        return asAdmin(ContentType.TEXT)
                .header("Idempotency-Key", idempotencyKey)
                .queryParam("role", "EDITOR")
                .body(body)
                .post(path(accountId))
                .then();
    }

    @Test
    void jsonAndCsvBodiesAreInvitedLikeLines() {
        String accountId = Accounts.create(Seeds.name("Formats"), 3, 10);
        String team = Accounts.createTeam(admin, accountId, "Ops");
        String a = Seeds.email("json");
        String batchId = asAdmin(ContentType.JSON)
                .body(Map.of(
                        "emails", List.of(a, " ", Seeds.email("json2")), "role", "SITE_ADMIN", "teams", List.of(team)))
                .post(path(accountId))
                .then()
                .statusCode(202)
                .body("role", equalTo("SITE_ADMIN"))
                .body("teams[0]", equalTo(team))
                .body("total", equalTo(2))
                .extract()
                .path("id");
        JsonPath done = Batches.awaitCompleted(admin, batchId, Duration.ofSeconds(30));
        assertEquals(2, done.getInt("counts.INVITED"));
        assertEquals(2, count("SELECT count(*) FROM membership_teams WHERE team_id = $1", UUID.fromString(team)));
        assertEquals(
                2,
                count(
                        "SELECT count(*) FROM memberships WHERE account_id = $1 AND role = 'SITE_ADMIN'",
                        UUID.fromString(accountId)));

        String csv = "\uFEFFName,E-mail ignored,EMAIL\r\n\"Doe, Jane\",x,\"" + Seeds.email("csv")
                + "\"\r\nBob,y,\r\nAl,z," + Seeds.email("csv2") + "\r\n";
        String csvBatch = asAdmin("text/csv")
                .queryParam("role", "EDITOR")
                .queryParam("team", team)
                .body(csv.getBytes(StandardCharsets.UTF_8))
                .post(path(accountId))
                .then()
                .statusCode(202)
                .body("total", equalTo(2))
                .extract()
                .path("id");
        assertEquals(
                2,
                Batches.awaitCompleted(admin, csvBatch, Duration.ofSeconds(30)).getInt("counts.INVITED"));
    }

    @Test
    void theSameIdempotencyKeyReturnsTheSameBatch() {
        String accountId = Accounts.create(Seeds.name("Idem"), 1, 10);
        String body = Seeds.email("idem");
        String first =
                postKeyed(accountId, "k-1", body).statusCode(202).extract().path("id");
        postKeyed(accountId, "k-1", body).statusCode(200).body("id", equalTo(first));
        String other = Accounts.create(Seeds.name("IdemOther"), 1, 10);
        String second = postKeyed(other, "k-1", body).statusCode(202).extract().path("id");
        org.junit.jupiter.api.Assertions.assertNotEquals(first, second);
        Batches.awaitCompleted(admin, first, Duration.ofSeconds(30));
        assertEquals(1, batchesOf(accountId));
    }

    @Test
    void thePreviewClassifiesEveryLineAsTheRunThenDoes() {
        String accountId = Accounts.create(Seeds.name("Preview"), 1, 3);
        String member = Seeds.email("member");
        Seeds.member(pool, UUID.fromString(accountId), member, "EDITOR", "ACTIVE");
        List<String> lines =
                List.of(Seeds.email("p1"), "nope", member, Seeds.email("p2"), Seeds.email("p3"), Seeds.email("p4"));
        String body = String.join("\n", lines);
        JsonPath preview = asAdmin(ContentType.TEXT)
                .queryParam("role", "EDITOR")
                .body(body)
                .post(path(accountId) + "/preview")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(6, preview.getInt("total"));
        assertEquals(List.of(2, 3, 5, 6), preview.getList("lines.seq", Integer.class));
        assertEquals(0, batchesOf(accountId), "a preview changes nothing");

        String batchId = Batches.postLines(admin, accountId, body, "EDITOR");
        JsonPath done = Batches.awaitCompleted(admin, batchId, Duration.ofSeconds(30));
        assertEquals(preview.getMap("counts"), done.getMap("counts"));
        JsonPath outcomes = given().auth()
                .oauth2(admin)
                .get("/api/v1/invitation-batches/" + batchId + "/outcomes")
                .then()
                .extract()
                .jsonPath();
        List<String> previewed = preview.getList("lines.outcome", String.class);
        List<String> actual = outcomes.getList("items.findAll { it.severity != 'success' }.outcome", String.class);
        assertEquals(previewed, actual);
    }

    @Test
    void redeliveredRequestsAreRepublishedNeverReapplied() throws Exception {
        String accountId = Accounts.create(Seeds.name("Redelivery"), 1, 50);
        List<String> emails = IntStream.rangeClosed(1, 10)
                .mapToObj(i -> Seeds.email("redo" + i))
                .toList();
        String batchId = Batches.postLines(admin, accountId, String.join("\n", emails), "EDITOR");
        Batches.awaitCompleted(admin, batchId, Duration.ofSeconds(30));
        // As after a crash before the offsets were committed: every record comes again, twice.
        List<InvitationRequest> again = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < emails.size(); i++) {
                again.add(new InvitationRequest(
                        UUID.fromString(batchId),
                        UUID.fromString(accountId),
                        i + 1,
                        emails.get(i),
                        Role.EDITOR,
                        List.of(),
                        "Platform Admin"));
            }
        }
        producer.sendAll(again);
        // A marker batch behind them on the same account's partition proves they were consumed.
        String marker = Batches.postLines(admin, accountId, Seeds.email("marker"), "EDITOR");
        Batches.awaitCompleted(admin, marker, Duration.ofSeconds(30));
        UUID account = UUID.fromString(accountId);
        assertEquals(
                10, count("SELECT count(*) FROM invitation_outcomes WHERE batch_id = $1", UUID.fromString(batchId)));
        assertEquals(11, count("SELECT count(*) FROM memberships WHERE account_id = $1", account));
        assertEquals(11, count("SELECT count(*) FROM mail_outbox WHERE account_id = $1", account));
        assertEquals(11, count("SELECT count(*) FROM invitations WHERE account_id = $1", account));
        given().auth()
                .oauth2(admin)
                .get("/api/v1/invitation-batches/" + batchId)
                .then()
                .body("processed", equalTo(10))
                .body("counts.INVITED", equalTo(10));
    }

    @Test
    void recordsNoUsherWroteAreSkippedAndTheAccountsPartitionGoesOn() throws Exception {
        String accountId = Accounts.create(Seeds.name("Garbage"), 1, 10);
        Map<String, Object> settings =
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> raw =
                new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer())) {
            for (String value : List.of(
                    "not json at all",
                    "{\"batchId\": null, \"seq\": 1}",
                    "{\"batchId\": \"" + UUID.randomUUID() + "\", \"accountId\": \"" + accountId
                            + "\", \"seq\": 0, \"email\": \"x@y.example\"}",
                    "{\"unknown\": true}")) {
                raw.send(new ProducerRecord<>("invitation-requests", accountId, value))
                        .get();
            }
        }
        String marker = Batches.postLines(admin, accountId, Seeds.email("after-garbage"), "EDITOR");
        JsonPath done = Batches.awaitCompleted(admin, marker, Duration.ofSeconds(30));
        assertEquals(1, done.getInt("counts.INVITED"));
        assertEquals(1, count("SELECT count(*) FROM memberships WHERE account_id = $1", UUID.fromString(accountId)));
    }

    @Test
    void hostileBodiesAreClearProblemsAndLeaveNoBatch() {
        String accountId = Accounts.create(Seeds.name("Hostile"), 1, 10);
        String foreignTeam = asAdmin(ContentType.JSON)
                .body(Map.of("name", "Theirs"))
                .post("/api/v1/accounts/" + Accounts.create(Seeds.name("TeamOwner"), 1, 1) + "/teams")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        // Unknown role, missing role, a team of another account, a malformed team id.
        asAdmin(ContentType.TEXT)
                .queryParam("role", "OWNER")
                .body("a@b.example")
                .post(path(accountId))
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("role"));
        asAdmin(ContentType.TEXT)
                .body("a@b.example")
                .post(path(accountId))
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("role"));
        asAdmin(ContentType.TEXT)
                .queryParam("role", "EDITOR")
                .queryParam("team", foreignTeam)
                .body("a@b.example")
                .post(path(accountId))
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("team[0]"));
        asAdmin(ContentType.TEXT)
                .queryParam("role", "EDITOR")
                .queryParam("team", "not-a-uuid")
                .body("a@b.example")
                .post(path(accountId))
                .then()
                .statusCode(400);
        asAdmin(ContentType.JSON)
                .body(Map.of("emails", List.of("a@b.example"), "role", "EDITOR", "teams", List.of(foreignTeam)))
                .post(path(accountId))
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("teams[0]"));
        // Empty lists, in each format.
        asAdmin(ContentType.TEXT)
                .queryParam("role", "EDITOR")
                .body("\n \n\r\n")
                .post(path(accountId))
                .then()
                .statusCode(400)
                .body("detail", containsString("no email address"));
        asAdmin(ContentType.JSON)
                .body(Map.of("emails", List.of(), "role", "EDITOR"))
                .post(path(accountId))
                .then()
                .statusCode(400);
        asAdmin("text/csv")
                .queryParam("role", "EDITOR")
                .body("email\n")
                .post(path(accountId))
                .then()
                .statusCode(400);
        // Unreadable bodies.
        byte[] invalidUtf8 = {'a', '@', 'b', '.', 'c', 'o', 'm', '\n', (byte) 0xC3, (byte) 0x28, '\n'};
        asAdmin("text/plain; charset=utf-8")
                .queryParam("role", "EDITOR")
                .body(invalidUtf8)
                .post(path(accountId))
                .then()
                .statusCode(400)
                .body("detail", containsString("not valid UTF-8"));
        asAdmin(ContentType.JSON)
                .body("{\"emails\": [\"a@b.example\", ")
                .post(path(accountId))
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        asAdmin(ContentType.JSON)
                .body("{\"emails\": [1, {}], \"role\": \"EDITOR\"}")
                .post(path(accountId))
                .then()
                .statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("emails[0]", "emails[1]"));
        asAdmin(ContentType.JSON)
                .body("[\"a@b.example\"]")
                .post(path(accountId))
                .then()
                .statusCode(400);
        asAdmin("text/csv")
                .queryParam("role", "EDITOR")
                .body("name,mail\nx,a@b.example\n")
                .post(path(accountId))
                .then()
                .statusCode(400)
                .body("detail", containsString("email"));
        assertEquals(
                415,
                raw(accountId, "text/plain; charset=x-klingon", "a@b.example".getBytes(), false)
                        .statusCode());
        asAdmin("application/xml")
                .queryParam("role", "EDITOR")
                .body("<a/>")
                .post(path(accountId))
                .then()
                .statusCode(415);
        postKeyed(accountId, "x".repeat(201), "a@b.example").statusCode(400);
        assertEquals(0, batchesOf(accountId), "no failed request leaves a batch");
    }

    @Test
    void hostileLinesBecomeInvalidOutcomesNeverErrors() {
        String accountId = Accounts.create(Seeds.name("HostileLines"), 1, 10);
        String huge = "a".repeat(10 * 1024 * 1024) + "@example.com";
        String body = String.join("\n", huge, "=cmd|' /C calc'!A0@x.example", "<script>@x.example", Seeds.email("ok"));
        String batchId = asAdmin(ContentType.TEXT)
                .queryParam("role", "EDITOR")
                .body(body)
                .post(path(accountId))
                .then()
                .statusCode(202)
                .body("total", equalTo(4))
                .extract()
                .path("id");
        JsonPath done = Batches.awaitCompleted(admin, batchId, Duration.ofSeconds(30));
        assertEquals(3, done.getInt("counts.INVALID_EMAIL"));
        assertEquals(1, done.getInt("counts.INVITED"));
        String csv = Batches.csvReport(admin, batchId);
        org.junit.jupiter.api.Assertions.assertTrue(csv.contains("'=cmd"), csv);
        org.junit.jupiter.api.Assertions.assertTrue(csv.length() < 10_000, "the huge line is cut");

        String jsonBatch = asAdmin(ContentType.JSON)
                .body(Map.of(
                        "emails",
                        List.of("a@x.example\r\nBcc: victim@x.example", Seeds.email("fine")),
                        "role",
                        "EDITOR"))
                .post(path(accountId))
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        JsonPath jsonDone = Batches.awaitCompleted(admin, jsonBatch, Duration.ofSeconds(30));
        assertEquals(1, jsonDone.getInt("counts.INVALID_EMAIL"));
        assertEquals(1, jsonDone.getInt("counts.INVITED"));
    }

    @Test
    void aBodyOverTheLimitIsRefused() {
        String accountId = Accounts.create(Seeds.name("TooLarge"), 1, 10);
        String line = "someone@example.com\n";
        String body = IntStream.range(0, (65 * 1024 * 1024) / line.length())
                .mapToObj(i -> line)
                .collect(Collectors.joining());
        // As a careful client sends a large body: it asks first, and hears 413 before sending it.
        assertEquals(
                413,
                raw(accountId, "text/plain", body.getBytes(StandardCharsets.US_ASCII), true)
                        .statusCode());
        assertEquals(0, batchesOf(accountId));
    }

    @Test
    void aSmallRequestIsAcceptedWhileABigUploadIsStillStreaming() throws Exception {
        String big = Accounts.create(Seeds.name("BigUpload"), 1, 10);
        String small = Accounts.create(Seeds.name("SmallRequest"), 1, 20);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger chunks = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CompletableFuture<Void> streaming;
        try (io.usher.testing.SlowUpload upload = io.usher.testing.SlowUpload.start(admin, big, null)) {
            streaming = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    // As fast as the service takes it, until the small request is done: the
                    // producer's buffer always holds records of this upload.
                    for (int c = 0; !stop.get() && c < 500; c++) {
                        int from = c * 1_000;
                        upload.send(IntStream.range(from, from + 1_000)
                                .mapToObj(i -> "big-" + i + "@example.com\n")
                                .collect(Collectors.joining()));
                        chunks.incrementAndGet();
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            while (chunks.get() < 20 && !streaming.isDone()) {
                Thread.sleep(10);
            }
            String body = IntStream.rangeClosed(1, 10)
                    .mapToObj(i -> Seeds.email("small" + i))
                    .collect(Collectors.joining("\n"));
            long started = System.nanoTime();
            postKeyed(small, "small", body).statusCode(202).body("total", equalTo(10));
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            boolean stillStreaming = !streaming.isDone();
            int sentBefore = chunks.get();
            stop.set(true);
            assertTrue(stillStreaming, "the big upload ended first (" + sentBefore + " chunks)");
            assertTrue(millis < 5_000, "the small request took " + millis + " ms");
            streaming.get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        // The big upload was cut off mid-body: nothing of it stays.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (batchesOf(big) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(0, batchesOf(big));
    }

    private java.net.http.HttpResponse<String> raw(
            String accountId, String contentType, byte[] body, boolean expectContinue) {
        try {
            return java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1)
                    .build()
                    .send(
                            java.net.http.HttpRequest.newBuilder(
                                            java.net.URI.create(ServiceUrl.base() + path(accountId) + "?role=EDITOR"))
                                    .header("Authorization", "Bearer " + admin)
                                    .header("Content-Type", contentType)
                                    .expectContinue(expectContinue)
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
