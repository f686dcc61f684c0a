package io.berth.store.jpa;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.store.AccountStore;
import io.berth.platform.store.BookingStore;
import io.berth.platform.store.CatalogStore;
import io.berth.platform.store.ProvisioningStore;
import io.berth.platform.store.SignInStore;
import io.berth.platform.store.Stores;
import jakarta.persistence.EntityManagerFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * The store ports on one H2 or PostgreSQL database, through Hibernate ORM.
 *
 * <p>{@link #open} makes a connection pool, brings the schema up to date with the Flyway migrations of the
 * database's kind, and starts Hibernate over the same pool with schema validation, so entities and migrations
 * cannot drift apart unnoticed: a mismatch fails {@code open}.
 *
 * <p>Every port method is one transaction and thread safe. Failures of the database (unreachable, timed out,
 * closed) are {@link BerthException}s with {@link ErrorCode#STORE_UNAVAILABLE}; deadlocks and lock timeouts are
 * retried a few times first. Instants are stored with microsecond precision (finer ones are truncated) and
 * durations in whole milliseconds (a finer one is refused with {@link ErrorCode#INVALID_REQUEST}).
 *
 * <p>Several processes may share one PostgreSQL database: commands are claimed with
 * {@code SELECT ... FOR UPDATE SKIP LOCKED}. An H2 file belongs to one process.
 */
public final class JpaStores implements Stores {
    private static final Logger LOG = LoggerFactory.getLogger(JpaStores.class);

    private static final Class<?>[] ENTITIES = {
            PlanEntity.class, ConfigurationEntity.class, TaskSpecEntity.class, DeploymentEntity.class,
            CommandEntity.class, TaskEntity.class, CommandEventEntity.class, AccountEntity.class, ApiKeyEntity.class
    };

    private final StoreSettings settings;
    private final HikariDataSource dataSource;
    private final EntityManagerFactory factory;
    private final Transactions transactions;
    private final JpaCatalogStore catalog;
    private final JpaProvisioningStore provisioning;
    private final JpaAccountStore accounts;
    private final JpaBookingStore bookings;
    private final JpaSignInStore signIn;
    private final AtomicBoolean closed = new AtomicBoolean();

    private JpaStores(StoreSettings settings, HikariDataSource dataSource, EntityManagerFactory factory,
                      Vendor vendor) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.factory = factory;
        this.transactions = new Transactions(factory);
        this.catalog = new JpaCatalogStore(transactions);
        this.provisioning = new JpaProvisioningStore(transactions, vendor);
        this.accounts = new JpaAccountStore(transactions);
        this.bookings = new JpaBookingStore(transactions);
        this.signIn = new JpaSignInStore(transactions);
    }

    /**
     * Connects, migrates the schema and starts Hibernate.
     *
     * @throws BerthException STORE_UNAVAILABLE when the database cannot be reached, a migration fails, or the
     *                        schema does not match the entities
     */
    public static JpaStores open(StoreSettings settings) {
        return open(settings, UnaryOperator.identity());
    }

    /** As {@link #open(StoreSettings)}, with Hibernate's connections taken through {@code decorator} (for tests). */
    static JpaStores open(StoreSettings settings, UnaryOperator<DataSource> decorator) {
        requireNonNull(settings, "settings is null");
        Vendor vendor = Vendor.of(settings);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(poolConfig(settings, vendor));
        } catch (RuntimeException e) {
            throw new BerthException(ErrorCode.STORE_UNAVAILABLE,
                    "store: cannot connect to " + settings.jdbcUrl() + ": " + rootMessage(e), e);
        }
        try {
            migrate(settings, vendor);
        } catch (RuntimeException e) {
            dataSource.close();
            throw new BerthException(ErrorCode.STORE_UNAVAILABLE,
                    "store: migrating " + settings.jdbcUrl() + " failed: " + rootMessage(e), e);
        }
        try {
            return new JpaStores(settings, dataSource, hibernate(decorator.apply(dataSource)), vendor);
        } catch (RuntimeException e) {
            dataSource.close();
            throw new BerthException(ErrorCode.STORE_UNAVAILABLE, "store: starting Hibernate on "
                    + settings.jdbcUrl() + " failed (does the schema match the entities?): " + rootMessage(e), e);
        }
    }

    private static HikariConfig poolConfig(StoreSettings settings, Vendor vendor) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("berth-store");
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.maxPoolSize());
        // Hibernate is told (provider_disables_autocommit) so it skips toggling auto-commit in every transaction.
        config.setAutoCommit(false);
        // A caller waits this long for a connection before it gets STORE_UNAVAILABLE.
        config.setConnectionTimeout(10_000);
        if (vendor == Vendor.H2) {
            // An embedded H2 database closes when its last connection does; retiring connections by age could
            // close and reopen it under load, and buys nothing in-process.
            config.setMaxLifetime(0);
        }
        return config;
    }

    /**
     * Flyway holds two connections at once (one for its lock and history table); it gets its own, so that a pool
     * of one connection is enough for the store.
     */
    private static void migrate(StoreSettings settings, Vendor vendor) {
        MigrateResult result = Flyway.configure()
                .dataSource(settings.jdbcUrl(), settings.user(), settings.password())
                .locations(vendor.migrations())
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            LOG.info("store: applied {} migration(s), schema version {}", result.migrationsExecuted,
                    result.targetSchemaVersion);
        }
    }

    private static EntityManagerFactory hibernate(DataSource dataSource) {
        return new HibernatePersistenceConfiguration("berth")
                .managedClasses(ENTITIES)
                .property("jakarta.persistence.nonJtaDataSource", dataSource)
                .property("hibernate.connection.provider_disables_autocommit", true)
                // Flyway owns the schema; Hibernate only checks that the entities fit it.
                .property("hibernate.hbm2ddl.auto", "validate")
                // SQL logging is off unless the JVM is started with -Dhibernate.show_sql=true.
                .property("hibernate.show_sql", Boolean.getBoolean("hibernate.show_sql"))
                .property("hibernate.format_sql", false)
                // The task and parameter rows of a submit go to the database as JDBC batches.
                .property("hibernate.jdbc.batch_size", 64)
                // Parameters, arguments and environments of many owners load in one query per collection.
                .property("hibernate.default_batch_fetch_size", 256)
                .property("hibernate.query.fail_on_pagination_over_collection_fetch", true)
                .createEntityManagerFactory();
    }

    @Override
    public CatalogStore catalog() {
        return catalog;
    }

    @Override
    public ProvisioningStore provisioning() {
        return provisioning;
    }

    @Override
    public AccountStore accounts() {
        return accounts;
    }

    @Override
    public BookingStore bookings() {
        return bookings;
    }

    @Override
    public SignInStore signIn() {
        return signIn;
    }

    /** The settings this store was opened with. */
    public StoreSettings settings() {
        return settings;
    }

    @Override
    public void ping() {
        if (closed.get()) {
            throw new BerthException(ErrorCode.STORE_UNAVAILABLE, "store: closed");
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("select 1");
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            throw new BerthException(ErrorCode.STORE_UNAVAILABLE,
                    "store: " + settings.jdbcUrl() + " does not answer: " + rootMessage(e), e);
        }
    }

    /** Closes Hibernate, then the pool; an H2 database closes with its last connection. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        transactions.close();
        try {
            factory.close();
        } finally {
            dataSource.close();
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure ? String.valueOf(failure.getMessage())
                : failure.getMessage() + " (" + root.getMessage() + ")";
    }
}
