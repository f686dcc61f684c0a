package io.berth.store.jpa;

import io.berth.core.environment.Environment;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.store.EnvironmentStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The environment store's contract, run against each supported database by a subclass that says where the
 * database is. One store serves a whole test class; each test starts from empty tables.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EnvironmentStoreContractTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:15:00.123456Z");

    JpaStores stores;
    EnvironmentStore environments;

    abstract StoreSettings settings();

    void dropDatabase() {
    }

    @BeforeAll
    void openStores() {
        stores = JpaStores.open(settings());
        environments = stores.environments();
    }

    @AfterAll
    void closeStores() {
        try {
            if (stores != null) {
                stores.close();
            }
        } finally {
            dropDatabase();
        }
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        StoreSettings settings = stores.settings();
        try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), settings.user(),
                settings.password()); Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM environment_parameter");
            statement.execute("DELETE FROM environment");
        }
    }

    private static Environment environment(String name, String python, Instant at) {
        return new Environment(name, "for " + name, "{\"name\":\"" + name + "\",\"python\":{\"version\":\"" + python
                + "\"}}", Map.of("environment.name", name, "environment.python.version", python,
                "environment.python.packages", "numpy,pandas", "environment.system.packages", ""), at, at);
    }

    @Test
    void environmentsRoundTripWithTheirParameters() {
        Environment basic = environment("gaia-basic", "3.11", T0);
        Environment ml = environment("gaia-ml", "3.12", T0.plusSeconds(1));
        environments.insertEnvironment(ml);
        environments.insertEnvironment(basic);

        assertThat(environments.findEnvironment("gaia-basic")).contains(basic);
        assertThat(environments.findEnvironment("gaia-basic").orElseThrow().parameters())
                .containsEntry("environment.system.packages", "").hasSize(4);
        assertThat(environments.findEnvironment("nope")).isEmpty();
        assertThat(environments.listEnvironments()).containsExactly(basic, ml);
    }

    @Test
    void aTakenNameIsRefusedAndReplacingKeepsTheCreationTime() {
        environments.insertEnvironment(environment("gaia-basic", "3.11", T0));
        assertThatThrownBy(() -> environments.insertEnvironment(environment("gaia-basic", "3.12", T0)))
                .isInstanceOfSatisfying(BerthException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.ENVIRONMENT_EXISTS));

        Instant later = T0.plus(Duration.ofHours(1));
        Environment replacement = new Environment("gaia-basic", "", "{}", Map.of("environment.name", "gaia-basic"),
                later, later);
        environments.replaceEnvironment(replacement);
        Environment stored = environments.findEnvironment("gaia-basic").orElseThrow();
        assertThat(stored.createdAt()).isEqualTo(T0);
        assertThat(stored.updatedAt()).isEqualTo(later);
        assertThat(stored.document()).isEqualTo("{}");
        assertThat(stored.parameters()).containsExactly(Map.entry("environment.name", "gaia-basic"));

        assertThatThrownBy(() -> environments.replaceEnvironment(environment("nope", "3.11", T0)))
                .isInstanceOfSatisfying(BerthException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.ENVIRONMENT_NOT_FOUND));
    }

    @Test
    void deletingRemovesTheParametersToo() throws SQLException {
        environments.insertEnvironment(environment("gaia-basic", "3.11", T0));
        assertThat(environments.deleteEnvironment("gaia-basic")).isTrue();
        assertThat(environments.deleteEnvironment("gaia-basic")).isFalse();
        assertThat(environments.listEnvironments()).isEmpty();
        StoreSettings settings = stores.settings();
        try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), settings.user(),
                settings.password()); Statement statement = connection.createStatement();
             var rs = statement.executeQuery("SELECT count(*) FROM environment_parameter")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
        // the name is free again
        environments.insertEnvironment(environment("gaia-basic", "3.12", T0));
        assertThat(environments.findEnvironment("gaia-basic").orElseThrow().parameters())
                .containsEntry("environment.python.version", "3.12");
    }

    @Test
    void ofConcurrentInsertsOfOneNameExactlyOneWins() throws Exception {
        int contenders = 6;
        ExecutorService threads = Executors.newFixedThreadPool(contenders);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                Environment candidate = environment("gaia-basic", "3.1" + i, T0);
                Callable<Boolean> insert = () -> {
                    go.await();
                    try {
                        environments.insertEnvironment(candidate);
                        return true;
                    } catch (BerthException e) {
                        assertThat(e.errorCode()).isEqualTo(ErrorCode.ENVIRONMENT_EXISTS);
                        return false;
                    }
                };
                results.add(threads.submit(insert));
            }
            go.countDown();
            int wins = 0;
            for (Future<Boolean> result : results) {
                wins += result.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(wins).isEqualTo(1);
            assertThat(environments.findEnvironment("gaia-basic").orElseThrow().parameters()).hasSize(4);
        } finally {
            threads.shutdownNow();
        }
    }
}
