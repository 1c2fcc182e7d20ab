package io.usher.invite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.usher.testing.Accounts;
import io.usher.testing.Batches;
import io.usher.testing.Mailbox;
import io.usher.testing.PlatformAdminTest;
import io.usher.testing.Seeds;
import io.usher.testing.Sql;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The two lanes (Lane): a small batch of one account is decided while another account's big list
 * is still under way, whatever partition their keys share; an account's own batches stay in the
 * order they were accepted across lanes (earlier lines win the quota).
 */
@QuarkusTest
class LaneFairnessIT extends PlatformAdminTest {

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
        String id = Accounts.create(Seeds.name(name), 1, editors);
        accounts.add(id);
        return id;
    }

    private static String addresses(String tag, int count) {
        String run = Seeds.name("").replaceAll("\\W", "").toLowerCase();
        return IntStream.rangeClosed(1, count)
                .mapToObj(i -> tag + "-" + run + "-" + i + "@lanes.example")
                .collect(Collectors.joining("\n"));
    }

    @Test
    void aSmallBatchIsDecidedWhileAnotherAccountsBigListIsUnderWay() {
        int big = 20_000;
        String large = account("Lanes big", big);
        String small = account("Lanes small", 10);
        String bigBatch = Batches.postLines(admin, large, addresses("big", big), "EDITOR");
        String smallBatch = Batches.postLines(admin, small, addresses("small", 10), "EDITOR");

        Batches.awaitCompleted(admin, smallBatch, Duration.ofSeconds(30));
        String bigStatus = status(bigBatch);
        assertNotEquals("COMPLETED", bigStatus, "the small batch did not wait for the big list");
        assertEquals("LARGE", lane(bigBatch));
        assertEquals("SMALL", lane(smallBatch));
        Batches.awaitCompleted(admin, bigBatch, Duration.ofSeconds(120));
    }

    @Test
    void anAccountsBatchesKeepTheirOrderAcrossLanes() {
        // A big list first: the small one posted behind it takes the large lane, behind it.
        String account = account("Lanes order", 1_200);
        String first = Batches.postLines(admin, account, addresses("first", 1_500), "EDITOR");
        String second = Batches.postLines(admin, account, addresses("second", 5), "EDITOR");
        Batches.awaitCompleted(admin, second, Duration.ofSeconds(60));
        Batches.awaitCompleted(admin, first, Duration.ofSeconds(60));
        assertEquals("LARGE", lane(second), "behind the account's big list");
        assertEquals(1_200, outcomes(first, "INVITED"));
        assertEquals(300, outcomes(first, "QUOTA_REACHED"));
        assertEquals(5, outcomes(second, "QUOTA_REACHED"), "the earlier list took the seats");

        // A small batch first: the big one after it does not overtake it.
        String other = account("Lanes order small first", 10);
        String few = Batches.postLines(admin, other, addresses("few", 10), "EDITOR");
        String many = Batches.postLines(admin, other, addresses("many", 1_500), "EDITOR");
        Batches.awaitCompleted(admin, many, Duration.ofSeconds(60));
        Batches.awaitCompleted(admin, few, Duration.ofSeconds(60));
        assertEquals("SMALL", lane(few));
        assertEquals(10, outcomes(few, "INVITED"));
        assertEquals(1_500, outcomes(many, "QUOTA_REACHED"));
    }

    private String status(String batchId) {
        return Sql.text(pool, "SELECT status FROM invitation_batches WHERE id = $1::uuid", batchId);
    }

    private String lane(String batchId) {
        return Sql.text(pool, "SELECT lane FROM invitation_batches WHERE id = $1::uuid", batchId);
    }

    private long outcomes(String batchId, String outcome) {
        return Sql.count(
                pool,
                "SELECT count(*) FROM invitation_outcomes WHERE batch_id = $1::uuid AND outcome = $2",
                batchId,
                outcome);
    }
}
