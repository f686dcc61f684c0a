package io.berth.store.jpa;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import org.hibernate.Session;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs each port method as one transaction on its own EntityManager, and turns database failures into
 * BerthExceptions.
 */
final class Transactions {
    /** Deadlocks and lock timeouts are retried this often before the caller sees STORE_UNAVAILABLE. */
    private static final int ATTEMPTS = 4;

    private final EntityManagerFactory factory;
    private volatile boolean closed;

    Transactions(EntityManagerFactory factory) {
        this.factory = factory;
    }

    <T> T read(String operation, Function<EntityManager, T> work) {
        return run(operation, true, work);
    }

    <T> T write(String operation, Function<EntityManager, T> work) {
        return run(operation, false, work);
    }

    void execute(String operation, Consumer<EntityManager> work) {
        run(operation, false, em -> {
            work.accept(em);
            return null;
        });
    }

    void close() {
        closed = true;
    }

    private <T> T run(String operation, boolean readOnly, Function<EntityManager, T> work) {
        for (int attempt = 1; ; attempt++) {
            if (closed) {
                throw new BerthException(ErrorCode.STORE_UNAVAILABLE, "store: " + operation + ": the store is closed");
            }
            EntityManager em;
            try {
                em = factory.createEntityManager();
            } catch (RuntimeException e) {
                throw StoreErrors.translate(operation, e);
            }
            EntityTransaction transaction = em.getTransaction();
            try {
                transaction.begin();
                if (readOnly) {
                    // Entities read only to be converted to records need no snapshots for dirty checking.
                    em.unwrap(Session.class).setDefaultReadOnly(true);
                }
                T result = work.apply(em);
                transaction.commit();
                return result;
            } catch (Error e) {
                // An Error (a failed assertion of a caller's work, say) must not leave the connection in an open
                // transaction holding locks when it goes back to the pool.
                rollback(transaction, e);
                throw e;
            } catch (RuntimeException e) {
                rollback(transaction, e);
                if (attempt < ATTEMPTS && StoreErrors.isTransient(e)) {
                    pause(attempt);
                    continue;
                }
                throw StoreErrors.translate(operation, e);
            } finally {
                em.close();
            }
        }
    }

    private static void rollback(EntityTransaction transaction, Throwable failure) {
        try {
            if (transaction.isActive()) {
                transaction.rollback();
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** A short random pause, so that two transactions that deadlocked do not meet again at once. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L * attempt + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException(ErrorCode.STORE_UNAVAILABLE, "store: interrupted while retrying", e);
        }
    }
}
