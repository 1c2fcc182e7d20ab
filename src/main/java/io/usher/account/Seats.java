package io.usher.account;

import io.smallrye.mutiny.Uni;
import io.usher.member.Role;
import io.usher.platform.ProblemException;
import io.usher.platform.Rows;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * An account's seats per role, used and left, as its row keeps them: the quotas, and the seat
 * counters the membership triggers keep (V2), which the invitation decision and the member edits
 * read too. One row read by its key; members are never counted here.
 */
@ApplicationScoped
public class Seats {

    private final Pool pool;

    public Seats(Pool pool) {
        this.pool = pool;
    }

    /** One seat count per role, in the roles' order. Callers have checked the account is the actor's. */
    public Uni<List<SeatView>> of(UUID accountId) {
        return pool.preparedQuery("SELECT quota_site_admin, quota_editor, seats_site_admin, seats_editor"
                        + " FROM accounts WHERE id = $1")
                .execute(Tuple.of(accountId))
                .map(rows -> {
                    Row row = Rows.single(rows, ProblemException::accountNotFound);
                    return List.of(
                            new SeatView(Role.SITE_ADMIN, row.getInteger(2), row.getInteger(0)),
                            new SeatView(Role.EDITOR, row.getInteger(3), row.getInteger(1)));
                });
    }

    /** Seats of one role: how many are taken, the quota, and how many are left (none when over it). */
    public record SeatView(Role role, int used, int quota) {

        public int left() {
            return Math.max(0, quota - used);
        }

        public boolean full() {
            return used >= quota;
        }
    }
}
