package io.usher.account;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, UUID> {

    /**
     * The account row, locked until the transaction ends: every change that takes seats holds
     * this lock, so quota checks never interleave.
     */
    public Uni<Account> lock(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    public Uni<Boolean> nameTaken(String name) {
        return count("lower(name) = lower(?1)", name).map(n -> n > 0);
    }

    public Uni<List<Account>> search(String text, int page, int size) {
        return query(text).page(Page.of(page, size)).list();
    }

    public Uni<Long> countMatching(String text) {
        return query(text).count();
    }

    private io.quarkus.hibernate.reactive.panache.PanacheQuery<Account> query(String text) {
        Sort order = Sort.by("name").and("id");
        if (text == null || text.isBlank()) {
            return findAll(order);
        }
        return find(
                "lower(name) like ?1 escape '\\'",
                order,
                "%" + likeEscape(text.trim().toLowerCase()) + "%");
    }

    static String likeEscape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
