package io.berth.store.jpa;

/**
 * What differs between the two supported databases: where their migrations are, and how a claim finds its
 * candidates. Either way the claim then takes the lease with a conditional update that re-checks the row, so a
 * candidate someone else took in between is never taken twice.
 */
enum Vendor {
    /**
     * H2 has no useful SKIP LOCKED (it applies FETCH FIRST before skipping, so a claim meeting a locked row
     * returns nothing), and FOR UPDATE makes it read and sort every match before the first row comes back.
     * Without a lock it walks the index in claim order and stops at the first runnable rows. Of two claims that
     * pick the same candidate, the second one's conditional update waits for the first's commit, matches
     * nothing, and tries the next candidate: a claim reads a few candidates at once so that concurrent workers
     * pass each other instead of all contending for the oldest row and coming back empty.
     *
     * <p>H2 walks an index in order only when the query fixes the leading column to one value and sorts by the
     * whole index; with {@code state IN (0, 1)} it read and sorted every non-terminal command on every claim,
     * which made a queue of a thousand commands quadratic. So each state is read on its own, in index order, and
     * the two short lists are merged.
     */
    H2("classpath:db/migration/h2", "", Sql.H2_CLAIM, 2),

    /**
     * The partial indexes of the PostgreSQL migration keep the scan to non-terminal commands in claim order, and
     * SKIP LOCKED lets concurrent claims from any number of processes pass each other.
     */
    POSTGRESQL("classpath:db/migration/postgresql", "FOR UPDATE SKIP LOCKED", Sql.POSTGRESQL_CLAIM, 1);

    /** The statements, in a class of their own because enum constants cannot read the enum's static fields. */
    private static final class Sql {
        /** Runnable commands of one state, oldest first: due, not leased, no older non-terminal command of their deployment. */
        private static final String RUNNABLE_OF_STATE = """
                SELECT c.id, c.created FROM command c
                WHERE c.state = %d
                  AND (c.not_before <= ? OR c.cancel_requested)
                  AND (c.lease_until IS NULL OR c.lease_until < ?)
                  AND NOT EXISTS (
                    SELECT 1 FROM command o
                    WHERE o.deployment_id = c.deployment_id
                      AND o.state IN (0, 1)
                      AND (o.created < c.created OR (o.created = c.created AND o.id < c.id)))
                ORDER BY c.state, c.created, c.id
                FETCH FIRST 8 ROWS ONLY
                """;

        static final String H2_CLAIM = "SELECT id FROM ((" + RUNNABLE_OF_STATE.formatted(0) + ") UNION ALL ("
                + RUNNABLE_OF_STATE.formatted(1) + ")) t ORDER BY created, id FETCH FIRST 8 ROWS ONLY";

        /** The oldest runnable command, locked, skipping rows other claims hold. */
        static final String POSTGRESQL_CLAIM = """
                SELECT c.id FROM command c
                WHERE c.state IN (0, 1)
                  AND (c.not_before <= ? OR c.cancel_requested)
                  AND (c.lease_until IS NULL OR c.lease_until < ?)
                  AND NOT EXISTS (
                    SELECT 1 FROM command o
                    WHERE o.deployment_id = c.deployment_id
                      AND o.state IN (0, 1)
                      AND (o.created < c.created OR (o.created = c.created AND o.id < c.id)))
                ORDER BY c.created, c.id
                FETCH FIRST 1 ROWS ONLY
                FOR UPDATE SKIP LOCKED
                """;

        /** The COMPLETED deployment whose health check is most overdue. */
        static final String CLAIM_HEALTH_CHECK = """
                SELECT d.id FROM deployment d
                WHERE d.state = 5
                  AND d.health_due_at <= ?
                ORDER BY d.health_due_at, d.id
                FETCH FIRST 1 ROWS ONLY
                """;
    }

    private final String migrations;
    private final String claimCommandSql;
    private final int claimParameterCopies;
    private final String claimHealthCheckSql;

    Vendor(String migrations, String lockClause, String claimCommandSql, int claimParameterCopies) {
        this.migrations = migrations;
        this.claimCommandSql = claimCommandSql;
        this.claimParameterCopies = claimParameterCopies;
        this.claimHealthCheckSql = Sql.CLAIM_HEALTH_CHECK + lockClause;
    }

    static Vendor of(StoreSettings settings) {
        return settings.isPostgres() ? POSTGRESQL : H2;
    }

    /** The Flyway location of this database's migrations. */
    String migrations() {
        return migrations;
    }

    /**
     * The ids of the oldest runnable commands, oldest first; every parameter is the time of the claim, two of
     * them for each of {@link #claimParameterCopies()}.
     */
    String claimCommandSql() {
        return claimCommandSql;
    }

    /** How many times the pair of time parameters appears in {@link #claimCommandSql()}. */
    int claimParameterCopies() {
        return claimParameterCopies;
    }

    /** The id of the COMPLETED deployment whose health check is most overdue; the parameter is the time now. */
    String claimHealthCheckSql() {
        return claimHealthCheckSql;
    }
}
