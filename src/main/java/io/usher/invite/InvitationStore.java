package io.usher.invite;

import io.smallrye.mutiny.Uni;
import io.usher.mail.MailPayloads;
import io.usher.member.Role;
import io.usher.platform.Ids;
import io.usher.platform.LinkTokens;
import io.usher.platform.UsherConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Applies one account's chunk of requests in the caller's transaction: locks the account, loads a
 * snapshot with a few set queries, decides in order, and writes every effect with one multi-row
 * statement per table. Requests whose outcome is already stored are returned, never re-applied.
 */
@ApplicationScoped
public class InvitationStore {

    private final UsherConfig config;
    private final LinkTokens links;

    public InvitationStore(UsherConfig config, LinkTokens links) {
        this.config = config;
        this.links = links;
    }

    /** The outcomes of the chunk, new and already stored, in request order, and what it changed. */
    public Uni<AppliedChunk> apply(
            SqlConnection sql, UUID accountId, List<InvitationRequest> requests, Lane lane, String traceparent) {
        Chunk chunk = new Chunk(accountId, requests, traceparent);
        return SnapshotLoader.account(sql, accountId, true)
                .invoke(account -> chunk.account = account)
                .chain(account -> account == null ? Uni.createFrom().voidItem() : loadBatches(sql, chunk))
                .chain(() -> chunk.account == null || chunk.batches.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : awaitOtherLane(sql, chunk, lane))
                .chain(() -> chunk.account == null ? Uni.createFrom().voidItem() : loadStored(sql, chunk))
                .chain(() -> chunk.fresh.isEmpty() ? Uni.createFrom().voidItem() : decideAndWrite(sql, chunk))
                .map(ignored -> new AppliedChunk(chunk.results(), chunk.newlyDecided(), chunk.batchesCompleted));
    }

    /**
     * The chunk's batches. A batch still RECEIVING is not ready: its request may yet fail and
     * leave nothing, so the chunk waits ({@link BatchNotReadyException}) — unless its lease ran out
     * (the replica reading it died), in which case its batch is dropped and so are its records.
     */
    private Uni<Void> loadBatches(SqlConnection sql, Chunk chunk) {
        UUID[] ids = chunk.requests.stream()
                .map(InvitationRequest::batchId)
                .distinct()
                .toArray(UUID[]::new);
        return sql.preparedQuery("DELETE FROM invitation_batches WHERE account_id = $1 AND id = ANY($2)"
                        + " AND status = 'RECEIVING' AND receiving_until < now()")
                .execute(Tuple.of(chunk.accountId, ids))
                .chain(() -> sql.preparedQuery(
                                "SELECT id, role, team_ids, requested_by, requested_by_profile_id, status"
                                        + " FROM invitation_batches WHERE account_id = $1 AND id = ANY($2) FOR UPDATE")
                        .execute(Tuple.of(chunk.accountId, ids)))
                .map(rows -> {
                    for (Row row : rows) {
                        if (BatchStatus.valueOf(row.getString(5)) == BatchStatus.RECEIVING) {
                            throw new BatchNotReadyException(row.getUUID(0));
                        }
                        chunk.batches.put(
                                row.getUUID(0),
                                new BatchInfo(
                                        Role.valueOf(row.getString(1)),
                                        List.of(row.getArrayOfUUIDs(2)),
                                        row.getString(3),
                                        row.getUUID(4)));
                    }
                    return null;
                });
    }

    /**
     * List order within the account across lanes (Lane): a batch waits while a batch of its account
     * accepted before its request began is still queued or under way in the other lane. Those
     * batches' records are all older than its own, so neither lane can end up waiting for the other.
     */
    private Uni<Void> awaitOtherLane(SqlConnection sql, Chunk chunk, Lane lane) {
        return sql.preparedQuery("SELECT e.id FROM invitation_batches e WHERE e.account_id = $1 AND e.lane <> $3"
                        + " AND e.status IN ('QUEUED', 'PROCESSING')"
                        + " AND e.queued_at < (SELECT min(created_at) FROM invitation_batches"
                        + " WHERE account_id = $1 AND id = ANY($2)) LIMIT 1")
                .execute(Tuple.of(chunk.accountId, chunk.batches.keySet().toArray(UUID[]::new), lane.name()))
                .map(rows -> {
                    if (rows.size() > 0) {
                        throw new BatchNotReadyException(rows.iterator().next().getUUID(0));
                    }
                    return null;
                });
    }

    private Uni<Void> loadStored(SqlConnection sql, Chunk chunk) {
        List<InvitationRequest> known = chunk.requests.stream()
                .filter(r -> chunk.batches.containsKey(r.batchId()))
                .toList();
        // Lookups by key, one per request, as SnapshotLoader explains: never a scan of all outcomes.
        return sql.preparedQuery("SELECT o.batch_id, o.seq, o.email, o.outcome, o.message, o.created_at"
                        + " FROM unnest($1::uuid[], $2::int[]) AS r(batch_id, seq)"
                        + " CROSS JOIN LATERAL (SELECT * FROM invitation_outcomes"
                        + " WHERE account_id = $3 AND batch_id = r.batch_id AND seq = r.seq LIMIT 1) o")
                .execute(Tuple.of(
                        known.stream().map(InvitationRequest::batchId).toArray(UUID[]::new),
                        known.stream().map(InvitationRequest::seq).toArray(Integer[]::new),
                        chunk.accountId))
                .map(rows -> {
                    for (Row row : rows) {
                        Outcome outcome = Outcome.valueOf(row.getString(3));
                        chunk.stored.put(
                                key(row.getUUID(0), row.getInteger(1)),
                                new OutcomeEvent(
                                        row.getUUID(0),
                                        chunk.accountId,
                                        row.getInteger(1),
                                        row.getString(2),
                                        outcome,
                                        outcome.severity(),
                                        row.getString(4),
                                        row.getOffsetDateTime(5).toInstant()));
                    }
                    for (InvitationRequest request : known) {
                        String key = key(request.batchId(), request.seq());
                        if (!chunk.stored.containsKey(key)) {
                            chunk.fresh.putIfAbsent(key, request);
                        }
                    }
                    return null;
                });
    }

    private Uni<Void> decideAndWrite(SqlConnection sql, Chunk chunk) {
        Set<UUID> teams = new HashSet<>();
        List<String> entries = new ArrayList<>();
        for (InvitationRequest request : chunk.fresh.values()) {
            if (!request.unreadable()) {
                entries.add(request.email());
            }
            teams.addAll(chunk.batches.get(request.batchId()).teams());
        }
        Set<UUID> liveTeams = new HashSet<>();
        AccountSnapshot snapshot = chunk.account.snapshot();
        return SnapshotLoader.learn(sql, snapshot, chunk.accountId, entries)
                .invoke(chunk.profileIds::putAll)
                .chain(() -> sql.preparedQuery("SELECT id FROM teams WHERE account_id = $1 AND id = ANY($2)")
                        .execute(Tuple.of(chunk.accountId, teams.toArray(UUID[]::new))))
                .invoke(rows -> rows.forEach(row -> liveTeams.add(row.getUUID(0))))
                .chain(() -> {
                    Effects effects = new Effects();
                    for (InvitationRequest request : chunk.fresh.values()) {
                        BatchInfo batch = chunk.batches.get(request.batchId());
                        Decision decision = request.unreadable()
                                ? InvitationDecider.unreadable(request.seq())
                                : InvitationDecider.decide(request.seq(), request.email(), batch.role(), snapshot);
                        effects.add(request, batch, decision, liveTeams, chunk);
                    }
                    return write(sql, chunk, effects);
                });
    }

    /** The rows one chunk writes, as column arrays for the multi-row statements. */
    private final class Effects {
        final Instant now = Instant.now();
        final Instant expires =
                now.plus(java.time.Duration.ofDays(config.invitations().linkExpiryDays()));
        final List<UUID> newProfileIds = new ArrayList<>();
        final List<String> newProfileEmails = new ArrayList<>();
        final List<UUID> membershipIds = new ArrayList<>();
        final List<String> membershipEmails = new ArrayList<>();
        /** The profile of each membership, in membershipEmails' order, once the profiles are written. */
        UUID[] membershipProfiles;

        final List<String> membershipRoles = new ArrayList<>();
        final List<String> membershipStatuses = new ArrayList<>();
        final List<String> membershipInvitedBy = new ArrayList<>();
        final List<UUID> membershipInvitedByProfile = new ArrayList<>();
        final List<UUID> membershipBatches = new ArrayList<>();
        final List<UUID> teamMemberships = new ArrayList<>();
        final List<UUID> teamIds = new ArrayList<>();
        final List<UUID> invitationMemberships = new ArrayList<>();
        final List<String> invitationKinds = new ArrayList<>();
        final List<String> invitationHashes = new ArrayList<>();
        final List<String> mailKinds = new ArrayList<>();
        final List<String> mailRecipients = new ArrayList<>();
        final List<JsonObject> mailPayloads = new ArrayList<>();
        final List<String> mailKeys = new ArrayList<>();
        final List<Decision> decisions = new ArrayList<>();
        final List<UUID> decisionBatches = new ArrayList<>();
        final List<UUID> decisionMemberships = new ArrayList<>();

        void add(InvitationRequest request, BatchInfo batch, Decision decision, Set<UUID> liveTeams, Chunk chunk) {
            decisions.add(decision);
            decisionBatches.add(request.batchId());
            if (!decision.changesAnything()) {
                decisionMemberships.add(null);
                return;
            }
            String email = decision.email();
            if (decision.createProfile()) {
                UUID profileId = Ids.next();
                newProfileIds.add(profileId);
                newProfileEmails.add(email);
                chunk.profileIds.put(email, profileId);
            }
            UUID membershipId = Ids.next();
            decisionMemberships.add(membershipId);
            membershipIds.add(membershipId);
            membershipEmails.add(email);
            membershipRoles.add(batch.role().name());
            membershipStatuses.add(decision.membershipStatus().name());
            membershipInvitedBy.add(batch.requestedBy());
            membershipInvitedByProfile.add(batch.requestedByProfile());
            membershipBatches.add(request.batchId());
            for (UUID team : batch.teams()) {
                if (liveTeams.contains(team)) {
                    teamMemberships.add(membershipId);
                    teamIds.add(team);
                }
            }
            LinkTokens.Minted link = links.mint();
            invitationMemberships.add(membershipId);
            invitationKinds.add(
                    switch (decision.outcome()) {
                        case INVITED_SSO -> "SSO";
                        case ADDED_EXISTING_USER -> "EXISTING_USER";
                        default -> "PASSWORD";
                    });
            invitationHashes.add(link.tokenHash());
            mailKinds.add(decision.mail().name());
            mailRecipients.add(email);
            mailPayloads.add(MailPayloads.traced(
                    MailPayloads.invitation(
                            MailPayloads.link("/invitations/", link.seed()),
                            chunk.account.name(),
                            batch.requestedBy(),
                            config.invitations().linkExpiryDays(),
                            decision.identityProvider()),
                    chunk.traceparent));
            mailKeys.add("invitation:" + request.batchId() + ":" + request.seq());
        }
    }

    private Uni<Void> write(SqlConnection sql, Chunk chunk, Effects e) {
        return insertProfiles(sql, chunk, e)
                // Every profile id is known from here on: found, created, or created by a racing writer.
                .invoke(() -> e.membershipProfiles =
                        e.membershipEmails.stream().map(chunk.profileIds::get).toArray(UUID[]::new))
                .chain(() -> e.membershipIds.isEmpty() ? Uni.createFrom().voidItem() : insertMemberships(sql, chunk, e))
                .chain(() -> insertOutbox(sql, chunk, e))
                .chain(outboxIds -> insertOutcomes(sql, chunk, e, outboxIds))
                .chain(() -> updateBatches(sql, chunk, e))
                .chain(() -> insertAudit(sql, chunk, e));
    }

    private Uni<Void> insertProfiles(SqlConnection sql, Chunk chunk, Effects e) {
        if (e.newProfileIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // Another account may create the same person at this very moment: theirs is kept, and used.
        Set<String> lost = new HashSet<>(e.newProfileEmails);
        return sql.preparedQuery("INSERT INTO profiles (id, email, status)"
                        + " SELECT id, email, 'IN_PROGRESS' FROM unnest($1::uuid[], $2::text[]) AS p(id, email)"
                        + " ON CONFLICT (email) DO NOTHING RETURNING email")
                .execute(Tuple.of(e.newProfileIds.toArray(UUID[]::new), e.newProfileEmails.toArray(String[]::new)))
                .invoke(rows -> rows.forEach(row -> lost.remove(row.getString(0))))
                .chain(() -> lost.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : sql.preparedQuery("SELECT p.id, p.email FROM unnest($1::text[]) AS e(email)"
                                        + " CROSS JOIN LATERAL (SELECT id, email FROM profiles"
                                        + " WHERE email = e.email LIMIT 1) p")
                                .execute(Tuple.of((Object) lost.toArray(String[]::new)))
                                .invoke(rows ->
                                        rows.forEach(row -> chunk.profileIds.put(row.getString(1), row.getUUID(0))))
                                .replaceWithVoid());
    }

    private Uni<Void> insertMemberships(SqlConnection sql, Chunk chunk, Effects e) {
        return sql.preparedQuery("INSERT INTO memberships (id, account_id, profile_id, role, status, invited_by,"
                        + " invited_by_profile_id, invited_at, batch_id, activated_at)"
                        + " SELECT m.id, $1, m.profile_id, m.role, m.status, m.invited_by, m.invited_by_profile,"
                        + " $2::timestamptz, m.batch_id, CASE WHEN m.status = 'ACTIVE' THEN $2::timestamptz END"
                        + " FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::uuid[], $9::uuid[])"
                        + " AS m(id, profile_id, role, status, invited_by, invited_by_profile, batch_id)")
                .execute(Tuple.tuple()
                        .addUUID(chunk.accountId)
                        .addOffsetDateTime(e.now.atOffset(java.time.ZoneOffset.UTC))
                        .addArrayOfUUID(e.membershipIds.toArray(UUID[]::new))
                        .addArrayOfUUID(e.membershipProfiles)
                        .addArrayOfString(e.membershipRoles.toArray(String[]::new))
                        .addArrayOfString(e.membershipStatuses.toArray(String[]::new))
                        .addArrayOfString(e.membershipInvitedBy.toArray(String[]::new))
                        .addArrayOfUUID(e.membershipInvitedByProfile.toArray(UUID[]::new))
                        .addArrayOfUUID(e.membershipBatches.toArray(UUID[]::new)))
                .chain(() -> e.teamIds.isEmpty()
                        ? Uni.createFrom().nullItem()
                        : sql.preparedQuery("INSERT INTO membership_teams (account_id, membership_id, team_id)"
                                        + " SELECT $1, m, t FROM unnest($2::uuid[], $3::uuid[]) AS x(m, t)")
                                .execute(Tuple.of(
                                        chunk.accountId,
                                        e.teamMemberships.toArray(UUID[]::new),
                                        e.teamIds.toArray(UUID[]::new))))
                .chain(() -> sql.preparedQuery("INSERT INTO invitations (token_hash, account_id, membership_id, kind,"
                                + " expires_at, created_at)"
                                + " SELECT decode(i.token_hash, 'hex'), $1, i.membership_id, i.kind, $2, $3"
                                + " FROM unnest($4::uuid[], $5::text[], $6::text[])"
                                + " AS i(membership_id, kind, token_hash)")
                        .execute(Tuple.tuple()
                                .addUUID(chunk.accountId)
                                .addOffsetDateTime(e.expires.atOffset(java.time.ZoneOffset.UTC))
                                .addOffsetDateTime(e.now.atOffset(java.time.ZoneOffset.UTC))
                                .addArrayOfUUID(e.invitationMemberships.toArray(UUID[]::new))
                                .addArrayOfString(e.invitationKinds.toArray(String[]::new))
                                .addArrayOfString(e.invitationHashes.toArray(String[]::new))))
                .replaceWithVoid();
    }

    private Uni<Map<String, Long>> insertOutbox(SqlConnection sql, Chunk chunk, Effects e) {
        if (e.mailKeys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return sql.preparedQuery("INSERT INTO mail_outbox (account_id, kind, recipient, payload, dedupe_key)"
                        + " SELECT $1, kind, recipient, payload, dedupe_key"
                        + " FROM unnest($2::text[], $3::text[], $4::jsonb[], $5::text[]) AS o(kind, recipient, payload, dedupe_key)"
                        + " RETURNING id, dedupe_key")
                .execute(Tuple.tuple()
                        .addUUID(chunk.accountId)
                        .addArrayOfString(e.mailKinds.toArray(String[]::new))
                        .addArrayOfString(e.mailRecipients.toArray(String[]::new))
                        .addArrayOfJsonObject(e.mailPayloads.toArray(JsonObject[]::new))
                        .addArrayOfString(e.mailKeys.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Long> ids = new HashMap<>();
                    rows.forEach(row -> ids.put(row.getString(1), row.getLong(0)));
                    return ids;
                });
    }

    private Uni<Void> insertOutcomes(SqlConnection sql, Chunk chunk, Effects e, Map<String, Long> outboxIds) {
        int n = e.decisions.size();
        UUID[] batches = new UUID[n];
        Integer[] seqs = new Integer[n];
        String[] emails = new String[n];
        String[] outcomes = new String[n];
        String[] severities = new String[n];
        String[] messages = new String[n];
        UUID[] memberships = new UUID[n];
        Long[] outbox = new Long[n];
        for (int i = 0; i < n; i++) {
            Decision d = e.decisions.get(i);
            batches[i] = e.decisionBatches.get(i);
            seqs[i] = d.seq();
            emails[i] = d.email();
            outcomes[i] = d.outcome().name();
            severities[i] = d.outcome().severity().name();
            messages[i] = d.message();
            memberships[i] = e.decisionMemberships.get(i);
            outbox[i] = outboxIds.get("invitation:" + batches[i] + ":" + seqs[i]);
            chunk.decided.put(
                    key(batches[i], seqs[i]),
                    new OutcomeEvent(
                            batches[i],
                            chunk.accountId,
                            d.seq(),
                            d.email(),
                            d.outcome(),
                            d.outcome().severity(),
                            d.message(),
                            e.now));
        }
        return sql.preparedQuery("INSERT INTO invitation_outcomes (batch_id, seq, account_id, email, outcome, severity,"
                        + " message, membership_id, outbox_id, created_at)"
                        + " SELECT b, s, $1, em, o, sv, msg, m, ob, $2"
                        + " FROM unnest($3::uuid[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[],"
                        + " $9::uuid[], $10::bigint[]) AS x(b, s, em, o, sv, msg, m, ob)")
                .execute(Tuple.tuple()
                        .addUUID(chunk.accountId)
                        .addOffsetDateTime(e.now.atOffset(java.time.ZoneOffset.UTC))
                        .addArrayOfUUID(batches)
                        .addArrayOfInteger(seqs)
                        .addArrayOfString(emails)
                        .addArrayOfString(outcomes)
                        .addArrayOfString(severities)
                        .addArrayOfString(messages)
                        .addArrayOfUUID(memberships)
                        .addArrayOfLong(outbox))
                .replaceWithVoid();
    }

    /** Adds the chunk's counts to its batches; a batch whose last address this was completes. */
    private Uni<Void> updateBatches(SqlConnection sql, Chunk chunk, Effects e) {
        Map<UUID, int[]> deltas = new LinkedHashMap<>();
        for (int i = 0; i < e.decisions.size(); i++) {
            deltas.computeIfAbsent(e.decisionBatches.get(i), id -> new int[Outcome.values().length])[
                    e.decisions.get(i).outcome().ordinal()]++;
        }
        UUID[] ids = deltas.keySet().toArray(UUID[]::new);
        Integer[][] columns = new Integer[Outcome.values().length][ids.length];
        for (int b = 0; b < ids.length; b++) {
            int[] delta = deltas.get(ids[b]);
            for (int o = 0; o < delta.length; o++) {
                columns[o][b] = delta[o];
            }
        }
        String processed = "b.count_invited + b.count_invited_sso + b.count_added_existing_user"
                + " + b.count_already_member + b.count_quota_reached + b.count_invalid_email"
                + " + d.c0 + d.c1 + d.c2 + d.c3 + d.c4 + d.c5";
        return sql.preparedQuery("UPDATE invitation_batches b SET"
                        + " count_invited = b.count_invited + d.c0, count_invited_sso = b.count_invited_sso + d.c1,"
                        + " count_added_existing_user = b.count_added_existing_user + d.c2,"
                        + " count_already_member = b.count_already_member + d.c3,"
                        + " count_quota_reached = b.count_quota_reached + d.c4,"
                        + " count_invalid_email = b.count_invalid_email + d.c5,"
                        + " status = CASE WHEN " + processed + " >= b.total THEN 'COMPLETED' ELSE 'PROCESSING' END,"
                        + " completed_at = CASE WHEN " + processed + " >= b.total THEN $2::timestamptz ELSE NULL END"
                        + " FROM unnest($3::uuid[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[])"
                        + " AS d(id, c0, c1, c2, c3, c4, c5)"
                        + " WHERE b.account_id = $1 AND b.id = d.id"
                        + " RETURNING b.status")
                .execute(Tuple.tuple()
                        .addUUID(chunk.accountId)
                        .addOffsetDateTime(e.now.atOffset(java.time.ZoneOffset.UTC))
                        .addArrayOfUUID(ids)
                        .addArrayOfInteger(columns[0])
                        .addArrayOfInteger(columns[1])
                        .addArrayOfInteger(columns[2])
                        .addArrayOfInteger(columns[3])
                        .addArrayOfInteger(columns[4])
                        .addArrayOfInteger(columns[5]))
                .invoke(rows -> rows.forEach(row -> {
                    if ("COMPLETED".equals(row.getString(0))) {
                        chunk.batchesCompleted++;
                    }
                }))
                .replaceWithVoid();
    }

    private Uni<Void> insertAudit(SqlConnection sql, Chunk chunk, Effects e) {
        if (e.membershipIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = e.membershipIds.size();
        String[] actions = new String[n];
        JsonObject[] details = new JsonObject[n];
        int m = 0;
        for (int i = 0; i < e.decisions.size(); i++) {
            Decision d = e.decisions.get(i);
            if (!d.changesAnything()) {
                continue;
            }
            actions[m] = d.outcome() == Outcome.ADDED_EXISTING_USER ? "member.added" : "member.invited";
            details[m] = new JsonObject()
                    .put("batchId", e.decisionBatches.get(i).toString())
                    .put("seq", d.seq())
                    .put("outcome", d.outcome().name())
                    .put(
                            "after",
                            new JsonObject()
                                    .put("role", e.membershipRoles.get(m))
                                    .put("status", e.membershipStatuses.get(m)));
            m++;
        }
        return sql.preparedQuery("INSERT INTO audit_events (account_id, at, actor_profile_id, actor, action,"
                        + " subject_profile_id, subject, details)"
                        + " SELECT $1, $2, a.actor_profile, a.actor, a.action, a.subject_profile, a.subject, a.details"
                        + " FROM unnest($3::uuid[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::jsonb[])"
                        + " AS a(actor_profile, actor, action, subject_profile, subject, details)")
                .execute(Tuple.tuple()
                        .addUUID(chunk.accountId)
                        .addOffsetDateTime(e.now.atOffset(java.time.ZoneOffset.UTC))
                        .addArrayOfUUID(e.membershipInvitedByProfile.toArray(UUID[]::new))
                        .addArrayOfString(e.membershipInvitedBy.toArray(String[]::new))
                        .addArrayOfString(actions)
                        .addArrayOfUUID(e.membershipProfiles)
                        .addArrayOfString(e.membershipEmails.toArray(String[]::new))
                        .addArrayOfJsonObject(details))
                .replaceWithVoid();
    }

    static String key(UUID batchId, int seq) {
        return batchId + ":" + seq;
    }

    private record BatchInfo(Role role, List<UUID> teams, String requestedBy, UUID requestedByProfile) {}

    /** One account's requests and what was learnt of them along the way. */
    private static final class Chunk {
        final UUID accountId;
        final List<InvitationRequest> requests;
        /** The chunk's trace, which its mails carry (null when not traced). */
        final String traceparent;
        /** Profile ids by address: those found, those this chunk creates, those a racing writer created. */
        final Map<String, UUID> profileIds = new HashMap<>();

        final Map<UUID, BatchInfo> batches = new HashMap<>();
        final Map<String, OutcomeEvent> stored = new HashMap<>();
        final Map<String, InvitationRequest> fresh = new LinkedHashMap<>();
        final Map<String, OutcomeEvent> decided = new HashMap<>();
        /** Null when the account does not exist (any more): its requests have no outcome. */
        SnapshotLoader.AccountBase account;

        int batchesCompleted;

        Chunk(UUID accountId, List<InvitationRequest> requests, String traceparent) {
            this.accountId = accountId;
            this.requests = requests;
            this.traceparent = traceparent;
        }

        Map<Outcome, Integer> newlyDecided() {
            Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
            decided.values().forEach(event -> counts.merge(event.outcome(), 1, Integer::sum));
            return counts;
        }

        /** Every request's outcome once, in request order; requests of unknown batches have none. */
        List<OutcomeEvent> results() {
            List<OutcomeEvent> results = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (InvitationRequest request : requests) {
                String key = key(request.batchId(), request.seq());
                OutcomeEvent event = stored.containsKey(key) ? stored.get(key) : decided.get(key);
                if (event != null && seen.add(key)) {
                    results.add(event);
                }
            }
            return results;
        }
    }
}
