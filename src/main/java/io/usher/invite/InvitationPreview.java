package io.usher.invite;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.usher.account.AccountAccess;
import io.usher.account.AccountRef;
import io.usher.member.Role;
import io.usher.platform.Actor;
import io.usher.platform.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Classifies every line of a bulk invitation with the very decision the workers run, against
 * the account as it is now, changing nothing and sending nothing. A long list is read and
 * decided in parts, each with one round of set queries, all in one repeatable-read transaction:
 * the seats and every part's members are one state of the account, even while a batch is applied.
 */
@ApplicationScoped
public class InvitationPreview {

    private static final Duration DB = Duration.ofSeconds(30);
    private static final int PART = 5_000;

    private final AccountAccess access;
    private final InvitationIntake intake;
    private final Pool pool;
    private final ObjectMapper json;

    public InvitationPreview(AccountAccess access, InvitationIntake intake, Pool pool, ObjectMapper json) {
        this.access = access;
        this.intake = intake;
        this.pool = pool;
        this.json = json;
    }

    public PreviewView preview(
            Actor actor,
            UUID accountId,
            InvitationIntake.Format format,
            Charset charset,
            String queryRole,
            List<String> queryTeams,
            InputStream body) {
        AccountRef account = access.requireAdmin(actor, accountId).await().atMost(DB);
        List<String> entries = new ArrayList<>();
        NumberedEntries numbered = new NumberedEntries((seq, entry) -> entries.add(entry));
        Role role;
        if (format == InvitationIntake.Format.JSON) {
            AddressReaders.JsonRequest request = AddressReaders.readJson(body, charset, numbered, json.getFactory());
            role = request.role();
            intake.checkTeams(account.id(), request.teams(), "teams");
        } else {
            InvitationIntake.Target target = InvitationIntake.parseQuery(queryRole, queryTeams);
            role = target.role();
            intake.checkTeams(account.id(), target.teams(), "team");
            if (format == InvitationIntake.Format.CSV) {
                AddressReaders.readCsv(body, charset, numbered);
            } else {
                AddressReaders.readLines(body, charset, numbered);
            }
        }
        SqlConnection sql = pool.getConnection().await().atMost(DB);
        try {
            Transaction snapshotRead = sql.begin().await().atMost(DB);
            sql.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    .execute()
                    .await()
                    .atMost(DB);
            try {
                return decide(sql, account.id(), role, entries);
            } finally {
                // Read only: nothing to keep.
                snapshotRead.rollback().await().atMost(DB);
            }
        } finally {
            sql.close().await().atMost(DB);
        }
    }

    private PreviewView decide(SqlConnection sql, UUID accountId, Role role, List<String> entries) {
        SnapshotLoader.AccountBase account =
                SnapshotLoader.account(sql, accountId, false).await().atMost(DB);
        if (account == null) {
            throw ProblemException.notFound("The account");
        }
        AccountSnapshot snapshot = account.snapshot();
        int[] counts = new int[Outcome.values().length];
        List<OutcomeView> lines = new ArrayList<>();
        for (int from = 0; from < entries.size(); from += PART) {
            List<String> part = entries.subList(from, Math.min(entries.size(), from + PART));
            SnapshotLoader.learn(sql, snapshot, accountId, part).await().atMost(DB);
            for (int i = 0; i < part.size(); i++) {
                Decision decision = InvitationDecider.decide(from + i + 1, part.get(i), role, snapshot);
                counts[decision.outcome().ordinal()]++;
                if (decision.outcome().severity() != Outcome.Severity.success) {
                    lines.add(OutcomeView.of(decision));
                }
            }
        }
        return new PreviewView(entries.size(), BatchView.counts(counts), lines);
    }
}
