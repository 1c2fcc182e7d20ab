package io.usher.account;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.usher.audit.AuditEntry;
import io.usher.audit.AuditLog;
import io.usher.platform.Actor;
import io.usher.platform.ApiMessages;
import io.usher.platform.Ids;
import io.usher.platform.PageQuery;
import io.usher.platform.PageView;
import io.usher.platform.ProblemException;
import io.usher.platform.Rows;
import io.usher.platform.SqlStates;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The teams of an account. Names are unique in the account ignoring case (the schema's index says
 * so too), 1 to 100 characters. Deleting a team takes it off its members; it removes nobody.
 * Creating, renaming and deleting are written to the account's audit log in the same transaction.
 */
@ApplicationScoped
public class TeamService {

    /** The longest team name (the schema's check). */
    public static final int MAX_NAME = 100;

    private final TeamRepository teams;
    private final AccountAccess access;
    private final Pool pool;

    public TeamService(TeamRepository teams, AccountAccess access, Pool pool) {
        this.teams = teams;
        this.access = access;
        this.pool = pool;
    }

    @WithSession
    public Uni<PageView<TeamView>> list(Actor actor, UUID accountId, PageQuery page) {
        return access.requireAdmin(actor, accountId)
                .chain(account -> page.beyondAnyList()
                        ? Uni.createFrom().item(List.<Team>of())
                        : teams.listInAccount(accountId, page.page, page.size))
                .chain(found -> teams.countInAccount(accountId)
                        .map(total -> new PageView<>(
                                found.stream().map(TeamView::of).toList(), page.page, page.size, total)));
    }

    /**
     * A page of the account's teams with how many members each has, counted as the users list
     * filtered by that team counts them (whatever their status). One count query for the page.
     */
    public Uni<PageView<TeamSummary>> listWithMembers(Actor actor, UUID accountId, PageQuery page) {
        return list(actor, accountId, page)
                .chain(found -> memberCounts(accountId, found.items())
                        .map(counts -> found.map(
                                team -> new TeamSummary(team.id(), team.name(), counts.getOrDefault(team.id(), 0L)))));
    }

    private Uni<Map<UUID, Long>> memberCounts(UUID accountId, List<TeamView> page) {
        if (page.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        UUID[] ids = page.stream().map(TeamView::id).toArray(UUID[]::new);
        return pool.preparedQuery("SELECT team_id, count(*) FROM membership_teams"
                        + " WHERE account_id = $1 AND team_id = ANY($2) GROUP BY team_id")
                .execute(Tuple.of(accountId, ids))
                .map(rows -> {
                    Map<UUID, Long> counts = new HashMap<>();
                    for (Row row : rows) {
                        counts.put(row.getUUID(0), row.getLong(1));
                    }
                    return counts;
                });
    }

    @WithSession
    public Uni<TeamView> get(Actor actor, UUID accountId, UUID teamId) {
        return access.requireAdmin(actor, accountId)
                .chain(account -> teams.findInAccount(accountId, teamId))
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.teamNotFound())
                .map(TeamView::of);
    }

    public Uni<TeamView> create(Actor actor, UUID accountId, NewTeam request) {
        String name = checkedName(request.name());
        UUID id = Ids.next();
        return access.requireAdmin(actor, accountId)
                .chain(account -> pool.withTransaction(sql -> sql.preparedQuery(
                                "INSERT INTO teams (id, account_id, name, created_at) VALUES ($1, $2, $3, now())")
                        .execute(Tuple.of(id, accountId, name))
                        .chain(() -> AuditLog.record(
                                sql,
                                audit(
                                        actor,
                                        accountId,
                                        "team.created",
                                        name,
                                        new JsonObject()
                                                .put("teamId", id.toString())
                                                .put("after", new JsonObject().put("name", name)))))))
                .onFailure(SqlStates::isUniqueViolation)
                .transform(e -> nameConflict(name))
                .map(done -> new TeamView(id, name));
    }

    /** A new name for a team; the same name in another case is a rename too, the very same is no change. */
    public Uni<TeamView> rename(Actor actor, UUID accountId, UUID teamId, NewTeam request) {
        String name = checkedName(request.name());
        return access.requireAdmin(actor, accountId)
                .chain(account -> pool.withTransaction(sql -> lockedName(sql, accountId, teamId)
                        .chain(before -> before.equals(name)
                                ? Uni.createFrom().voidItem()
                                : sql.preparedQuery("UPDATE teams SET name = $3 WHERE account_id = $1 AND id = $2")
                                        .execute(Tuple.of(accountId, teamId, name))
                                        .chain(() -> AuditLog.record(
                                                sql,
                                                audit(
                                                        actor,
                                                        accountId,
                                                        "team.renamed",
                                                        name,
                                                        new JsonObject()
                                                                .put("teamId", teamId.toString())
                                                                .put("before", new JsonObject().put("name", before))
                                                                .put("after", new JsonObject().put("name", name))))))))
                .onFailure(SqlStates::isUniqueViolation)
                .transform(e -> nameConflict(name))
                .map(done -> new TeamView(teamId, name));
    }

    public Uni<Void> delete(Actor actor, UUID accountId, UUID teamId) {
        return access.requireAdmin(actor, accountId)
                .chain(account -> pool.withTransaction(sql -> lockedName(sql, accountId, teamId)
                        .chain(name -> sql.preparedQuery("SELECT count(*) FROM membership_teams"
                                        + " WHERE account_id = $1 AND team_id = $2")
                                .execute(Tuple.of(accountId, teamId))
                                .map(rows -> rows.iterator().next().getLong(0))
                                .chain(members -> sql.preparedQuery(
                                                "DELETE FROM teams WHERE account_id = $1 AND id = $2")
                                        .execute(Tuple.of(accountId, teamId))
                                        .chain(() -> AuditLog.record(
                                                sql,
                                                audit(
                                                        actor,
                                                        accountId,
                                                        "team.deleted",
                                                        name,
                                                        new JsonObject()
                                                                .put("teamId", teamId.toString())
                                                                .put("before", new JsonObject().put("name", name))
                                                                .put("members", members))))))));
    }

    /** The team's name, its row locked until the transaction ends; 404 when it is not the account's. */
    private static Uni<String> lockedName(SqlClient sql, UUID accountId, UUID teamId) {
        return sql.preparedQuery("SELECT name FROM teams WHERE account_id = $1 AND id = $2 FOR UPDATE")
                .execute(Tuple.of(accountId, teamId))
                .map(rows -> Rows.single(rows, ProblemException::teamNotFound).getString(0));
    }

    /**
     * The name as it will be kept: trimmed, 1 to {@value #MAX_NAME} characters, no control
     * characters (a NUL could not even be stored). The API's bean validation says the first two
     * already; the console's forms come here directly.
     */
    static String checkedName(String raw) {
        String name = raw == null ? "" : raw.strip();
        if (name.isEmpty()) {
            throw ProblemException.invalidField("name", ApiMessages::field_required);
        }
        if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.invalidField("name", m -> m.field_team_name(MAX_NAME));
        }
        return name;
    }

    private static AuditEntry audit(Actor actor, UUID accountId, String action, String team, JsonObject details) {
        return new AuditEntry(
                accountId,
                actor.profileId().orElse(null),
                actor.email().orElse(actor.subject()),
                action,
                null,
                team,
                details);
    }

    private static ProblemException nameConflict(String name) {
        return ProblemException.conflict("team-name-taken", m -> m.problem_team_name_taken(name));
    }
}
