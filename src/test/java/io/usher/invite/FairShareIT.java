package io.usher.invite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.Mailbox;
import io.usher.testing.PlatformAdminTest;
import io.usher.testing.Seeds;
import io.usher.testing.SlowUpload;
import io.usher.testing.Sql;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every account gets its share of the appliers (InvitationApplier): another account's batch is
 * decided while a big list is under way, whatever partition their records shared on Kafka; an
 * account's batches are decided in the order their bodies were read whole (earlier lines win the
 * quota); a body still being read holds no batch, of its account or any other.
 */
@QuarkusTest
class FairShareIT extends PlatformAdminTest {

    /** The accounts this class made: their tens of thousands of mails are set aside after each test. */
    private final List<String> accounts = new ArrayList<>();

    /**
     * The mails are not what this class checks: left pending, tens of thousands of them would keep
     * the relay and the test SMTP server busy for minutes while the tests after it run.
     */
    @AfterEach
    void setMailsAside() {
        for (String account : accounts) {
            Mailbox.setAside(pool, account);
        }
    }

    private String account(String name, int editors) {
        return kept(Accounts.create(Seeds.name(name), 1, editors));
    }

    private String kept(String account) {
        accounts.add(account);
        return account;
    }

    private static String addresses(String tag, int count) {
        String run = Seeds.name("").replaceAll("\\W", "").toLowerCase();
        return IntStream.rangeClosed(1, count)
                .mapToObj(i -> tag + "-" + run + "-" + i + "@fair.example")
                .collect(Collectors.joining("\n"));
    }

    @Test
    void anotherAccountsBatchIsDecidedWhileABigListIsUnderWayOnItsPartition() {
        int big = 20_000;
        String large = account("Fair big", big);
        String neighbour = kept(Accounts.createOnThePartitionOf(large, "Fair neighbour", 3_000));
        String elsewhere = account("Fair elsewhere", 3_000);
        String bigBatch = Batches.postLines(admin, large, addresses("big", big), "EDITOR");
        // Posted after the whole big list: on Kafka, the neighbour's records are behind all of it.
        String onItsPartition = Batches.postLines(admin, neighbour, addresses("near", 3_000), "EDITOR");
        String another = Batches.postLines(admin, elsewhere, addresses("far", 3_000), "EDITOR");

        Batches.awaitCompleted(admin, onItsPartition, Duration.ofSeconds(60));
        Batches.awaitCompleted(admin, another, Duration.ofSeconds(60));
        assertNotEquals("COMPLETED", status(bigBatch), "the other accounts' batches did not wait for the big list");
        Batches.awaitCompleted(admin, bigBatch, Duration.ofSeconds(180));
    }

    @Test
    void anAccountsBatchesAreDecidedInTheOrderTheyWereQueued() {
        List<String> bigFirst = oneAfterTheOther(account("Fair order", 1_200), 1_500, 5);
        String first = bigFirst.get(0);
        assertEquals(1_200, outcomes(first, "INVITED"));
        assertEquals(300, outcomes(first, "QUOTA_REACHED"));
        assertEquals(5, outcomes(bigFirst.get(1), "QUOTA_REACHED"), "the earlier list took the seats");

        List<String> smallFirst = oneAfterTheOther(account("Fair order small first", 10), 10, 1_500);
        String few = smallFirst.get(0);
        String many = smallFirst.get(1);
        assertEquals(10, outcomes(few, "INVITED"));
        assertEquals(1_500, outcomes(many, "QUOTA_REACHED"));
    }

    @Test
    void aBodyStillBeingReadHoldsNoBatchOfItsAccountOrItsPartition() throws Exception {
        // Room for the trickle's first 1,001 lines and the batch posted meanwhile, not for more.
        String account = account("Fair trickle", 1_003);
        String neighbour = kept(Accounts.createOnThePartitionOf(account, "Fair trickle neighbour", 2_000));
        try (SlowUpload trickle = SlowUpload.start(admin, account, "trickle")) {
            trickle.send(addresses("trickle", 1_001) + "\n");
            trickle.send(Seeds.email("trickle-slow-0") + "\n");
            // Posted while the trickle's body is still being read, and queued before it.
            String mine = Batches.postLines(admin, account, addresses("mine", 5), "EDITOR");
            String theirs = Batches.postLines(admin, neighbour, addresses("theirs", 2_000), "EDITOR");
            for (int i = 1; i <= 3; i++) {
                Thread.sleep(500);
                trickle.send(Seeds.email("trickle-slow-" + i) + "\n");
            }
            Batches.awaitCompleted(admin, mine, Duration.ofSeconds(30));
            Batches.awaitCompleted(admin, theirs, Duration.ofSeconds(30));
            assertFalse(trickle.answered(), "the trickle was still being read");
            assertEquals(5, outcomes(mine, "INVITED"), "queued first, decided first");

            trickle.finish();
            SlowUpload.Answer answer = trickle.answer(Duration.ofSeconds(30));
            assertEquals(202, answer.status(), answer.body());
            JsonPath trickled =
                    Batches.awaitCompleted(admin, JsonPath.from(answer.body()).getString("id"), Duration.ofSeconds(60));
            assertEquals(1_005, trickled.getInt("total"));
            assertEquals(998, trickled.getInt("counts.INVITED"));
            assertEquals(7, trickled.getInt("counts.QUOTA_REACHED"));
        }
    }

    @Test
    void aBatchWhoseAccountLostItsTurnIsStillDecided() {
        // What a race between the sweep and a batch being queued could leave: a queued batch with its
        // lines in the inbox and no turn for its account. The next sweep puts the turn back.
        String account = account("Fair lost turn", 10);
        UUID accountId = UUID.fromString(account);
        UUID batch = UUID.randomUUID();
        Sql.update(
                pool,
                "INSERT INTO invitation_batches (id, account_id, role, requested_by, status, total, queued_at)"
                        + " VALUES ($1, $2, 'EDITOR', 'Someone', 'QUEUED', 2, now())",
                batch,
                accountId);
        Sql.update(
                pool,
                "INSERT INTO invitation_inbox (batch_id, first_seq, last_seq, account_id, emails)"
                        + " VALUES ($1, 1, 2, $2, $3)",
                batch,
                accountId,
                new String[] {Seeds.email("lost-turn-1"), Seeds.email("lost-turn-2")});
        JsonPath done = Batches.awaitCompleted(admin, batch.toString(), Duration.ofSeconds(30));
        assertEquals(2, done.getInt("counts.INVITED"));
    }

    /** Two batches of the account posted one after the other, once both completed: their ids, in order. */
    private List<String> oneAfterTheOther(String account, int firstSize, int secondSize) {
        List<String> batches = List.of(
                Batches.postLines(admin, account, addresses("first", firstSize), "EDITOR"),
                Batches.postLines(admin, account, addresses("second", secondSize), "EDITOR"));
        batches.forEach(batch -> Batches.awaitCompleted(admin, batch, Duration.ofSeconds(60)));
        return batches;
    }

    private String status(String batchId) {
        return Sql.text(pool, "SELECT status FROM invitation_batches WHERE id = $1::uuid", batchId);
    }

    private long outcomes(String batchId, String outcome) {
        return Sql.count(
                pool,
                "SELECT count(*) FROM invitation_outcomes WHERE batch_id = $1::uuid AND outcome = $2",
                batchId,
                outcome);
    }
}
