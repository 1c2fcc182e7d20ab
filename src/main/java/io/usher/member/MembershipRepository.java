package io.usher.member;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@ApplicationScoped
public class MembershipRepository implements PanacheRepositoryBase<Membership, UUID> {

    /** Seats taken (ACTIVE + PENDING) per role, for each of the given accounts. */
    public Uni<Map<UUID, Map<Role, Long>>> seatsTaken(Collection<UUID> accountIds) {
        if (accountIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return getSession()
                .chain(session -> session.createSelectionQuery(
                                "select m.accountId, m.role, count(m) from Membership m"
                                        + " where m.accountId in (:accounts) and m.status in (:seated)"
                                        + " group by m.accountId, m.role",
                                Object[].class)
                        .setParameter("accounts", accountIds)
                        .setParameter("seated", MembershipStatus.SEATED)
                        .getResultList())
                .map(MembershipRepository::toUsage);
    }

    private static Map<UUID, Map<Role, Long>> toUsage(List<Object[]> rows) {
        Map<UUID, Map<Role, Long>> usage = new HashMap<>();
        for (Object[] row : rows) {
            usage.computeIfAbsent((UUID) row[0], id -> new EnumMap<>(Role.class))
                    .put((Role) row[1], (Long) row[2]);
        }
        return usage;
    }
}
