package io.usher.platform;

import io.vertx.pgclient.PgException;

/** Reads PostgreSQL's verdicts out of whatever wraps them (Hibernate, Mutiny, the client). */
public final class SqlStates {

    public static final String UNIQUE_VIOLATION = "23505";
    public static final String CHECK_VIOLATION = "23514";
    public static final String FOREIGN_KEY_VIOLATION = "23503";

    /** The constraint named by the quota trigger of the schema. */
    public static final String QUOTA_CONSTRAINT = "membership_quota";

    private SqlStates() {}

    public static PgException pgCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg) {
                return pg;
            }
        }
        return null;
    }

    public static boolean isUniqueViolation(Throwable failure) {
        PgException pg = pgCause(failure);
        return pg != null && UNIQUE_VIOLATION.equals(pg.getSqlState());
    }

    public static boolean isUniqueViolation(Throwable failure, String constraint) {
        PgException pg = pgCause(failure);
        return pg != null && UNIQUE_VIOLATION.equals(pg.getSqlState()) && constraint.equals(pg.getConstraint());
    }

    public static boolean isQuotaViolation(Throwable failure) {
        PgException pg = pgCause(failure);
        return pg != null && CHECK_VIOLATION.equals(pg.getSqlState()) && QUOTA_CONSTRAINT.equals(pg.getConstraint());
    }
}
