package io.usher.testing;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;

/** Reading the test database straight, for what the API does not show. */
public final class Sql {

    private Sql() {}

    /** The first column of the first row, as text (null when there is no row or no value). */
    public static String text(Pool pool, String sql, Object... params) {
        var rows = pool.preparedQuery(sql).execute(Tuple.from(params)).await().atMost(Duration.ofSeconds(10));
        if (rows.size() == 0) {
            return null;
        }
        Object value = rows.iterator().next().getValue(0);
        return value == null ? null : value.toString();
    }

    /** Runs a change the API does not offer (time passing, say); the rows it touched. */
    public static int update(Pool pool, String sql, Object... params) {
        return pool.preparedQuery(sql)
                .execute(Tuple.from(params))
                .await()
                .atMost(Duration.ofSeconds(10))
                .rowCount();
    }

    /** The single number a query such as {@code SELECT count(*) ...} answers. */
    public static long count(Pool pool, String sql, Object... params) {
        return pool.preparedQuery(sql)
                .execute(Tuple.from(params))
                .await()
                .atMost(Duration.ofSeconds(10))
                .iterator()
                .next()
                .getLong(0);
    }
}
