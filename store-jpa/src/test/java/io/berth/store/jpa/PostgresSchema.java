package io.berth.store.jpa;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * A fresh schema on the test PostgreSQL server for one test class, dropped afterwards. The server is
 * {@code jdbc:postgresql://127.0.0.1:5432/test} as {@code root} or {@code postgres} without a password, unless
 * BERTH_TEST_PG_URL, BERTH_TEST_PG_USER and BERTH_TEST_PG_PASSWORD say otherwise. A server that does not
 * answer fails the tests; they are never skipped.
 */
final class PostgresSchema {
    static final String URL_VARIABLE = "BERTH_TEST_PG_URL";
    static final String USER_VARIABLE = "BERTH_TEST_PG_USER";
    static final String PASSWORD_VARIABLE = "BERTH_TEST_PG_PASSWORD";

    private final String url;
    private final String user;
    private final String password;
    private final String schema;

    private PostgresSchema(String url, String user, String password, String schema) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.schema = schema;
    }

    static PostgresSchema create() {
        String url = variable(URL_VARIABLE, "jdbc:postgresql://127.0.0.1:5432/test");
        String password = variable(PASSWORD_VARIABLE, "");
        String configuredUser = System.getenv(USER_VARIABLE);
        List<String> users = configuredUser != null && !configuredUser.isBlank() ? List.of(configuredUser)
                : List.of("root", "postgres");
        List<String> failures = new ArrayList<>();
        SQLException last = null;
        for (String user : users) {
            try (Connection connection = connect(url, user, password);
                 Statement statement = connection.createStatement()) {
                String schema = "berth_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
                statement.execute("CREATE SCHEMA " + schema);
                return new PostgresSchema(url, user, password, schema);
            } catch (SQLException e) {
                failures.add(user + ": " + e.getMessage());
                last = e;
            }
        }
        throw new AssertionError("The PostgreSQL tests need a server, and " + url + " did not answer ("
                + String.join("; ", failures) + "). Start PostgreSQL there, or point the tests at a server with "
                + URL_VARIABLE + " (a jdbc:postgresql: URL), " + USER_VARIABLE + " and " + PASSWORD_VARIABLE
                + "; the user needs to create schemas.", last);
    }

    StoreSettings settings() {
        return new StoreSettings(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, user, password);
    }

    void drop() {
        try (Connection connection = connect(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new AssertionError("could not drop test schema " + schema, e);
        }
    }

    private static Connection connect(String url, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(url, properties);
    }

    private static String variable(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
