package io.usher.account;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.usher.platform.Actor;
import io.usher.platform.Ids;
import io.usher.platform.PageQuery;
import io.usher.platform.PageView;
import io.usher.platform.ProblemException;
import io.usher.platform.SqlStates;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The teams of an account. Deleting a team takes it off its members; it removes nobody. */
@ApplicationScoped
public class TeamService {

    private final TeamRepository teams;
    private final AccountAccess access;

    public TeamService(TeamRepository teams, AccountAccess access) {
        this.teams = teams;
        this.access = access;
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

    @WithSession
    public Uni<TeamView> get(Actor actor, UUID accountId, UUID teamId) {
        return access.requireAdmin(actor, accountId)
                .chain(account -> teams.findInAccount(accountId, teamId))
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.teamNotFound())
                .map(TeamView::of);
    }

    @WithTransaction
    public Uni<TeamView> create(Actor actor, UUID accountId, NewTeam request) {
        String name = request.name().trim();
        Team team = new Team();
        team.id = Ids.next();
        team.accountId = accountId;
        team.name = name;
        team.createdAt = Instant.now();
        return access.requireAdmin(actor, accountId)
                .chain(account -> teams.nameTaken(accountId, name))
                .chain(taken -> taken ? Uni.createFrom().failure(nameConflict(name)) : teams.persistAndFlush(team))
                .onFailure(SqlStates::isUniqueViolation)
                .transform(e -> nameConflict(name))
                .map(TeamView::of);
    }

    @WithTransaction
    public Uni<Void> delete(Actor actor, UUID accountId, UUID teamId) {
        return access.requireAdmin(actor, accountId)
                .chain(account -> teams.deleteInAccount(accountId, teamId))
                .chain(deleted -> deleted == 0
                        ? Uni.createFrom().failure(ProblemException.teamNotFound())
                        : Uni.createFrom().voidItem());
    }

    private static ProblemException nameConflict(String name) {
        return ProblemException.conflict("team-name-taken", m -> m.problem_team_name_taken(name));
    }
}
