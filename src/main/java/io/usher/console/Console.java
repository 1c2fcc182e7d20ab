package io.usher.console;

import io.smallrye.mutiny.Uni;
import io.usher.onboarding.PageFrame;
import io.usher.platform.Actor;
import io.usher.platform.UsherConfig;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The frame of console pages: who is signed in and which accounts they administer. */
@ApplicationScoped
public class Console {

    private final Pool pool;
    private final UsherConfig config;

    public Console(Pool pool, UsherConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /** The accounts the actor administers, by name (all of them count for nothing more than navigation). */
    public Uni<List<ConsoleFrame.AccountLink>> administered(Actor actor) {
        return pool.preparedQuery("SELECT a.id, a.name, p.language FROM profiles p"
                        + " JOIN memberships m ON m.profile_id = p.id AND m.role = 'SITE_ADMIN' AND m.status = 'ACTIVE'"
                        + " JOIN accounts a ON a.id = m.account_id"
                        + " WHERE p.id = $1 AND p.status = 'ACTIVE' ORDER BY lower(a.name), a.id")
                .execute(Tuple.of(actor.profileId().orElse(null)))
                .map(rows -> {
                    List<ConsoleFrame.AccountLink> accounts = new ArrayList<>();
                    for (Row row : rows) {
                        accounts.add(new ConsoleFrame.AccountLink(row.getUUID(0), row.getString(1)));
                    }
                    return accounts;
                });
    }

    public Uni<ConsoleFrame> frame(
            Actor actor,
            HttpServerRequest request,
            HttpServerResponse response,
            Optional<ConsoleFrame.AccountLink> current) {
        return administered(actor)
                .chain(accounts -> pool.preparedQuery("SELECT language FROM profiles WHERE id = $1")
                        .execute(Tuple.of(actor.profileId().orElse(null)))
                        .map(rows -> {
                            Optional<String> language = rows.size() == 0
                                    ? Optional.empty()
                                    : Optional.ofNullable(rows.iterator().next().getString(0));
                            PageFrame page = PageFrame.of(request, response, language, config.platformName());
                            return new ConsoleFrame(
                                    page,
                                    actor.email().orElse(actor.subject()),
                                    actor.platformAdmin(),
                                    accounts,
                                    current.orElse(null));
                        }));
    }
}
