package io.usher.invite;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.Keycloak;
import io.usher.testing.PlatformAdminTest;
import io.usher.testing.Seeds;
import io.usher.testing.Sql;
import io.usher.testing.SseClient;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
class InvitationPipelineIT extends PlatformAdminTest {

    private long count(String sql, Object... params) {
        return Sql.count(pool, sql, params);
    }

    @Test
    void everyOutcomeOfTheFlowchartInOneBatch() {
        String accountId = Accounts.create(Seeds.name("Flow"), 2, 10);
        String otherAccount = Accounts.create(Seeds.name("Elsewhere"), 2, 10);
        String ssoDomain = Accounts.newSsoDomain("sso", "entra");
        String existing = Seeds.email("existing");
        Seeds.member(pool, UUID.fromString(otherAccount), existing, "EDITOR", "ACTIVE");
        String member = Seeds.email("member");
        Seeds.member(pool, UUID.fromString(accountId), member, "EDITOR", "SUSPENDED");
        String fresh = Seeds.email("fresh");
        String sso = "person@" + ssoDomain;

        String body = String.join(
                "\n", fresh, " " + sso.toUpperCase() + " ", "", existing, member, fresh, "not-an-email", "\r\n");
        String batchId = Batches.postLines(admin, accountId, body, "EDITOR");

        JsonPath batch = Batches.awaitCompleted(admin, batchId, Duration.ofSeconds(30));
        assertEquals(6, batch.getInt("total"));
        assertEquals(6, batch.getInt("processed"));
        assertEquals(1, batch.getInt("counts.INVITED"));
        assertEquals(1, batch.getInt("counts.INVITED_SSO"));
        assertEquals(1, batch.getInt("counts.ADDED_EXISTING_USER"));
        assertEquals(1, batch.getInt("counts.ALREADY_MEMBER"));
        assertEquals(1, batch.getInt("counts.DUPLICATE"), "the fresh address's second line repeats its first");
        assertEquals(0, batch.getInt("counts.QUOTA_REACHED"));
        assertEquals(1, batch.getInt("counts.INVALID_EMAIL"));
        assertEquals("EDITOR", batch.getString("role"));

        given().auth()
                .oauth2(admin)
                .get("/api/v1/invitation-batches/" + batchId + "/outcomes")
                .then()
                .statusCode(200)
                .body("items.seq", contains(1, 2, 3, 4, 5, 6))
                .body(
                        "items.outcome",
                        contains(
                                "INVITED",
                                "INVITED_SSO",
                                "ADDED_EXISTING_USER",
                                "ALREADY_MEMBER",
                                "DUPLICATE",
                                "INVALID_EMAIL"))
                .body("items.severity", contains("success", "success", "success", "info", "info", "error"))
                .body("items[1].email", equalTo(sso))
                .body("items[3].message", equalTo("a user with email " + member + " already exists"))
                .body("items[4].duplicateOf", equalTo(1))
                .body("items[4].message", equalTo(fresh + " is a duplicate of line 1"))
                .body("items[0].delivery", org.hamcrest.Matchers.notNullValue())
                .body("items[3].delivery", nullValue())
                .body("next", nullValue());

        assertEquals(4, count("SELECT count(*) FROM memberships WHERE account_id = $1", UUID.fromString(accountId)));
        assertEquals(3, count("SELECT count(*) FROM mail_outbox WHERE account_id = $1", UUID.fromString(accountId)));
        assertEquals(3, count("SELECT count(*) FROM invitations WHERE account_id = $1", UUID.fromString(accountId)));
        assertEquals(3, count("SELECT count(*) FROM audit_events WHERE account_id = $1", UUID.fromString(accountId)));
        assertEquals(
                1,
                count(
                        "SELECT count(*) FROM memberships m JOIN profiles p ON p.id = m.profile_id"
                                + " WHERE m.account_id = $1 AND p.email = $2 AND m.status = 'ACTIVE'",
                        UUID.fromString(accountId),
                        existing));

        String csv = Batches.csvReport(admin, batchId);
        List<String> rows = csv.lines().toList();
        assertEquals("seq,email,outcome,severity,message", rows.get(0));
        assertEquals(7, rows.size(), csv);
        assertTrue(rows.get(6).startsWith("6,not-an-email,INVALID_EMAIL,error,"), rows.get(6));
    }

    @Test
    void aBatchOf500IntoAHundredSeatsAdmitsExactlyTheFirstHundredLines() {
        String accountId = Accounts.create(Seeds.name("Seats"), 1, 100);
        String prefix = UUID.randomUUID().toString().substring(0, 8);
        String body = IntStream.rangeClosed(1, 500)
                .mapToObj(i -> prefix + "-" + i + "@seats.example")
                .collect(Collectors.joining("\n"));
        String batchId = Batches.postLines(admin, accountId, body, "EDITOR");
        JsonPath batch = Batches.awaitCompleted(admin, batchId, Duration.ofSeconds(30));
        assertEquals(100, batch.getInt("counts.INVITED"));
        assertEquals(400, batch.getInt("counts.QUOTA_REACHED"));
        List<Integer> admitted = given().auth()
                .oauth2(admin)
                .queryParam("limit", 1000)
                .get("/api/v1/invitation-batches/" + batchId + "/outcomes")
                .then()
                .extract()
                .jsonPath()
                .getList("items.findAll { it.outcome == 'INVITED' }.seq", Integer.class);
        assertEquals(IntStream.rangeClosed(1, 100).boxed().toList(), admitted);
    }

    @Test
    void twentyConcurrentBatchesForOneLastSeatAdmitExactlyOne() throws Exception {
        String accountId = Accounts.create(Seeds.name("LastSeat"), 1, 5);
        for (int i = 0; i < 4; i++) {
            Seeds.member(pool, UUID.fromString(accountId), Seeds.email("seated"), "EDITOR", "ACTIVE");
        }
        var threads = java.util.concurrent.Executors.newFixedThreadPool(20);
        List<java.util.concurrent.Future<String>> posts = IntStream.range(0, 20)
                .mapToObj(i ->
                        threads.submit(() -> Batches.postLines(admin, accountId, Seeds.email("race" + i), "EDITOR")))
                .toList();
        threads.shutdown();
        int invited = 0;
        for (var post : posts) {
            JsonPath batch = Batches.awaitCompleted(admin, post.get(), Duration.ofSeconds(30));
            invited += batch.getInt("counts.INVITED");
        }
        assertEquals(1, invited);
        assertEquals(
                5,
                count(
                        "SELECT count(*) FROM memberships WHERE account_id = $1 AND status IN ('ACTIVE', 'PENDING')",
                        UUID.fromString(accountId)));
    }

    @Test
    void aLateSubscriberGetsEveryOutcomeAtOnceThenCompleted() throws Exception {
        String accountId = Accounts.create(Seeds.name("Late"), 1, 50);
        String prefix = UUID.randomUUID().toString().substring(0, 8);
        String body = IntStream.rangeClosed(1, 30)
                .mapToObj(i -> prefix + i + "@late.example")
                .collect(Collectors.joining("\n"));
        String batchId = Batches.postLines(admin, accountId, body, "EDITOR");
        Batches.awaitCompleted(admin, batchId, Duration.ofSeconds(30));
        List<SseClient.Event> events = SseClient.read(
                "/api/v1/invitation-batches/" + batchId + "/events", admin, null, 1000, Duration.ofSeconds(20));
        assertEquals(31, events.size(), events.toString());
        for (int i = 0; i < 30; i++) {
            assertEquals("outcome", events.get(i).name());
            assertEquals(String.valueOf(i + 1), events.get(i).id());
            assertTrue(
                    events.get(i).data().contains("\"seq\":" + (i + 1)),
                    events.get(i).data());
        }
        assertEquals("completed", events.get(30).name());
        assertTrue(events.get(30).data().contains("\"status\":\"COMPLETED\""));
    }

    @Test
    void aSubscriberThatDropsAndResumesGetsEveryOutcomeExactlyOnce() throws Exception {
        String accountId = Accounts.create(Seeds.name("Resume"), 1, 5000);
        String prefix = UUID.randomUUID().toString().substring(0, 8);
        String body = IntStream.rangeClosed(1, 3000)
                .mapToObj(i -> prefix + i + "@resume.example")
                .collect(Collectors.joining("\n"));
        String batchId = Batches.postLines(admin, accountId, body, "EDITOR");
        String path = "/api/v1/invitation-batches/" + batchId + "/events";
        List<SseClient.Event> first = SseClient.read(path, admin, null, 40, Duration.ofSeconds(30));
        assertEquals(40, first.size());
        List<SseClient.Event> rest = SseClient.read(path, admin, first.get(39).id(), 100_000, Duration.ofSeconds(60));
        List<SseClient.Event> all = new java.util.ArrayList<>(first);
        all.addAll(rest);
        assertEquals("completed", all.get(all.size() - 1).name());
        List<String> ids =
                all.subList(0, all.size() - 1).stream().map(SseClient.Event::id).toList();
        assertEquals(IntStream.rangeClosed(1, 3000).mapToObj(String::valueOf).toList(), ids);
        // ?after= resumes the same way, from any point.
        List<SseClient.Event> tail = SseClient.read(path + "?after=2990", admin, null, 100, Duration.ofSeconds(20));
        assertEquals(11, tail.size());
        assertEquals("2991", tail.get(0).id());
    }

    @Test
    void anUnknownOrForeignBatchIsNotFound() throws Exception {
        given().auth()
                .oauth2(admin)
                .get("/api/v1/invitation-batches/" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(admin)
                .get("/api/v1/invitation-batches/" + UUID.randomUUID() + "/outcomes")
                .then()
                .statusCode(404);
        String accountId = Accounts.create(Seeds.name("Foreign"), 1, 5);
        String batchId = Batches.postLines(admin, accountId, Seeds.email("x"), "EDITOR");
        String stranger = Seeds.email("stranger");
        String otherAccount = Accounts.create(Seeds.name("Stranger"), 1, 5);
        Seeds.member(pool, UUID.fromString(otherAccount), stranger, "SITE_ADMIN", "ACTIVE");
        Keycloak.createUser(stranger, "Secret-123456");
        String strangerToken = Keycloak.token(stranger, "Secret-123456");
        given().auth()
                .oauth2(strangerToken)
                .get("/api/v1/invitation-batches/" + batchId)
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(strangerToken)
                .get("/api/v1/invitation-batches/" + batchId + "/outcomes")
                .then()
                .statusCode(404);
        List<SseClient.Event> events = SseClient.read(
                "/api/v1/invitation-batches/" + batchId + "/events", strangerToken, null, 10, Duration.ofSeconds(10));
        assertEquals("404", events.get(0).id(), events.toString());
        assertTrue(events.get(0).data().contains("\"status\":404"), events.toString());
        given().auth()
                .oauth2(strangerToken)
                .contentType(ContentType.TEXT)
                .queryParam("role", "EDITOR")
                .body("a@b.example")
                .post("/api/v1/accounts/" + accountId + "/invitations")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(strangerToken)
                .get("/api/v1/accounts/" + accountId + "/invitation-batches")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(admin)
                .get("/api/v1/accounts/" + accountId + "/invitation-batches")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].id", equalTo(batchId));
    }
}
