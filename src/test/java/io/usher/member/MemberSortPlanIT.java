package io.usher.member;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import io.usher.testing.Accounts;
import io.usher.testing.Seeds;
import io.usher.testing.Sql;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What each order of the user list costs on an account as long as a list may be and still be
 * sorted ({@link MemberDirectory#SORTABLE}), among nine times as many members of other accounts: the account's rows by its index, each profile by its
 * key, a top-N sort; never a walk of every membership of the platform. Longer lists are not sorted.
 */
@QuarkusTest
class MemberSortPlanIT {

    @Inject
    Pool pool;

    @Test
    void everyOrderReadsOnlyTheAccountsRows() {
        UUID account = UUID.fromString(Accounts.create(Seeds.name("Sort plans"), 5, 20_000));
        String marker = UUID.randomUUID().toString().substring(0, 8);
        Sql.update(
                pool,
                "INSERT INTO profiles (id, email, first_name, last_name, status)"
                        + " SELECT gen_random_uuid(), 'plan-' || i || '-" + marker + "@sorted.example', 'N' || i, 'L',"
                        + " 'ACTIVE' FROM generate_series(1, " + MemberDirectory.SORTABLE + ") i");
        Sql.update(
                pool,
                "INSERT INTO memberships (id, account_id, profile_id, role, status, invited_at)"
                        + " SELECT gen_random_uuid(), $1, p.id, 'EDITOR', 'ACTIVE', now()"
                        + " FROM profiles p WHERE p.email LIKE 'plan-%-" + marker + "@sorted.example'",
                account);
        // The platform's other accounts, nine times as many members: a sort reads this account's alone.
        UUID others = UUID.fromString(Accounts.create(Seeds.name("Sort plans, others"), 5, 100_000));
        Sql.update(
                pool,
                "INSERT INTO profiles (id, email, status)"
                        + " SELECT gen_random_uuid(), 'other-' || i || '-" + marker + "@sorted.example', 'ACTIVE'"
                        + " FROM generate_series(1, 90000) i");
        Sql.update(
                pool,
                "INSERT INTO memberships (id, account_id, profile_id, role, status, invited_at)"
                        + " SELECT gen_random_uuid(), $1, p.id, 'EDITOR', 'ACTIVE', now()"
                        + " FROM profiles p WHERE p.email LIKE 'other-%-" + marker + "@sorted.example'",
                others);
        Sql.update(pool, "ANALYZE memberships");
        Sql.update(pool, "ANALYZE profiles");
        MemberFilter none = new MemberFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        for (MemberSort sort : MemberSort.values()) {
            StringBuilder plan = new StringBuilder();
            for (Row row : pool.preparedQuery("EXPLAIN ANALYZE " + MemberDirectory.sorted(none, sort))
                    .execute(
                            MemberDirectory.params(account, none).addInteger(25).addInteger(0))
                    .await()
                    .atMost(Duration.ofSeconds(30))) {
                plan.append(row.getString(0)).append('\n');
            }
            System.out.println("EXPLAIN " + sort + "\n" + plan);
            assertFalse(plan.toString().contains("Seq Scan on memberships"), sort + "\n" + plan);
            assertFalse(plan.toString().contains("profiles_email_key"), sort + "\n" + plan);
        }
    }
}
