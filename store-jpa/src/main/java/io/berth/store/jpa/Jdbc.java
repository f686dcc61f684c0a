package io.berth.store.jpa;

import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Plain JDBC on the connection of the current transaction, for the executor's hot path (claim, renew, apply).
 *
 * <p>Hibernate translates a JPQL update anew on every execution (it caches plans for selects only), which costs
 * about as much as running the statement on H2; the entity route costs a select per row and writes whole rows.
 * These statements are few and fixed, so they are written out here instead. The entities still describe every
 * column, and Hibernate validates them against the schema.
 */
final class Jdbc {
    private Jdbc() {
    }

    @FunctionalInterface
    interface Rows<T> {
        T read(ResultSet resultSet) throws SQLException;
    }

    /** Runs one statement and returns its update count. */
    static int update(EntityManager em, String sql, Object... parameters) {
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bind(statement, parameters);
                return statement.executeUpdate();
            }
        });
    }

    /** Runs one statement once per row of parameters as a JDBC batch; returns the update count of each row. */
    static int[] batch(EntityManager em, String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return new int[0];
        }
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (Object[] row : rows) {
                    bind(statement, row);
                    statement.addBatch();
                }
                return statement.executeBatch();
            }
        });
    }

    /** Runs a query and maps every row. */
    static <T> List<T> query(EntityManager em, String sql, Rows<T> mapper, Object... parameters) {
        return em.unwrap(Session.class).doReturningWork(connection -> query(connection, sql, mapper, parameters));
    }

    private static <T> List<T> query(Connection connection, String sql, Rows<T> mapper, Object... parameters)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            try (ResultSet resultSet = statement.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (resultSet.next()) {
                    rows.add(mapper.read(resultSet));
                }
                return rows;
            }
        }
    }

    static UUID uuid(ResultSet resultSet, int column) throws SQLException {
        return resultSet.getObject(column, UUID.class);
    }

    static Instant instant(ResultSet resultSet, int column) throws SQLException {
        OffsetDateTime value = resultSet.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /**
     * Instants go as OffsetDateTime, the JDBC 4.2 type of {@code timestamp with time zone} on both drivers;
     * everything else as itself. A null goes untyped, and both databases infer the type from the column.
     */
    private static void bind(PreparedStatement statement, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i];
            if (value instanceof Instant instant) {
                statement.setObject(i + 1, OffsetDateTime.ofInstant(Times.stored(instant), ZoneOffset.UTC));
            } else {
                statement.setObject(i + 1, value);
            }
        }
    }
}
