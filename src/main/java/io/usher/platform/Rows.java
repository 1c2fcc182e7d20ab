package io.usher.platform;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import java.util.function.Supplier;

/** Reading the one row a lookup by key finds. */
public final class Rows {

    private Rows() {}

    /** The first row, or the 404 problem naming what was looked for ({@link ProblemException#userNotFound()}). */
    public static Row single(RowSet<Row> rows, Supplier<ProblemException> missing) {
        if (rows.size() == 0) {
            throw missing.get();
        }
        return rows.iterator().next();
    }
}
