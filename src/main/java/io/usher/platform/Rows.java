package io.usher.platform;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

/** Reading the one row a lookup by key finds. */
public final class Rows {

    private Rows() {}

    /** The first row, or a 404 problem naming what was looked for ("The user"). */
    public static Row single(RowSet<Row> rows, String what) {
        if (rows.size() == 0) {
            throw ProblemException.notFound(what);
        }
        return rows.iterator().next();
    }
}
