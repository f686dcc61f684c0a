package io.berth.store.jpa;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import jakarta.persistence.PersistenceException;
import org.hibernate.HibernateException;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads database failures: which constraint a write broke, whether a retry may succeed, what to tell the caller. */
final class StoreErrors {
    private StoreErrors() {
    }

    /** Whether {@code failure} is a unique-key violation of the named constraint (or of any, when null). */
    static boolean isUniqueViolation(Throwable failure, String constraint) {
        return violates(failure, constraint, "23505");
    }

    /** Whether {@code failure} is a foreign-key violation (PostgreSQL's 23503; H2's 23503 and 23506). */
    static boolean isForeignKeyViolation(Throwable failure) {
        return violates(failure, null, "23503", "23506");
    }

    /**
     * Failures the same transaction may not meet again: deadlocks, serialization failures, lock timeouts and H2's
     * concurrent-update conflicts. The whole transaction was rolled back, so running it again is safe.
     */
    static boolean isTransient(Throwable failure) {
        for (SQLException e : sqlExceptions(failure)) {
            String state = e.getSQLState();
            if (state != null && (state.equals("40001") || state.equals("40P01") || state.equals("55P03")
                    || state.equals("HYT00") || state.equals("90131"))) {
                return true;
            }
        }
        return false;
    }

    /** Whether this is a database failure rather than a mistake of the caller. */
    static boolean isDatabaseFailure(Throwable failure) {
        return failure instanceof PersistenceException || failure instanceof HibernateException
                || !sqlExceptions(failure).isEmpty();
    }

    /**
     * The exception a port method throws for {@code failure}: BerthExceptions and caller mistakes
     * (IllegalArgumentException and the like) as they are; a constraint nobody expected as INTERNAL_ERROR, since
     * retrying cannot help; any other database failure as STORE_UNAVAILABLE.
     */
    static RuntimeException translate(String operation, RuntimeException failure) {
        if (failure instanceof BerthException || !isDatabaseFailure(failure)) {
            return failure;
        }
        if (violates(failure, null, "23505", "23503", "23506", "23502", "23513", "22001")) {
            return new BerthException(ErrorCode.INTERNAL_ERROR,
                    "store: " + operation + " broke a database constraint: " + describe(failure), failure);
        }
        return new BerthException(ErrorCode.STORE_UNAVAILABLE,
                "store: " + operation + " failed: " + describe(failure), failure);
    }

    private static boolean violates(Throwable failure, String constraint, String... sqlStates) {
        for (SQLException e : sqlExceptions(failure)) {
            String state = e.getSQLState();
            if (state == null) {
                continue;
            }
            for (String wanted : sqlStates) {
                if (state.equals(wanted) && (constraint == null || names(failure, e, constraint))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Hibernate extracts the constraint name for both databases; the message is the fallback. H2 names the index
     * it made for a constraint after the constraint, upper-cased, so a case-insensitive search finds both.
     */
    private static boolean names(Throwable failure, SQLException e, String constraint) {
        String wanted = constraint.toLowerCase(Locale.ROOT);
        for (Throwable t : chain(failure)) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException violation
                    && violation.getConstraintName() != null) {
                String name = violation.getConstraintName().toLowerCase(Locale.ROOT);
                if (name.equals(wanted) || name.startsWith(wanted + "_index")) {
                    return true;
                }
            }
        }
        String message = e.getMessage();
        return message != null && message.toLowerCase(Locale.ROOT).contains(wanted);
    }

    private static String describe(Throwable failure) {
        for (SQLException e : sqlExceptions(failure)) {
            return e.getMessage() + " [SQLState " + e.getSQLState() + "]";
        }
        return String.valueOf(failure.getMessage());
    }

    /** The SQLExceptions in the cause chain, including those a batch update chains with getNextException. */
    private static List<SQLException> sqlExceptions(Throwable failure) {
        List<SQLException> found = new ArrayList<>();
        for (Throwable t : chain(failure)) {
            if (t instanceof SQLException sql) {
                SQLException next = sql;
                int guard = 0;
                while (next != null && guard++ < 16) {
                    if (!found.contains(next)) {
                        found.add(next);
                    }
                    next = next.getNextException();
                }
            }
        }
        return found;
    }

    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
