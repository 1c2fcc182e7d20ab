package io.usher.onboarding;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A person's profile and the accounts they belong to (memberships not removed, by account name),
 * as {@code /api/v1/me} and the home page show them.
 */
@ApplicationScoped
public class ProfileOverview {

    private final Pool pool;

    public ProfileOverview(Pool pool) {
        this.pool = pool;
    }

    public Uni<MeResource.MeView> of(UUID profileId) {
        return pool.preparedQuery("SELECT p.id, p.email, p.first_name, p.last_name, p.phone, p.language, p.status,"
                        + " m.account_id, a.name, m.role, m.status"
                        + " FROM profiles p"
                        + " LEFT JOIN memberships m ON m.profile_id = p.id AND m.status <> 'REMOVED'"
                        + " LEFT JOIN accounts a ON a.id = m.account_id"
                        + " WHERE p.id = $1 ORDER BY lower(a.name)")
                .execute(Tuple.of(profileId))
                .map(rows -> {
                    Row first = rows.iterator().next();
                    return new MeResource.MeView(
                            first.getUUID(0),
                            first.getString(1),
                            first.getString(2),
                            first.getString(3),
                            first.getString(4),
                            first.getString(5),
                            first.getString(6),
                            memberships(rows));
                });
    }

    private static List<MeResource.MeView.Membership> memberships(RowSet<Row> rows) {
        List<MeResource.MeView.Membership> memberships = new ArrayList<>();
        for (Row row : rows) {
            if (row.getUUID(7) != null) {
                memberships.add(new MeResource.MeView.Membership(
                        row.getUUID(7), row.getString(8), row.getString(9), row.getString(10)));
            }
        }
        return memberships;
    }
}
