package io.usher.invite;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.usher.account.AccountAccess;
import io.usher.account.AccountRef;
import io.usher.member.Role;
import io.usher.platform.Actor;
import io.usher.platform.ProblemException;
import io.usher.platform.UsherConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Classifies every line of a bulk invitation with the very decision the workers run, against
 * the account as it is now, changing nothing and sending nothing. A long list is decided in parts
 * of {@value #PART} lines, each read in a short repeatable-read transaction of its own, so that a
 * million-line preview never holds one snapshot of the database for its whole run. Its answer is
 * still one state of the account (its seats, quotas and members), even while a batch is applied:
 * every part reads the account row's version, and a preview whose account changed between its
 * parts starts again; one that keeps meeting changes ({@value #ATTEMPTS} times) is decided at last
 * in one snapshot. Profiles and SSO domains are platform facts read with each part: they only
 * choose between successes (INVITED, INVITED_SSO, ADDED_EXISTING_USER).
 *
 * <p>The answer counts every line, but lists only the first {@code usher.invitations.preview-lines}
 * lines that would not succeed, and says when there were more ({@code truncated}).
 */
@ApplicationScoped
public class InvitationPreview {

    private static final Duration DB = Duration.ofSeconds(30);
    private static final int PART = 5_000;
    private static final int ATTEMPTS = 3;

    private final AccountAccess access;
    private final InvitationIntake intake;
    private final Pool pool;
    private final ObjectMapper json;
    private final int maxLines;

    public InvitationPreview(
            AccountAccess access, InvitationIntake intake, Pool pool, ObjectMapper json, UsherConfig config) {
        this.access = access;
        this.intake = intake;
        this.pool = pool;
        this.json = json;
        this.maxLines = config.invitations().previewLines();
    }

    /** The preview, its messages said in {@code language}. */
    public PreviewView preview(
            String language,
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
            for (int attempt = 1; attempt < ATTEMPTS; attempt++) {
                Optional<PreviewView> view = decide(sql, account.id(), role, language, entries, false);
                if (view.isPresent()) {
                    return view.get();
                }
            }
            return decide(sql, account.id(), role, language, entries, true).orElseThrow();
        } finally {
            sql.close().await().atMost(DB);
        }
    }

    /**
     * The preview, with each part in a snapshot of its own, or all in one; empty when the account
     * changed between two parts (its row's version, which every change of its members, seats or
     * quotas writes anew: V2's seat counters).
     */
    private Optional<PreviewView> decide(
            SqlConnection sql, UUID accountId, Role role, String language, List<String> entries, boolean oneSnapshot) {
        Transaction whole = oneSnapshot ? snapshot(sql) : null;
        try {
            String version = null;
            AccountSnapshot snapshot = null;
            SnapshotLoader.AccountBase account = null;
            Tally tally = new Tally(maxLines, new OutcomeMessages(language, role));
            for (int from = 0; from < entries.size(); from += PART) {
                List<String> part = entries.subList(from, Math.min(entries.size(), from + PART));
                Transaction partRead = oneSnapshot ? null : snapshot(sql);
                try {
                    RowSet<Row> versions = sql.preparedQuery("SELECT xmin::text FROM accounts WHERE id = $1")
                            .execute(Tuple.of(accountId))
                            .await()
                            .atMost(DB);
                    if (versions.size() == 0) {
                        throw ProblemException.accountNotFound();
                    }
                    String now = versions.iterator().next().getString(0);
                    if (snapshot == null) {
                        SnapshotLoader.AccountBase base = SnapshotLoader.account(sql, accountId, false)
                                .await()
                                .atMost(DB);
                        if (base == null) {
                            throw ProblemException.accountNotFound();
                        }
                        snapshot = base.snapshot();
                        account = base;
                        version = now;
                    } else if (!now.equals(version)) {
                        return Optional.empty();
                    }
                    SnapshotLoader.learn(sql, snapshot, accountId, part).await().atMost(DB);
                } finally {
                    rollback(partRead);
                }
                tally.decide(from, part, role, snapshot);
            }
            PreviewView.Seats seats = account == null
                    ? null
                    : new PreviewView.Seats(
                            role,
                            account.quotas().getOrDefault(role, 0),
                            account.seats().getOrDefault(role, 0),
                            snapshot.seatsTaken(role));
            return Optional.of(tally.view(entries.size(), seats));
        } finally {
            rollback(whole);
        }
    }

    private static Transaction snapshot(SqlConnection sql) {
        Transaction read = sql.begin().await().atMost(DB);
        sql.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute()
                .await()
                .atMost(DB);
        return read;
    }

    private static void rollback(Transaction read) {
        if (read != null) {
            // Read only: nothing to keep.
            read.rollback().await().atMost(DB);
        }
    }

    /** The counts of every line, and the first of those that would not succeed. */
    private static final class Tally {

        private final int maxLines;
        private final int[] counts = new int[Outcome.values().length];
        private final List<OutcomeView> lines = new ArrayList<>();
        private final OutcomeMessages say;
        private boolean truncated;

        Tally(int maxLines, OutcomeMessages say) {
            this.maxLines = maxLines;
            this.say = say;
        }

        void decide(int from, List<String> part, Role role, AccountSnapshot snapshot) {
            for (int i = 0; i < part.size(); i++) {
                Decision decision = InvitationDecider.decide(from + i + 1, part.get(i), role, snapshot);
                counts[decision.outcome().ordinal()]++;
                if (decision.outcome().severity() != Outcome.Severity.success) {
                    if (lines.size() < maxLines) {
                        lines.add(OutcomeView.of(decision, say));
                    } else {
                        truncated = true;
                    }
                }
            }
        }

        PreviewView view(int total, PreviewView.Seats seats) {
            return new PreviewView(total, BatchView.counts(counts), lines, truncated, seats);
        }
    }
}
