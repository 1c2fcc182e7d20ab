package io.usher.invite;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.usher.account.AccountAccess;
import io.usher.account.AccountRef;
import io.usher.member.Role;
import io.usher.platform.Actor;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Classifies every line of a bulk invitation with the very decision the workers run, against
 * the account as it is now, changing nothing and sending nothing. A long list is read and
 * decided in parts, each with one round of set queries.
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
        AccountSnapshot snapshot = baseSnapshot(account.id());
        int[] counts = new int[Outcome.values().length];
        List<OutcomeView> lines = new ArrayList<>();
        for (int from = 0; from < entries.size(); from += PART) {
            List<String> part = entries.subList(from, Math.min(entries.size(), from + PART));
            SnapshotLoader.learn(pool, snapshot, account.id(), part).await().atMost(DB);
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

    private AccountSnapshot baseSnapshot(UUID accountId) {
        Map<Role, Integer> quotas = new EnumMap<>(Role.class);
        Map<Role, Integer> seats = new EnumMap<>(Role.class);
        pool.preparedQuery("SELECT quota_site_admin, quota_editor, seats_site_admin, seats_editor"
                        + " FROM accounts WHERE id = $1")
                .execute(Tuple.of(accountId))
                .await()
                .atMost(DB)
                .forEach(row -> {
                    quotas.put(Role.SITE_ADMIN, row.getInteger(0));
                    quotas.put(Role.EDITOR, row.getInteger(1));
                    seats.put(Role.SITE_ADMIN, row.getInteger(2));
                    seats.put(Role.EDITOR, row.getInteger(3));
                });
        return new AccountSnapshot(quotas, seats, List.of(), Map.of(), Map.of());
    }
}
