package io.usher.member;

import io.smallrye.mutiny.Uni;
import io.usher.platform.PageQuery;
import io.usher.platform.PageView;
import io.usher.platform.ProblemException;
import io.usher.platform.Rows;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reading an account's members: newest invitation first (ties by id, so pages never overlap), with
 * filters. Every query names the account. Without a text search the page is chosen among
 * memberships alone (an index walk) and only its rows are joined to profiles and teams. A text
 * search is answered from whichever side is smaller: the trigram index when few profiles on the
 * whole platform match, else the account's own memberships, each looking up its profile.
 */
@ApplicationScoped
public class MemberDirectory {

    private static final String COLUMNS =
            "p.id, p.email, p.first_name, p.last_name, m.role, m.status, m.invited_at, m.invited_by, m.id";

    /** Past this many matching profiles platform-wide, a search walks the account's members instead. */
    static final int FEW_PROFILES = 2_000;

    static final String BY_PROFILE = " FROM memberships m JOIN profiles p ON p.id = m.profile_id";
    static final String BY_MEMBERSHIP = " FROM memberships m CROSS JOIN LATERAL (SELECT p.id, p.email,"
            + " p.first_name, p.last_name FROM profiles p WHERE p.id = m.profile_id LIMIT 1) p";

    private final Pool pool;

    public MemberDirectory(Pool pool) {
        this.pool = pool;
    }

    /** A page of the account's members. */
    public Uni<PageView<MemberView>> list(UUID accountId, MemberFilter filter, PageQuery page) {
        return list(pool, accountId, filter, page);
    }

    /** The most members a list may have to be sorted otherwise than newest first (a bounded sort). */
    public static final int SORTABLE = 10_000;

    /** A page of members and the order it is really in. */
    public record Sorted(PageView<MemberView> members, MemberSort sortedBy) {}

    /**
     * A page of the account's members in the order asked for; a list longer than {@link #SORTABLE}
     * in any order but newest first comes newest first (sortedBy says so), so that no page sorts a
     * million rows: an account of 1.67 million people narrows its list with the filters first.
     */
    public Uni<Sorted> list(UUID accountId, MemberFilter filter, MemberSort sort, PageQuery page) {
        if (sort == MemberSort.CREATED) {
            return list(accountId, filter, page).map(found -> new Sorted(found, MemberSort.CREATED));
        }
        String from = filter.pattern().isPresent() ? BY_MEMBERSHIP : null;
        return count(pool, accountId, filter, from).chain(total -> {
            if (total > SORTABLE) {
                return list(pool, accountId, filter, page, filter.pattern().isPresent() ? BY_MEMBERSHIP : null, total)
                        .map(found -> new Sorted(found, MemberSort.CREATED));
            }
            if (page.beyondAnyList()) {
                return Uni.createFrom().item(new Sorted(new PageView<>(List.of(), page.page, page.size, total), sort));
            }
            // At most SORTABLE rows of the account (its index), each joined to its profile by key, then a top-N sort.
            return pool.preparedQuery(sorted(filter, sort))
                    .execute(params(accountId, filter).addInteger(page.size).addInteger(page.offset()))
                    .chain(rows -> withTeams(pool, accountId, rows))
                    .map(items -> new Sorted(new PageView<>(items, page.page, page.size, total), sort));
        });
    }

    /** A page of a list of at most {@link #SORTABLE} members in an order; $6 the page's size, $7 its offset. */
    static String sorted(MemberFilter filter, MemberSort sort) {
        return "SELECT " + COLUMNS + BY_PROFILE + where(filter) + " ORDER BY " + sort.orderBy + " LIMIT $6 OFFSET $7";
    }

    /** One member, or a 404 problem. */
    public Uni<MemberView> get(UUID accountId, UUID profileId) {
        return get(pool, accountId, profileId);
    }

    /** Nothing, or a 404 problem when the team is not the account's. */
    public Uni<Void> requireTeam(UUID accountId, UUID teamId) {
        return requireTeam(pool, accountId, teamId);
    }

    Uni<PageView<MemberView>> list(SqlClient sql, UUID accountId, MemberFilter filter, PageQuery page) {
        if (filter.pattern().isEmpty()) {
            return list(sql, accountId, filter, page, null);
        }
        return sql.preparedQuery("SELECT count(*) FROM (SELECT 1 FROM profiles p"
                        + " WHERE profile_search_text(p.email, p.first_name, p.last_name) ILIKE $1 LIMIT $2) x")
                .execute(Tuple.of(filter.pattern().get(), FEW_PROFILES))
                .chain(rows -> list(
                        sql,
                        accountId,
                        filter,
                        page,
                        rows.iterator().next().getLong(0) < FEW_PROFILES ? BY_PROFILE : BY_MEMBERSHIP));
    }

    Uni<PageView<MemberView>> list(SqlClient sql, UUID accountId, MemberFilter filter, PageQuery page, String from) {
        return list(sql, accountId, filter, page, from, null);
    }

    /** With {@code knownTotal}, the list's length counted already. */
    private Uni<PageView<MemberView>> list(
            SqlClient sql, UUID accountId, MemberFilter filter, PageQuery page, String from, Long knownTotal) {
        Uni<Long> total = knownTotal != null
                ? Uni.createFrom().item(knownTotal)
                : Uni.createFrom().deferred(() -> count(sql, accountId, filter, from));
        if (page.beyondAnyList()) {
            return total.map(length -> new PageView<>(List.of(), page.page, page.size, length));
        }
        String where = where(filter);
        String query = from != null
                ? "SELECT " + COLUMNS + from + where + " ORDER BY m.invited_at DESC, m.id DESC LIMIT $6 OFFSET $7"
                : "SELECT " + COLUMNS + " FROM (SELECT * FROM memberships m" + where
                        + " ORDER BY m.invited_at DESC, m.id DESC LIMIT $6 OFFSET $7) m"
                        + " JOIN profiles p ON p.id = m.profile_id ORDER BY m.invited_at DESC, m.id DESC";
        return sql.preparedQuery(query)
                .execute(params(accountId, filter).addInteger(page.size).addInteger(page.offset()))
                .chain(rows -> withTeams(sql, accountId, rows))
                .chain(items -> total.map(length -> new PageView<>(items, page.page, page.size, length)));
    }

    Uni<MemberView> get(SqlClient sql, UUID accountId, UUID profileId) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM memberships m JOIN profiles p ON p.id = m.profile_id"
                        + " WHERE m.account_id = $1 AND m.profile_id = $2")
                .execute(Tuple.of(accountId, profileId))
                .chain(rows -> withTeams(sql, accountId, rows))
                .map(members -> {
                    if (members.isEmpty()) {
                        throw ProblemException.userNotFound();
                    }
                    return members.get(0);
                });
    }

    /** A team filter names a team of this account; another account's team does not exist here. */
    Uni<Void> requireTeam(SqlClient sql, UUID accountId, UUID teamId) {
        return sql.preparedQuery("SELECT 1 FROM teams WHERE account_id = $1 AND id = $2")
                .execute(Tuple.of(accountId, teamId))
                .invoke(rows -> Rows.single(rows, ProblemException::teamNotFound))
                .replaceWithVoid();
    }

    private Uni<Long> count(SqlClient sql, UUID accountId, MemberFilter filter, String from) {
        return sql.preparedQuery("SELECT count(*)" + (from == null ? " FROM memberships m" : from) + where(filter))
                .execute(params(accountId, filter))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** $1 the account; $2–$5 the filters, each ignored when null (plans are made per execution). */
    private static String where(MemberFilter filter) {
        return " WHERE m.account_id = $1"
                + " AND ($2::text IS NULL OR m.status = $2)"
                + " AND ($3::text IS NULL OR m.role = $3)"
                + " AND ($4::uuid IS NULL OR EXISTS (SELECT 1 FROM membership_teams t"
                + "  WHERE t.membership_id = m.id AND t.team_id = $4))"
                + (filter.pattern().isPresent()
                        ? " AND profile_search_text(p.email, p.first_name, p.last_name) ILIKE $5"
                        : " AND $5::text IS NULL");
    }

    static Tuple params(UUID accountId, MemberFilter filter) {
        return Tuple.tuple()
                .addUUID(accountId)
                .addString(filter.status().map(Enum::name).orElse(null))
                .addString(filter.role().map(Enum::name).orElse(null))
                .addUUID(filter.team().orElse(null))
                .addString(filter.pattern().orElse(null));
    }

    /** The members of these rows, each with their teams, in the rows' order. */
    private static Uni<List<MemberView>> withTeams(SqlClient sql, UUID accountId, Iterable<Row> rows) {
        List<Row> found = new ArrayList<>();
        rows.forEach(found::add);
        if (found.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        UUID[] memberships = found.stream().map(row -> row.getUUID(8)).toArray(UUID[]::new);
        return sql.preparedQuery("SELECT mt.membership_id, t.id, t.name FROM membership_teams mt"
                        + " JOIN teams t ON t.account_id = mt.account_id AND t.id = mt.team_id"
                        + " WHERE mt.account_id = $1 AND mt.membership_id = ANY($2) ORDER BY lower(t.name), t.id")
                .execute(Tuple.of(accountId, memberships))
                .map(teamRows -> {
                    Map<UUID, List<MemberView.TeamRef>> teams = new HashMap<>();
                    for (Row row : teamRows) {
                        teams.computeIfAbsent(row.getUUID(0), id -> new ArrayList<>())
                                .add(new MemberView.TeamRef(row.getUUID(1), row.getString(2)));
                    }
                    return found.stream()
                            .map(row -> new MemberView(
                                    row.getUUID(0),
                                    row.getString(1),
                                    row.getString(2),
                                    row.getString(3),
                                    Role.valueOf(row.getString(4)),
                                    MembershipStatus.valueOf(row.getString(5)),
                                    List.copyOf(teams.getOrDefault(row.getUUID(8), List.of())),
                                    row.getOffsetDateTime(6).toInstant(),
                                    row.getString(7)))
                            .toList();
                });
    }
}
