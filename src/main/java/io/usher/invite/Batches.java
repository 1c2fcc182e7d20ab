package io.usher.invite;

import io.smallrye.mutiny.Uni;
import io.usher.member.Role;
import io.usher.platform.Actor;
import io.usher.platform.Ids;
import io.usher.platform.PageQuery;
import io.usher.platform.PageView;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Batch rows, read and written in SQL; every query names the account. */
@ApplicationScoped
public class Batches {

    static final String COLUMNS = "id, account_id, role, team_ids, coalesce(total, 0), status, count_invited,"
            + " count_invited_sso, count_added_existing_user, count_already_member, count_quota_reached,"
            + " count_invalid_email, count_duplicate, created_at, completed_at";

    private final Pool pool;

    public Batches(Pool pool) {
        this.pool = pool;
    }

    /** Claims a new batch while its body is read; empty when the idempotency key is taken. */
    public Uni<Optional<BatchView>> startReceiving(
            UUID accountId,
            Role role,
            List<UUID> teams,
            UUID requestedByProfile,
            String requestedBy,
            String key,
            long leaseMillis) {
        UUID id = Ids.next();
        return pool.preparedQuery("INSERT INTO invitation_batches (id, account_id, role, team_ids,"
                        + " requested_by_profile_id, requested_by, idempotency_key, status, receiving_until)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, 'RECEIVING', now() + $8 * interval '1 millisecond')"
                        + " ON CONFLICT (account_id, idempotency_key) DO NOTHING RETURNING " + COLUMNS)
                .execute(Tuple.tuple()
                        .addUUID(id)
                        .addUUID(accountId)
                        .addString(role.name())
                        .addArrayOfUUID(teams.toArray(UUID[]::new))
                        .addUUID(requestedByProfile)
                        .addString(requestedBy)
                        .addString(key)
                        .addLong(leaseMillis))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(view(rows.iterator().next())));
    }

    /**
     * The body was read whole: the batch has its total and waits for the workers. Empty when its
     * lease ran out meanwhile (this replica could not renew it) and the batch was dropped.
     */
    public Uni<Optional<BatchView>> queue(UUID accountId, UUID batchId, int total) {
        // The account's turn comes with its first batch queued (Inbox.claim); one it has already stays.
        return pool.preparedQuery("WITH queued AS (UPDATE invitation_batches SET total = $3, status = 'QUEUED',"
                        + " receiving_until = NULL, queued_at = clock_timestamp()"
                        + " WHERE account_id = $1 AND id = $2 AND status = 'RECEIVING' RETURNING " + COLUMNS + "),"
                        + " turn AS (INSERT INTO invitation_turns (account_id) SELECT account_id FROM queued"
                        + " ON CONFLICT DO NOTHING)"
                        + " SELECT * FROM queued")
                .execute(Tuple.of(accountId, batchId, total))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(view(rows.iterator().next())));
    }

    /** Drops the batch of a request that died with this key, so that the key can be used again. */
    public Uni<Void> dropDead(UUID accountId, String key) {
        return pool.preparedQuery("DELETE FROM invitation_batches WHERE account_id = $1 AND idempotency_key = $2"
                        + " AND status = 'RECEIVING' AND receiving_until < now()")
                .execute(Tuple.of(accountId, key))
                .replaceWithVoid();
    }

    /**
     * A batch whose lines are all known, in the caller's transaction: queued at once, for the
     * caller to decide (an account's first administrator). The requester is the caller's profile.
     */
    Uni<UUID> startQueued(SqlClient sql, UUID accountId, Role role, Actor actor, int total) {
        UUID id = Ids.next();
        return sql.preparedQuery("INSERT INTO invitation_batches (id, account_id, role, requested_by_profile_id,"
                        + " requested_by, status, total, queued_at)"
                        + " VALUES ($1, $2, $3, $4, $5, 'QUEUED', $6, clock_timestamp())")
                .execute(Tuple.tuple()
                        .addUUID(id)
                        .addUUID(accountId)
                        .addString(role.name())
                        .addUUID(actor.profileId().orElse(null))
                        .addString(actor.label())
                        .addInteger(total))
                .replaceWith(id);
    }

    /** A JSON body names the role and teams: the batch takes them before it is queued. */
    public Uni<Void> setRequest(UUID accountId, UUID batchId, Role role, List<UUID> teams) {
        return pool.preparedQuery("UPDATE invitation_batches SET role = $3, team_ids = $4"
                        + " WHERE account_id = $1 AND id = $2 AND status = 'RECEIVING'")
                .execute(Tuple.tuple()
                        .addUUID(accountId)
                        .addUUID(batchId)
                        .addString(role.name())
                        .addArrayOfUUID(teams.toArray(UUID[]::new)))
                .replaceWithVoid();
    }

    public Uni<Boolean> isReceiving(UUID accountId, UUID batchId) {
        return pool.preparedQuery(
                        "SELECT status = 'RECEIVING' FROM invitation_batches WHERE account_id = $1 AND id = $2")
                .execute(Tuple.of(accountId, batchId))
                .map(rows -> rows.size() > 0 && rows.iterator().next().getBoolean(0));
    }

    /** A request that failed before its batch was queued leaves nothing behind. */
    public Uni<Void> discard(UUID accountId, UUID batchId) {
        return pool.preparedQuery(
                        "DELETE FROM invitation_batches WHERE account_id = $1 AND id = $2 AND status = 'RECEIVING'")
                .execute(Tuple.of(accountId, batchId))
                .replaceWithVoid();
    }

    public Uni<Optional<BatchView>> findByKey(UUID accountId, String key) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM invitation_batches"
                        + " WHERE account_id = $1 AND idempotency_key = $2")
                .execute(Tuple.of(accountId, key))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(view(rows.iterator().next())));
    }

    /** A batch by id alone: only for the access check that follows, which names its account. */
    public Uni<Optional<BatchView>> findForAccessCheck(UUID batchId) {
        return find(pool, batchId);
    }

    static Uni<Optional<BatchView>> find(SqlClient sql, UUID batchId) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM invitation_batches WHERE id = $1")
                .execute(Tuple.of(batchId))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(view(rows.iterator().next())));
    }

    public Uni<BatchView> get(UUID accountId, UUID batchId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM invitation_batches WHERE account_id = $1 AND id = $2")
                .execute(Tuple.of(accountId, batchId))
                .map(rows -> view(rows.iterator().next()));
    }

    /** One page of the account's batches, newest first, with how many there are in all. */
    public Uni<PageView<BatchView>> newestFirst(UUID accountId, PageQuery page) {
        return (page.beyondAnyList()
                        ? Uni.createFrom().item(List.<BatchView>of())
                        : listNewestFirst(accountId, page.offset(), page.size))
                .chain(items -> count(accountId).map(total -> new PageView<>(items, page.page, page.size, total)));
    }

    private Uni<List<BatchView>> listNewestFirst(UUID accountId, int offset, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM invitation_batches WHERE account_id = $1"
                        + " AND status <> 'RECEIVING' ORDER BY created_at DESC, id DESC OFFSET $2 LIMIT $3")
                .execute(Tuple.of(accountId, offset, limit))
                .map(rows -> {
                    List<BatchView> views = new java.util.ArrayList<>(rows.size());
                    rows.forEach(row -> views.add(view(row)));
                    return views;
                });
    }

    private Uni<Long> count(UUID accountId) {
        return pool.preparedQuery(
                        "SELECT count(*) FROM invitation_batches WHERE account_id = $1 AND status <> 'RECEIVING'")
                .execute(Tuple.of(accountId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    static BatchView view(Row row) {
        int[] counts = new int[Outcome.values().length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = row.getInteger(6 + i);
        }
        OffsetDateTime completed = row.getOffsetDateTime(14);
        return new BatchView(
                row.getUUID(0),
                row.getUUID(1),
                Role.valueOf(row.getString(2)),
                Arrays.asList(row.getArrayOfUUIDs(3)),
                row.getInteger(4),
                Arrays.stream(counts).sum(),
                BatchStatus.valueOf(row.getString(5)).visible(),
                BatchView.counts(counts),
                row.getOffsetDateTime(13).toInstant(),
                completed == null
                        ? null
                        : completed.withOffsetSameInstant(ZoneOffset.UTC).toInstant());
    }
}
