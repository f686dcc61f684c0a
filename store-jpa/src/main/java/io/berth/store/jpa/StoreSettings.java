package io.berth.store.jpa;

import java.nio.file.Path;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * Where the store's database is and how many connections it may hold.
 *
 * <p>Two databases are supported: H2 in a file, for the embedded default (one process; use {@link #h2File},
 * whose options matter), and PostgreSQL, which several server processes may share. A PostgreSQL schema other
 * than the user's default is chosen with the driver's {@code currentSchema} URL parameter; the migrations run in
 * that schema, which must exist.
 *
 * @param jdbcUrl     a {@code jdbc:h2:} or {@code jdbc:postgresql:} URL
 * @param user        database user, never null (may be empty)
 * @param password    database password, never null (may be empty); never shown by {@link #toString()}
 * @param maxPoolSize connections kept at most, 1-1000
 */
public record StoreSettings(String jdbcUrl, String user, String password, int maxPoolSize) {

    public static final int DEFAULT_MAX_POOL_SIZE = 10;

    public StoreSettings {
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        String lower = jdbcUrl.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:h2:") && !lower.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("jdbcUrl must be an H2 or PostgreSQL JDBC URL: " + jdbcUrl);
        }
        if (maxPoolSize < 1 || maxPoolSize > 1000) {
            throw new IllegalArgumentException("maxPoolSize must be 1-1000: " + maxPoolSize);
        }
    }

    /** Settings with the default pool size. */
    public StoreSettings(String jdbcUrl, String user, String password) {
        this(jdbcUrl, user, password, DEFAULT_MAX_POOL_SIZE);
    }

    /**
     * The embedded database: an H2 file {@code berth.mv.db} in {@code dataDir}, for one process only. The options
     * are part of what makes it fit for that:
     * <ul>
     *   <li>{@code WRITE_DELAY=0}: a commit reaches the file before it returns. H2's default writes up to half a
     *   second later, and a process that dies meanwhile loses steps the executor believes durable.</li>
     *   <li>{@code DB_CLOSE_ON_EXIT=FALSE}: H2's own shutdown hook would close the database under threads that
     *   are still writing while the JVM stops; it closes when {@link JpaStores#close()} closes the last
     *   connection instead.</li>
     *   <li>{@code AUTO_SERVER=FALSE}: a second process gets a clear "database in use" error rather than quietly
     *   sharing a file that is not meant to be shared.</li>
     *   <li>{@code LOCK_TIMEOUT=10000}: a transaction waits up to ten seconds for a row another one holds.</li>
     *   <li>{@code QUERY_CACHE_SIZE=128}: each connection keeps every statement of the store parsed (the
     *   default keeps 8).</li>
     * </ul>
     */
    public static StoreSettings h2File(Path dataDir) {
        requireNonNull(dataDir, "dataDir is null");
        String dir = dataDir.toAbsolutePath().normalize().toString().replace('\\', '/');
        if (dir.indexOf(';') >= 0) {
            throw new IllegalArgumentException("the data folder may not contain ';': " + dir);
        }
        return new StoreSettings(
                "jdbc:h2:file:" + dir + "/berth;AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=128;WRITE_DELAY=0",
                "sa", "", DEFAULT_MAX_POOL_SIZE);
    }

    /** Whether the URL names a PostgreSQL database (otherwise it is H2). */
    public boolean isPostgres() {
        return jdbcUrl.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:");
    }

    /** The same settings with another pool size. */
    public StoreSettings withMaxPoolSize(int maxPoolSize) {
        return new StoreSettings(jdbcUrl, user, password, maxPoolSize);
    }

    @Override
    public String toString() {
        return "StoreSettings[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "***")
                + ", maxPoolSize=" + maxPoolSize + "]";
    }
}
