package io.berth.server;

import io.berth.booking.BookingPolicies;
import io.berth.booking.BookingPolicy;
import io.berth.core.account.AccountLevels;
import io.berth.core.account.LevelQuotas;
import io.berth.server.mail.MailSettings;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The server's configuration, read from environment variables. With none set the server runs the
 * embedded default: port 8080, H2 under {@code ./data}, the local provider and the demo catalog.
 *
 * <table>
 *   <caption>Variables</caption>
 *   <tr><th>variable</th><th>default</th></tr>
 *   <tr><td>{@code BERTH_PORT}</td><td>8080; 0 takes any free port</td></tr>
 *   <tr><td>{@code BERTH_DATA_DIR}</td><td>{@code ./data}</td></tr>
 *   <tr><td>{@code BERTH_DB_URL}</td><td>an H2 file under the data folder</td></tr>
 *   <tr><td>{@code BERTH_DB_USER}, {@code BERTH_DB_PASSWORD}</td><td>none</td></tr>
 *   <tr><td>{@code BERTH_DB_POOL_SIZE}</td><td>10</td></tr>
 *   <tr><td>{@code BERTH_PROVIDER}</td><td>{@code local}; a comma-separated list</td></tr>
 *   <tr><td>{@code BERTH_SCRIPT_ROOT}</td><td>{@code <data>/scripts}</td></tr>
 *   <tr><td>{@code BERTH_EXECUTOR_WORKERS}</td><td>4</td></tr>
 *   <tr><td>{@code BERTH_LEASE_SECONDS}</td><td>30</td></tr>
 *   <tr><td>{@code BERTH_FETCH_SCHEMES}</td><td>{@code https}; a comma-separated list of https, http, file,
 *       or {@code none}</td></tr>
 *   <tr><td>{@code BERTH_DEMO_CATALOG}</td><td>true</td></tr>
 *   <tr><td>{@code BERTH_PROVIDER_<NAME>_<KEY>}</td><td>setting {@code key} (lower case, {@code _} as
 *       {@code .}) of provider {@code name}</td></tr>
 *   <tr><td>{@code BERTH_SECRET_<NAME>}</td><td>a secret providers may ask for by name</td></tr>
 *   <tr><td>{@code BERTH_TIME_ZONE}</td><td>{@code UTC}: the zone in which booking days are computed</td></tr>
 *   <tr><td>{@code BERTH_OFFER_HOLD_MINUTES}</td><td>15: how long a queue offer holds its capacity</td></tr>
 *   <tr><td>{@code BERTH_BOOKING_POLICY_<LEVEL>}</td><td>the default policies; a variable replaces one level's:
 *       {@code none}, or {@code max-ahead=30d,max-concurrent=2,extension-window=2d,small=14d,large=3d} (each
 *       package the level may book with its longest booking; durations in {@code d}, {@code h} or ISO-8601)</td></tr>
 *   <tr><td>{@code BERTH_SMTP_HOST}</td><td>none: mail is written as {@code .eml} files to {@code <data>/outbox}</td></tr>
 *   <tr><td>{@code BERTH_SMTP_PORT}</td><td>587</td></tr>
 *   <tr><td>{@code BERTH_SMTP_USER}, {@code BERTH_SMTP_PASSWORD}</td><td>none: no authentication</td></tr>
 *   <tr><td>{@code BERTH_SMTP_STARTTLS}</td><td>true</td></tr>
 *   <tr><td>{@code BERTH_MAIL_FROM}</td><td>{@code berth@localhost}</td></tr>
 *   <tr><td>{@code BERTH_LEVEL_<LEVEL>}</td><td>the default quotas; a variable replaces one level's:
 *       {@code notebooks=50x50,saved=100x1024,temp=200x1024,temp-days=7,saved-months=6,notebook-months=12,package=small}
 *       (count x MiB; months {@code keep} for never deleted)</td></tr>
 *   <tr><td>{@code BERTH_QUEUE_SWEEP_SECONDS}</td><td>30: how often expired offers pass on and freed capacity is
 *       offered</td></tr>
 *   <tr><td>sign-in: {@code BERTH_PUBLIC_URL}, {@code BERTH_SITES}, ...</td><td>see {@link SignInConfig}</td></tr>
 * </table>
 *
 * <p>A blank value counts as unset, except for {@code BERTH_DB_PASSWORD}. A bad value stops the start with
 * a {@link ConfigException} naming the variable.
 *
 * @param dbUrl            a PostgreSQL or H2 JDBC URL, or null for the H2 file under {@code dataDir}
 * @param dbUser           empty when not set
 * @param dbPassword       empty when not set
 * @param providerSettings settings per provider name, in the form the provider factories take them
 * @param secrets          secret values by their variable name without the {@code BERTH_SECRET_} prefix
 */
public record ServerConfig(
        int port,
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        int dbPoolSize,
        List<String> providers,
        Path scriptRoot,
        int executorWorkers,
        Duration lease,
        Set<String> fetchSchemes,
        boolean demoCatalog,
        Map<String, Map<String, String>> providerSettings,
        Map<String, String> secrets,
        ZoneId timeZone,
        Duration offerHold,
        Duration queueSweep,
        BookingPolicies bookingPolicies,
        MailSettings mail,
        AccountLevels accountLevels,
        SignInConfig signIn) {

    public static final String PORT = "BERTH_PORT";
    public static final String DATA_DIR = "BERTH_DATA_DIR";
    public static final String DB_URL = "BERTH_DB_URL";
    public static final String DB_USER = "BERTH_DB_USER";
    public static final String DB_PASSWORD = "BERTH_DB_PASSWORD";
    public static final String DB_POOL_SIZE = "BERTH_DB_POOL_SIZE";
    public static final String PROVIDER = "BERTH_PROVIDER";
    public static final String SCRIPT_ROOT = "BERTH_SCRIPT_ROOT";
    public static final String EXECUTOR_WORKERS = "BERTH_EXECUTOR_WORKERS";
    public static final String LEASE_SECONDS = "BERTH_LEASE_SECONDS";
    public static final String FETCH_SCHEMES = "BERTH_FETCH_SCHEMES";
    public static final String DEMO_CATALOG = "BERTH_DEMO_CATALOG";
    public static final String TIME_ZONE = "BERTH_TIME_ZONE";
    public static final String OFFER_HOLD_MINUTES = "BERTH_OFFER_HOLD_MINUTES";
    public static final String QUEUE_SWEEP_SECONDS = "BERTH_QUEUE_SWEEP_SECONDS";
    public static final String BOOKING_POLICY_PREFIX = "BERTH_BOOKING_POLICY_";
    public static final String LEVEL_PREFIX = "BERTH_LEVEL_";
    public static final String SMTP_HOST = "BERTH_SMTP_HOST";
    public static final String SMTP_PORT = "BERTH_SMTP_PORT";
    public static final String SMTP_USER = "BERTH_SMTP_USER";
    public static final String SMTP_PASSWORD = "BERTH_SMTP_PASSWORD";
    public static final String SMTP_STARTTLS = "BERTH_SMTP_STARTTLS";
    public static final String MAIL_FROM = "BERTH_MAIL_FROM";
    public static final String PROVIDER_SETTING_PREFIX = "BERTH_PROVIDER_";
    public static final String SECRET_PREFIX = "BERTH_SECRET_";

    /** The local provider's setting that {@code BERTH_SCRIPT_ROOT} supplies unless set explicitly. */
    static final String LOCAL_PROVIDER = "local";
    static final String LOCAL_SCRIPT_ROOT = "script.root";

    private static final Pattern PROVIDER_NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?");
    private static final Set<String> KNOWN_SCHEMES = Set.of("https", "http", "file");

    public ServerConfig {
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(dbUser, "dbUser is null");
        requireNonNull(dbPassword, "dbPassword is null");
        providers = List.copyOf(providers);
        requireNonNull(scriptRoot, "scriptRoot is null");
        requireNonNull(lease, "lease is null");
        fetchSchemes = Set.copyOf(fetchSchemes);
        Map<String, Map<String, String>> copy = new TreeMap<>();
        providerSettings.forEach((name, settings) -> copy.put(name, Map.copyOf(settings)));
        providerSettings = Map.copyOf(copy);
        secrets = Map.copyOf(secrets);
        requireNonNull(timeZone, "timeZone is null");
        requireNonNull(offerHold, "offerHold is null");
        requireNonNull(queueSweep, "queueSweep is null");
        requireNonNull(bookingPolicies, "bookingPolicies is null");
        requireNonNull(mail, "mail is null");
        requireNonNull(accountLevels, "accountLevels is null");
        requireNonNull(signIn, "signIn is null");
    }

    /** The configuration of the process's own environment. */
    public static ServerConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Reads the configuration from variables.
     *
     * @throws ConfigException naming the first variable with a bad value
     */
    public static ServerConfig fromEnvironment(Map<String, String> env) {
        requireNonNull(env, "env is null");
        Reader reader = new Reader(env);
        int port = reader.integer(PORT, 8080, 0, 65535);
        Path dataDir = reader.path(DATA_DIR, Path.of("data"));
        String dbUrl = reader.text(DB_URL).orElse(null);
        if (dbUrl != null && !dbUrl.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:")
                && !dbUrl.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:")) {
            throw new ConfigException(DB_URL + " must be a jdbc:postgresql: or jdbc:h2: URL");
        }
        String dbUser = reader.text(DB_USER).orElse("");
        String dbPassword = env.getOrDefault(DB_PASSWORD, "");
        int poolSize = reader.integer(DB_POOL_SIZE, 10, 1, 500);
        List<String> providers = reader.providers();
        Path scriptRoot = reader.path(SCRIPT_ROOT, dataDir.resolve("scripts"));
        int workers = reader.integer(EXECUTOR_WORKERS, 4, 1, 256);
        int leaseSeconds = reader.integer(LEASE_SECONDS, 30, 2, 3600);
        Set<String> schemes = reader.schemes();
        boolean demo = reader.bool(DEMO_CATALOG, true);
        Map<String, Map<String, String>> settings = providerSettings(env, providers);
        if (providers.contains(LOCAL_PROVIDER)) {
            settings.computeIfAbsent(LOCAL_PROVIDER, k -> new TreeMap<>())
                    .putIfAbsent(LOCAL_SCRIPT_ROOT, scriptRoot.toString());
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(reader.text(TIME_ZONE).orElse("UTC"));
        } catch (DateTimeException e) {
            throw new ConfigException(TIME_ZONE + " must be a time zone such as UTC or Europe/London: "
                    + env.get(TIME_ZONE));
        }
        int holdMinutes = reader.integer(OFFER_HOLD_MINUTES, 15, 1, 7 * 24 * 60);
        int sweepSeconds = reader.integer(QUEUE_SWEEP_SECONDS, 30, 1, 3600);
        return new ServerConfig(port, dataDir, dbUrl, dbUser, dbPassword, poolSize, providers, scriptRoot, workers,
                Duration.ofSeconds(leaseSeconds), schemes, demo, settings, secrets(env), zone,
                Duration.ofMinutes(holdMinutes), Duration.ofSeconds(sweepSeconds), bookingPolicies(env),
                mail(reader, env, dataDir), accountLevels(env), SignInConfig.fromEnvironment(env));
    }

    /** A secret by the name a provider asks for: {@code kubernetes.token} is {@code BERTH_SECRET_KUBERNETES_TOKEN}. */
    public Optional<String> secret(String name) {
        return Optional.ofNullable(secrets.get(variablePart(name)));
    }

    /** The settings of one provider, empty when none are configured. */
    public Map<String, String> providerSettings(String provider) {
        return providerSettings.getOrDefault(provider, Map.of());
    }

    /** The admin key file, {@code <data>/admin-key}. */
    public Path adminKeyFile() {
        return dataDir.resolve("admin-key");
    }

    public ServerConfig withPort(int port) {
        return new ServerConfig(port, dataDir, dbUrl, dbUser, dbPassword, dbPoolSize, providers, scriptRoot,
                executorWorkers, lease, fetchSchemes, demoCatalog, providerSettings, secrets, timeZone, offerHold,
                queueSweep, bookingPolicies, mail, accountLevels, signIn);
    }

    public ServerConfig withDemoCatalog(boolean demoCatalog) {
        return new ServerConfig(port, dataDir, dbUrl, dbUser, dbPassword, dbPoolSize, providers, scriptRoot,
                executorWorkers, lease, fetchSchemes, demoCatalog, providerSettings, secrets, timeZone, offerHold,
                queueSweep, bookingPolicies, mail, accountLevels, signIn);
    }

    /** Passwords and secrets are left out, so that the configuration can be logged. */
    @Override
    public String toString() {
        return "ServerConfig[port=" + port + ", dataDir=" + dataDir + ", dbUrl=" + (dbUrl == null ? "<h2 file>" : dbUrl)
                + ", dbUser=" + dbUser + ", dbPassword=" + (dbPassword.isEmpty() ? "<none>" : "<hidden>")
                + ", dbPoolSize=" + dbPoolSize + ", providers=" + providers + ", scriptRoot=" + scriptRoot
                + ", executorWorkers=" + executorWorkers + ", lease=" + lease + ", fetchSchemes=" + fetchSchemes
                + ", demoCatalog=" + demoCatalog + ", providerSettings=" + providerSettings.keySet()
                + ", secrets=" + secrets.keySet() + ", timeZone=" + timeZone + ", offerHold=" + offerHold
                + ", queueSweep=" + queueSweep + ", mail=" + mail + ", publicUrl="
                + (signIn.publicUrl() == null ? "<http://localhost:port>" : signIn.publicUrl()) + ", sites="
                + signIn.sites().keySet() + "]";
    }

    private static MailSettings mail(Reader reader, Map<String, String> env, Path dataDir) {
        String host = reader.text(SMTP_HOST).orElse(null);
        int port = reader.integer(SMTP_PORT, 587, 1, 65535);
        String from = reader.text(MAIL_FROM).orElse("berth@localhost");
        try {
            new jakarta.mail.internet.InternetAddress(from, true).validate();
        } catch (jakarta.mail.internet.AddressException e) {
            throw new ConfigException(MAIL_FROM + " must be an email address: " + env.get(MAIL_FROM));
        }
        return new MailSettings(host, port, reader.text(SMTP_USER).orElse(""), env.getOrDefault(SMTP_PASSWORD, ""),
                reader.bool(SMTP_STARTTLS, true), from, dataDir.resolve("outbox"));
    }

    /** The default quotas, with the levels named by {@code BERTH_LEVEL_<LEVEL>} replaced. */
    static AccountLevels accountLevels(Map<String, String> env) {
        AccountLevels levels = AccountLevels.defaults();
        for (Map.Entry<String, String> entry : new TreeMap<>(env).entrySet()) {
            String variable = entry.getKey();
            if (!variable.startsWith(LEVEL_PREFIX) || entry.getValue().isBlank()) {
                continue;
            }
            int level;
            try {
                level = Integer.parseInt(variable.substring(LEVEL_PREFIX.length()));
            } catch (NumberFormatException e) {
                throw new ConfigException(variable + ": the level must be a number, as in " + LEVEL_PREFIX + "1");
            }
            if (level < 0 || level > 99) {
                throw new ConfigException(variable + ": the level must be from 0 to 99");
            }
            levels = levels.with(quotas(variable, level, entry.getValue().strip(), levels.quotasFor(level)));
        }
        return levels;
    }

    /** Quotas of one level: the keys given replace those of {@code base} (what the level had before). */
    private static LevelQuotas quotas(String variable, int level, String text, LevelQuotas base) {
        LevelQuotas.StorageQuota notebooks = base.notebooks();
        LevelQuotas.StorageQuota saved = base.savedData();
        LevelQuotas.StorageQuota temp = base.tempData();
        int tempDays = base.retention().tempDataDays();
        Integer savedMonths = base.retention().savedDataMonths();
        Integer notebookMonths = base.retention().notebookMonths();
        String pkg = base.defaultPackage();
        for (String part : text.split(",")) {
            String[] pair = part.strip().split("=", 2);
            if (pair.length != 2) {
                throw new ConfigException(variable + ": expected key=value pairs separated by commas, not '" + part + "'");
            }
            String key = pair[0].strip();
            String value = pair[1].strip();
            try {
                switch (key) {
                    case "notebooks" -> notebooks = storage(value);
                    case "saved" -> saved = storage(value);
                    case "temp" -> temp = storage(value);
                    case "temp-days" -> tempDays = Integer.parseInt(value);
                    case "saved-months" -> savedMonths = value.equals("keep") ? null : Integer.valueOf(value);
                    case "notebook-months" -> notebookMonths = value.equals("keep") ? null : Integer.valueOf(value);
                    case "package" -> pkg = value;
                    default -> throw new ConfigException(variable + ": unknown key '" + key + "'; the keys are"
                            + " notebooks, saved, temp, temp-days, saved-months, notebook-months, package");
                }
            } catch (ConfigException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ConfigException(variable + ": bad value for " + key + ": '" + value + "'");
            }
        }
        try {
            return new LevelQuotas(level, notebooks, saved, temp,
                    new LevelQuotas.Retention(tempDays, savedMonths, notebookMonths), pkg);
        } catch (RuntimeException e) {
            throw new ConfigException(variable + ": " + e.getMessage());
        }
    }

    /** {@code 50x1024}: 50 items of at most 1024 MiB. */
    private static LevelQuotas.StorageQuota storage(String value) {
        String[] parts = value.split("x", 2);
        return new LevelQuotas.StorageQuota(Integer.parseInt(parts[0].strip()), Long.parseLong(parts[1].strip()));
    }

    /** The default policies, with the levels named by {@code BERTH_BOOKING_POLICY_<LEVEL>} replaced. */
    static BookingPolicies bookingPolicies(Map<String, String> env) {
        Map<Integer, BookingPolicy> byLevel = new TreeMap<>();
        BookingPolicies.defaults().policies().forEach(p -> byLevel.put(p.level(), p));
        for (Map.Entry<String, String> entry : new TreeMap<>(env).entrySet()) {
            String variable = entry.getKey();
            if (!variable.startsWith(BOOKING_POLICY_PREFIX) || entry.getValue().isBlank()) {
                continue;
            }
            int level;
            try {
                level = Integer.parseInt(variable.substring(BOOKING_POLICY_PREFIX.length()));
            } catch (NumberFormatException e) {
                throw new ConfigException(variable + ": the level must be a number, as in " + BOOKING_POLICY_PREFIX + "1");
            }
            if (level < 0 || level > 99) {
                throw new ConfigException(variable + ": the level must be from 0 to 99");
            }
            byLevel.put(level, policy(variable, level, entry.getValue().strip()));
        }
        return new BookingPolicies(byLevel.values());
    }

    private static BookingPolicy policy(String variable, int level, String text) {
        if (text.equals("none")) {
            return BookingPolicy.noBooking(level);
        }
        Duration maxAhead = Duration.ofDays(30);
        int maxConcurrent = 1;
        Duration window = Duration.ofDays(1);
        Map<String, Duration> packages = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String[] pair = part.strip().split("=", 2);
            if (pair.length != 2 || pair[0].isBlank()) {
                throw new ConfigException(variable + ": expected key=value pairs separated by commas, not '" + part + "'");
            }
            String key = pair[0].strip();
            String value = pair[1].strip();
            try {
                switch (key) {
                    case "max-ahead" -> maxAhead = duration(value);
                    case "max-concurrent" -> maxConcurrent = Integer.parseInt(value);
                    case "extension-window" -> window = duration(value);
                    default -> packages.put(key, duration(value));
                }
            } catch (RuntimeException e) {
                throw new ConfigException(variable + ": bad value for " + key + ": '" + value + "' (durations are like 14d,"
                        + " 6h or P14D)");
            }
        }
        if (packages.isEmpty()) {
            throw new ConfigException(variable + ": name at least one package with its longest booking, e.g. small=14d");
        }
        try {
            return new BookingPolicy(level, true, packages, maxAhead, maxConcurrent, window);
        } catch (RuntimeException e) {
            throw new ConfigException(variable + ": " + e.getMessage());
        }
    }

    private static Duration duration(String text) {
        if (text.endsWith("d")) {
            return Duration.ofDays(Long.parseLong(text.substring(0, text.length() - 1)));
        }
        if (text.endsWith("h")) {
            return Duration.ofHours(Long.parseLong(text.substring(0, text.length() - 1)));
        }
        return Duration.parse(text);
    }

    private static Map<String, Map<String, String>> providerSettings(Map<String, String> env, List<String> providers) {
        // Longest prefix first, so that provider "a-b" is not mistaken for provider "a" with key "b.…".
        List<String> byPrefixLength = new ArrayList<>(providers);
        byPrefixLength.sort(Comparator.comparingInt(String::length).reversed());
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        for (String provider : providers) {
            result.put(provider, new TreeMap<>());
        }
        for (Map.Entry<String, String> entry : new TreeMap<>(env).entrySet()) {
            String variable = entry.getKey();
            if (!variable.startsWith(PROVIDER_SETTING_PREFIX)) {
                continue;
            }
            for (String provider : byPrefixLength) {
                String prefix = PROVIDER_SETTING_PREFIX + variablePart(provider) + "_";
                if (variable.startsWith(prefix) && variable.length() > prefix.length()) {
                    String key = variable.substring(prefix.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                    result.get(provider).put(key, entry.getValue());
                    break;
                }
            }
        }
        return result;
    }

    private static Map<String, String> secrets(Map<String, String> env) {
        Map<String, String> secrets = new TreeMap<>();
        env.forEach((variable, value) -> {
            if (variable.startsWith(SECRET_PREFIX) && variable.length() > SECRET_PREFIX.length()) {
                secrets.put(variable.substring(SECRET_PREFIX.length()), value);
            }
        });
        return secrets;
    }

    /** {@code my-provider.x} as it appears in a variable name: {@code MY_PROVIDER_X}. */
    static String variablePart(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            out.append(c < 128 && Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return out.toString();
    }

    /** A start-up error caused by a bad configuration value; the message names the variable. */
    public static final class ConfigException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ConfigException(String message) {
            super(message);
        }
    }

    private static final class Reader {
        private final Map<String, String> env;

        Reader(Map<String, String> env) {
            this.env = env;
        }

        Optional<String> text(String variable) {
            String value = env.get(variable);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
        }

        int integer(String variable, int defaultValue, int min, int max) {
            Optional<String> text = text(variable);
            if (text.isEmpty()) {
                return defaultValue;
            }
            int value;
            try {
                value = Integer.parseInt(text.get());
            } catch (NumberFormatException e) {
                throw new ConfigException(variable + " must be a whole number from " + min + " to " + max
                        + ", was '" + shorten(text.get()) + "'");
            }
            if (value < min || value > max) {
                throw new ConfigException(variable + " must be from " + min + " to " + max + ", was " + value);
            }
            return value;
        }

        Path path(String variable, Path defaultValue) {
            Optional<String> text = text(variable);
            Path path;
            try {
                path = text.isEmpty() ? defaultValue : Path.of(text.get());
            } catch (InvalidPathException e) {
                throw new ConfigException(variable + " is not a valid path: '" + shorten(text.get()) + "'");
            }
            return path.toAbsolutePath().normalize();
        }

        boolean bool(String variable, boolean defaultValue) {
            Optional<String> text = text(variable);
            if (text.isEmpty()) {
                return defaultValue;
            }
            return switch (text.get().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new ConfigException(variable + " must be true or false, was '"
                        + shorten(text.get()) + "'");
            };
        }

        List<String> providers() {
            List<String> names = list(PROVIDER).orElse(List.of(LOCAL_PROVIDER));
            if (names.isEmpty()) {
                throw new ConfigException(PROVIDER + " must name at least one provider, e.g. 'local'");
            }
            Set<String> unique = new LinkedHashSet<>();
            for (String name : names) {
                if (!PROVIDER_NAME.matcher(name).matches()) {
                    throw new ConfigException(PROVIDER + " has an invalid provider name '" + shorten(name)
                            + "' (lower-case letters, digits, '.', '_', '-')");
                }
                if (!unique.add(name)) {
                    throw new ConfigException(PROVIDER + " names '" + name + "' twice");
                }
            }
            return List.copyOf(unique);
        }

        Set<String> schemes() {
            Optional<String> text = text(FETCH_SCHEMES);
            if (text.isEmpty()) {
                return Set.of("https");
            }
            if (text.get().equalsIgnoreCase("none")) {
                return Set.of();
            }
            Set<String> schemes = new LinkedHashSet<>();
            for (String scheme : list(FETCH_SCHEMES).orElse(List.of())) {
                String lower = scheme.toLowerCase(Locale.ROOT);
                if (!KNOWN_SCHEMES.contains(lower)) {
                    throw new ConfigException(FETCH_SCHEMES + " may list https, http and file; '" + shorten(scheme)
                            + "' is none of them");
                }
                schemes.add(lower);
            }
            return schemes;
        }

        private Optional<List<String>> list(String variable) {
            String raw = env.get(variable);
            if (raw == null || raw.isBlank()) {
                return Optional.empty();
            }
            List<String> items = new ArrayList<>();
            for (String part : raw.split(",", -1)) {
                String item = part.strip();
                if (item.isEmpty()) {
                    throw new ConfigException(variable + " has an empty entry: '" + shorten(raw) + "'");
                }
                items.add(item);
            }
            return Optional.of(items);
        }

        private static String shorten(String value) {
            return value.length() <= 80 ? value : value.substring(0, 80) + "...";
        }
    }
}
