package io.usher.account;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Teams, always looked up inside their account. */
@ApplicationScoped
public class TeamRepository implements PanacheRepositoryBase<Team, UUID> {

    public Uni<Team> findInAccount(UUID accountId, UUID teamId) {
        return find("accountId = ?1 and id = ?2", accountId, teamId).firstResult();
    }

    public Uni<List<Team>> listInAccount(UUID accountId, int page, int size) {
        return find("accountId", Sort.by("name").and("id"), accountId)
                .page(Page.of(page, size))
                .list();
    }

    public Uni<Long> countInAccount(UUID accountId) {
        return count("accountId", accountId);
    }

    public Uni<Boolean> nameTaken(UUID accountId, String name) {
        return count("accountId = ?1 and lower(name) = lower(?2)", accountId, name)
                .map(n -> n > 0);
    }

    public Uni<Long> deleteInAccount(UUID accountId, UUID teamId) {
        return delete("accountId = ?1 and id = ?2", accountId, teamId);
    }
}
