package io.berth.store.jpa;

import io.berth.core.environment.Environment;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.store.EnvironmentStore;
import jakarta.persistence.EntityManager;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * The environment tables through plain JDBC on the transaction's connection, as the booking tables: two small
 * tables, a row per environment and a row per parameter.
 */
final class JpaEnvironmentStore implements EnvironmentStore {
    private static final String COLUMNS = "name, description, document, created, updated";

    private final Transactions transactions;

    JpaEnvironmentStore(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void insertEnvironment(Environment environment) {
        requireNonNull(environment, "environment is null");
        transactions.execute("insertEnvironment", em -> {
            if (!Jdbc.query(em, "SELECT name FROM environment WHERE name = ?", rs -> rs.getString(1),
                    environment.name()).isEmpty()) {
                throw exists(environment.name());
            }
            try {
                Jdbc.update(em, "INSERT INTO environment (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)",
                        environment.name(), environment.description(), environment.document(),
                        environment.createdAt(), environment.updatedAt());
            } catch (RuntimeException e) {
                // another transaction took the name between the lookup and the insert
                if (StoreErrors.isUniqueViolation(e, "pk_environment")) {
                    throw exists(environment.name());
                }
                throw e;
            }
            insertParameters(em, environment);
        });
    }

    @Override
    public void replaceEnvironment(Environment environment) {
        requireNonNull(environment, "environment is null");
        transactions.execute("replaceEnvironment", em -> {
            int updated = Jdbc.update(em, "UPDATE environment SET description = ?, document = ?, updated = ?"
                            + " WHERE name = ?", environment.description(), environment.document(),
                    environment.updatedAt(), environment.name());
            if (updated == 0) {
                throw new BerthException(ErrorCode.ENVIRONMENT_NOT_FOUND, "no environment named '"
                        + environment.name() + "'");
            }
            Jdbc.update(em, "DELETE FROM environment_parameter WHERE environment_name = ?", environment.name());
            insertParameters(em, environment);
        });
    }

    @Override
    public boolean deleteEnvironment(String name) {
        requireNonNull(name, "name is null");
        return transactions.write("deleteEnvironment", em -> {
            Jdbc.update(em, "DELETE FROM environment_parameter WHERE environment_name = ?", name);
            return Jdbc.update(em, "DELETE FROM environment WHERE name = ?", name) > 0;
        });
    }

    @Override
    public Optional<Environment> findEnvironment(String name) {
        requireNonNull(name, "name is null");
        return transactions.read("findEnvironment", em -> {
            List<Row> rows = Jdbc.query(em, "SELECT " + COLUMNS + " FROM environment WHERE name = ?",
                    JpaEnvironmentStore::row, name);
            if (rows.isEmpty()) {
                return Optional.empty();
            }
            Map<String, String> parameters = new TreeMap<>();
            Jdbc.query(em, "SELECT param_name, param_value FROM environment_parameter WHERE environment_name = ?",
                    rs -> parameters.put(rs.getString(1), rs.getString(2)), name);
            return Optional.of(rows.get(0).toDomain(parameters));
        });
    }

    @Override
    public List<Environment> listEnvironments() {
        return transactions.read("listEnvironments", em -> {
            List<Row> rows = Jdbc.query(em, "SELECT " + COLUMNS + " FROM environment ORDER BY name",
                    JpaEnvironmentStore::row);
            Map<String, Map<String, String>> parameters = new HashMap<>();
            Jdbc.query(em, "SELECT environment_name, param_name, param_value FROM environment_parameter",
                    rs -> parameters.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                            .put(rs.getString(2), rs.getString(3)));
            List<Environment> environments = new ArrayList<>();
            for (Row row : rows) {
                environments.add(row.toDomain(parameters.getOrDefault(row.name, Map.of())));
            }
            return environments;
        });
    }

    private static void insertParameters(EntityManager em, Environment environment) {
        List<Object[]> rows = new ArrayList<>();
        environment.parameters().forEach((key, value) -> rows.add(new Object[]{environment.name(), key, value}));
        Jdbc.batch(em, "INSERT INTO environment_parameter (environment_name, param_name, param_value)"
                + " VALUES (?, ?, ?)", rows);
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), Jdbc.instant(rs, 4), Jdbc.instant(rs, 5));
    }

    private record Row(String name, String description, String document, Instant created,
                       Instant updated) {
        Environment toDomain(Map<String, String> parameters) {
            return new Environment(name, description, document, parameters, created, updated);
        }
    }

    private static BerthException exists(String name) {
        return new BerthException(ErrorCode.ENVIRONMENT_EXISTS, "an environment named '" + name + "' exists");
    }
}
