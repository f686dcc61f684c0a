package io.berth.store.jpa;

/**
 * What differs between the two supported databases: where their migrations are, and how a claim finds its
 * candidate. Either way the claim then takes the lease with a conditional update that re-checks the row, so a
 * candidate someone else took in between is never taken twice.
 */
enum Vendor {
    /**
     * H2 has no useful SKIP LOCKED (it applies FETCH FIRST before skipping, so a claim meeting a locked row
     * returns nothing), and FOR UPDATE makes it read and sort every match before the first row comes back:
     * milliseconds per claim with a thousand commands queued. Without a lock it walks the index in claim order
     * and stops at the first runnable row. Of two claims that pick the same candidate, the second one's
     * conditional update waits for the first's commit, matches nothing, and tries the next candidate: a claim
     * reads a few candidates at once so that concurrent workers pass each other instead of all contending for
     * the oldest row and coming back empty.
     */
    H2("classpath:db/migration/h2", "", 8) {
        /**
         * H2 walks an index in order, stopping after the first rows, only when the query fixes the leading column
         * to one value and sorts by the whole index; with {@code state IN (0, 1)} it reads and sorts every
         * non-terminal command on every claim, which made a queue of a thousand commands quadratic. So each
         * state is read on its own, in index order, and the two short lists are merged.
         */
        @Override
        String claimCommandSql() {
            String initiated = CLAIM_CONDITIONS.formatted(0);
            String pending = CLAIM_CONDITIONS.formatted(1);
            return "SELECT id FROM ((" + initiated + ") UNION ALL (" + pending + ")) t"
                    + " ORDER BY created, id FETCH FIRST 8 ROWS ONLY";
        }

        @Override
        int claimParameterCopies() {
            return 2;
        }
    },

    /**
     * The partial indexes of the PostgreSQL migration keep the scan to non-terminal commands in claim order, and
     * SKIP LOCKED lets concurrent claims from any number of processes pass each other.
     */
    POSTGRESQL("classpath:db/migration/postgresql", "FOR UPDATE SKIP LOCKED", 1);

    /** Runnable commands of one state in index order, for {@link #H2}. */
    private static final String CLAIM_CONDITIONS = """
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

    /** The oldest runnable command: due, not leased, and no older non-terminal command of its deployment. */
    private static final String CLAIM_COMMAND = """
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
            FETCH FIRST %d ROWS ONLY
            """;

    /** The COMPLETED deployment whose health check is most overdue. */
    private static final String CLAIM_HEALTH_CHECK = """
            SELECT d.id FROM deployment d
            WHERE d.state = 5
              AND d.health_due_at <= ?
            ORDER BY d.health_due_at, d.id
            FETCH FIRST 1 ROWS ONLY
            """;

    private final String migrations;
    private final String lockClause;
    private final String claimCommandSql;

    Vendor(String migrations, String lockClause, int claimCandidates) {
        this.migrations = migrations;
        this.lockClause = lockClause;
        this.claimCommandSql = CLAIM_COMMAND.formatted(claimCandidates) + lockClause;
    }

    static Vendor of(StoreSettings settings) {
        return settings.isPostgres() ? POSTGRESQL : H2;
    }

    /** The Flyway location of this database's migrations. */
    String migrations() {
        return migrations;
    }

    /**
     * The ids of the oldest runnable commands; every parameter is the time of the claim, two of them for each of
     * {@link #claimParameterCopies()}.
     */
    String claimCommandSql() {
        return claimCommandSql;
    }

    /** How many times the pair of time parameters appears in {@link #claimCommandSql()}. */
    int claimParameterCopies() {
        return 1;
    }

    /** The id of the COMPLETED deployment whose health check is most overdue; the parameter is the time now. */
    String claimHealthCheckSql() {
        return CLAIM_HEALTH_CHECK + lockClause;
    }
}
