package io.usher.platform;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;

/** Reads PostgreSQL's verdicts out of whatever wraps them (Hibernate, Mutiny, the client). */
public final class SqlStates {

    public static final String UNIQUE_VIOLATION = "23505";
    public static final String CHECK_VIOLATION = "23514";
    public static final String FOREIGN_KEY_VIOLATION = "23503";
    /** Text PostgreSQL cannot store: a NUL character (U+0000) in a UTF-8 database. */
    public static final String CHARACTER_NOT_IN_REPERTOIRE = "22021";

    public static final String UNTRANSLATABLE_CHARACTER = "22P05";

    /** A lock not had within the transaction's {@code lock_timeout}. */
    public static final String LOCK_NOT_AVAILABLE = "55P03";

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

    /**
     * The pool had no connection for the request within its wait (Vert.x's "Timeout waiting for
     * connection"): the replica is overloaded, not the request wrong.
     */
    public static boolean isPoolExhausted(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof VertxException
                    && t.getMessage() != null
                    && t.getMessage().startsWith("Timeout waiting for connection")) {
                return true;
            }
        }
        return false;
    }

    public static boolean isUniqueViolation(Throwable failure) {
        PgException pg = pgCause(failure);
        return pg != null && UNIQUE_VIOLATION.equals(pg.getSqlState());
    }

    public static boolean isUniqueViolation(Throwable failure, String constraint) {
        PgException pg = pgCause(failure);
        return pg != null && UNIQUE_VIOLATION.equals(pg.getSqlState()) && constraint.equals(pg.getConstraint());
    }

    public static boolean isLockTimeout(Throwable failure) {
        PgException pg = pgCause(failure);
        return pg != null && LOCK_NOT_AVAILABLE.equals(pg.getSqlState());
    }

    public static boolean isQuotaViolation(Throwable failure) {
        PgException pg = pgCause(failure);
        return pg != null && CHECK_VIOLATION.equals(pg.getSqlState()) && QUOTA_CONSTRAINT.equals(pg.getConstraint());
    }

    /** A value held a character no text column can store: the client's input, never a fault of ours. */
    public static boolean isUnstorableText(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String state = t instanceof PgException pg
                    ? pg.getSqlState()
                    : t instanceof java.sql.SQLException sql ? sql.getSQLState() : null;
            if (CHARACTER_NOT_IN_REPERTOIRE.equals(state) || UNTRANSLATABLE_CHARACTER.equals(state)) {
                return true;
            }
        }
        return false;
    }
}
