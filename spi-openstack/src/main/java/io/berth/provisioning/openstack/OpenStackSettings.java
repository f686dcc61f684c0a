package io.berth.provisioning.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.berth.core.error.ErrorCode;
import io.berth.provisioning.spi.ProviderException;
import io.berth.provisioning.spi.SecretResolver;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The OpenStack provider's settings, read from {@code BERTH_PROVIDER_OPENSTACK_*} (see
 * {@link io.berth.provisioning.spi.ProviderFactory#create}) and, where {@code clouds.file} names one, from a
 * {@code clouds.yaml}-style file; a setting given directly wins over the file.
 *
 * @param authUrl                Keystone's v3 URL, e.g. {@code https://cloud.example.org:5000/v3}
 * @param region                 the region whose endpoints are used; null: the first endpoint of each service
 * @param credentials            how Berth logs in
 * @param clusterTemplate        the Magnum cluster template (name or id) for {@code openstack-cluster} tasks; may be null
 * @param flavors                flavor names in order of preference; empty: every flavor, smallest first
 * @param image                  the image (name or id) for servers; may be null
 * @param network                the network (id) servers attach to; may be null
 * @param securityGroup          the security group of servers; may be null
 * @param keypairPrefix          the prefix of key pair names Berth makes from users' SSH keys
 * @param waitTimeout            the longest wait for one object to become ready or gone
 * @param pollInterval           how often an object's status is read while waiting
 * @param blazarEnabled          whether {@code openstack-lease} tasks may run
 * @param maxNodes               the largest node (or server) count a task may ask for
 */
public record OpenStackSettings(
        String authUrl,
        String region,
        Credentials credentials,
        String clusterTemplate,
        List<String> flavors,
        String image,
        String network,
        String securityGroup,
        String keypairPrefix,
        Duration waitTimeout,
        Duration pollInterval,
        boolean blazarEnabled,
        int maxNodes) {

    /** Setting names. */
    public static final String AUTH_URL = "auth.url";
    public static final String REGION = "region";
    public static final String APPLICATION_CREDENTIAL_ID = "application.credential.id";
    public static final String APPLICATION_CREDENTIAL_SECRET = "application.credential.secret";
    public static final String USERNAME = "username";
    public static final String PASSWORD_SECRET = "password.secret";
    public static final String PROJECT_NAME = "project.name";
    public static final String PROJECT_ID = "project.id";
    public static final String USER_DOMAIN = "user.domain";
    public static final String PROJECT_DOMAIN = "project.domain";
    public static final String CLUSTER_TEMPLATE = "cluster.template";
    public static final String FLAVORS = "flavors";
    public static final String IMAGE = "image";
    public static final String NETWORK = "network";
    public static final String SECURITY_GROUP = "security.group";
    public static final String KEYPAIR_PREFIX = "keypair.prefix";
    public static final String WAIT_TIMEOUT = "wait.timeout";
    public static final String POLL_INTERVAL = "poll.interval";
    public static final String BLAZAR_ENABLED = "blazar.enabled";
    public static final String MAX_NODES = "max.nodes";
    public static final String CLOUDS_FILE = "clouds.file";
    public static final String CLOUD = "cloud";

    /** The secret names used when the settings name none. */
    public static final String DEFAULT_APPLICATION_SECRET = "openstack-app-secret";
    public static final String DEFAULT_PASSWORD_SECRET = "openstack-password";

    private static final Set<String> KNOWN = Set.of(AUTH_URL, REGION, APPLICATION_CREDENTIAL_ID,
            APPLICATION_CREDENTIAL_SECRET, USERNAME, PASSWORD_SECRET, PROJECT_NAME, PROJECT_ID, USER_DOMAIN,
            PROJECT_DOMAIN, CLUSTER_TEMPLATE, FLAVORS, IMAGE, NETWORK, SECURITY_GROUP, KEYPAIR_PREFIX, WAIT_TIMEOUT,
            POLL_INTERVAL, BLAZAR_ENABLED, MAX_NODES, CLOUDS_FILE, CLOUD);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/ -]{0,254}");
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9-]{0,15}");

    public OpenStackSettings {
        requireNonNull(authUrl, "authUrl is null");
        requireNonNull(credentials, "credentials is null");
        flavors = List.copyOf(flavors);
        requireNonNull(keypairPrefix, "keypairPrefix is null");
        requireNonNull(waitTimeout, "waitTimeout is null");
        requireNonNull(pollInterval, "pollInterval is null");
    }

    /** How Berth logs in to Keystone. Its {@code toString()} never shows a secret. */
    public sealed interface Credentials permits ApplicationCredential, Password {
    }

    /** An application credential: its id and its secret. */
    public record ApplicationCredential(String id, String secret) implements Credentials {
        public ApplicationCredential {
            requireNonNull(id, "id is null");
            requireNonNull(secret, "secret is null");
        }

        @Override
        public String toString() {
            return "ApplicationCredential[id=" + id + ", secret=***]";
        }
    }

    /** A user and password, scoped to one project (by id, or by name within its domain). */
    public record Password(String username, String password, String userDomain, String projectId,
                           String projectName, String projectDomain) implements Credentials {
        public Password {
            requireNonNull(username, "username is null");
            requireNonNull(password, "password is null");
            requireNonNull(userDomain, "userDomain is null");
            requireNonNull(projectDomain, "projectDomain is null");
            if (projectId == null && projectName == null) {
                throw new NullPointerException("projectId and projectName are null");
            }
        }

        @Override
        public String toString() {
            return "Password[username=" + username + ", password=***, userDomain=" + userDomain + ", projectId="
                    + projectId + ", projectName=" + projectName + ", projectDomain=" + projectDomain + "]";
        }
    }

    /**
     * Reads the settings.
     *
     * @throws ProviderException with {@link ErrorCode#INVALID_REQUEST} naming the setting that is missing or
     *                           wrong, or the secret that is not configured
     */
    public static OpenStackSettings parse(Map<String, String> given, SecretResolver secrets) {
        requireNonNull(given, "settings is null");
        requireNonNull(secrets, "secrets is null");
        for (String key : given.keySet()) {
            if (!KNOWN.contains(key)) {
                throw invalid("unknown OpenStack setting '" + key + "'; known settings: " + new java.util.TreeSet<>(KNOWN));
            }
        }
        Map<String, String> settings = new HashMap<>(fromCloudsFile(given));
        given.forEach((key, value) -> {
            if (value != null && !value.isBlank()) {
                settings.put(key, value.strip());
            }
        });
        String authUrl = url(settings.get(AUTH_URL));
        String region = optionalName(settings, REGION);
        Credentials credentials = credentials(settings, secrets);
        List<String> flavors = new ArrayList<>();
        if (settings.containsKey(FLAVORS)) {
            for (String flavor : settings.get(FLAVORS).split(",")) {
                if (!flavor.isBlank()) {
                    flavors.add(checkName(FLAVORS, flavor.strip()));
                }
            }
        }
        String prefix = settings.getOrDefault(KEYPAIR_PREFIX, "berth");
        if (!PREFIX.matcher(prefix).matches()) {
            throw invalid(KEYPAIR_PREFIX + " must be 1-16 lower-case letters, digits or '-', starting with a letter: '"
                    + prefix + "'");
        }
        Duration waitTimeout = duration(settings, WAIT_TIMEOUT, Duration.ofMinutes(30));
        Duration pollInterval = duration(settings, POLL_INTERVAL, Duration.ofSeconds(10));
        if (pollInterval.compareTo(waitTimeout) > 0) {
            throw invalid(POLL_INTERVAL + " (" + pollInterval + ") must not be longer than " + WAIT_TIMEOUT + " ("
                    + waitTimeout + ")");
        }
        int maxNodes = integer(settings, MAX_NODES, 20, 1, 1000);
        return new OpenStackSettings(authUrl, region, credentials, optionalName(settings, CLUSTER_TEMPLATE), flavors,
                optionalName(settings, IMAGE), optionalName(settings, NETWORK), optionalName(settings, SECURITY_GROUP),
                prefix, waitTimeout, pollInterval, bool(settings, BLAZAR_ENABLED), maxNodes);
    }

    private static Credentials credentials(Map<String, String> settings, SecretResolver secrets) {
        String applicationId = settings.get(APPLICATION_CREDENTIAL_ID);
        String username = settings.get(USERNAME);
        if (applicationId != null && username != null) {
            throw invalid("set either " + APPLICATION_CREDENTIAL_ID + " or " + USERNAME + ", not both");
        }
        if (applicationId != null) {
            String secretName = settings.getOrDefault(APPLICATION_CREDENTIAL_SECRET, DEFAULT_APPLICATION_SECRET);
            String secret = fromFile(settings, APPLICATION_CREDENTIAL_SECRET) ? settings.get(CLOUD_SECRET)
                    : secrets.secret(secretName).orElseThrow(() -> invalid("the secret '" + secretName + "' named by "
                    + APPLICATION_CREDENTIAL_SECRET + " is not configured"));
            return new ApplicationCredential(checkName(APPLICATION_CREDENTIAL_ID, applicationId), secret);
        }
        if (username != null) {
            String secretName = settings.getOrDefault(PASSWORD_SECRET, DEFAULT_PASSWORD_SECRET);
            String password = fromFile(settings, PASSWORD_SECRET) ? settings.get(CLOUD_SECRET)
                    : secrets.secret(secretName).orElseThrow(() -> invalid("the secret '" + secretName + "' named by "
                    + PASSWORD_SECRET + " is not configured"));
            String projectId = optionalName(settings, PROJECT_ID);
            String projectName = optionalName(settings, PROJECT_NAME);
            if (projectId == null && projectName == null) {
                throw invalid(USERNAME + " needs " + PROJECT_NAME + " or " + PROJECT_ID + " to scope the login");
            }
            return new Password(checkName(USERNAME, username), password,
                    settings.getOrDefault(USER_DOMAIN, "Default"), projectId, projectName,
                    settings.getOrDefault(PROJECT_DOMAIN, "Default"));
        }
        throw invalid("set " + APPLICATION_CREDENTIAL_ID + " (with the secret " + DEFAULT_APPLICATION_SECRET + ") or "
                + USERNAME + " (with the secret " + DEFAULT_PASSWORD_SECRET + " and " + PROJECT_NAME + ")");
    }

    /** Whether the secret comes from the clouds file: it has one, and no secret name was set directly. */
    private static boolean fromFile(Map<String, String> settings, String secretSetting) {
        return settings.containsKey(CLOUD_SECRET) && !settings.containsKey(secretSetting);
    }

    /** Where a secret read from a clouds file is kept among the settings; never a user-visible name. */
    private static final String CLOUD_SECRET = "\0cloud.secret";

    /**
     * The settings of one cloud of a {@code clouds.yaml}-style file: {@code clouds.<cloud>.auth.auth_url},
     * {@code region_name}, and either {@code application_credential_id}/{@code _secret} or
     * {@code username}/{@code password}/{@code project_name}/{@code project_id}/{@code user_domain_name}/
     * {@code project_domain_name}.
     */
    private static Map<String, String> fromCloudsFile(Map<String, String> given) {
        String file = given.get(CLOUDS_FILE);
        if (file == null || file.isBlank()) {
            if (given.containsKey(CLOUD)) {
                throw invalid(CLOUD + " needs " + CLOUDS_FILE);
            }
            return Map.of();
        }
        String cloudName = given.get(CLOUD);
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(Path.of(file.strip())));
        } catch (IOException | RuntimeException e) {
            throw invalid(CLOUDS_FILE + " '" + file + "' cannot be read as YAML: " + e.getClass().getSimpleName());
        }
        JsonNode clouds = root == null ? null : root.path("clouds");
        if (clouds == null || !clouds.isObject() || clouds.isEmpty()) {
            throw invalid(CLOUDS_FILE + " '" + file + "' has no 'clouds' map");
        }
        if (cloudName == null || cloudName.isBlank()) {
            if (clouds.size() != 1) {
                throw invalid(CLOUDS_FILE + " '" + file + "' has several clouds; choose one with " + CLOUD);
            }
            cloudName = clouds.fieldNames().next();
        }
        JsonNode cloud = clouds.path(cloudName.strip());
        if (!cloud.isObject()) {
            throw invalid(CLOUD + " '" + cloudName + "' is not in " + CLOUDS_FILE + " '" + file + "'");
        }
        JsonNode auth = cloud.path("auth");
        Map<String, String> settings = new HashMap<>();
        copy(auth, "auth_url", settings, AUTH_URL);
        copy(cloud, "region_name", settings, REGION);
        copy(auth, "application_credential_id", settings, APPLICATION_CREDENTIAL_ID);
        copy(auth, "username", settings, USERNAME);
        copy(auth, "project_name", settings, PROJECT_NAME);
        copy(auth, "project_id", settings, PROJECT_ID);
        copy(auth, "user_domain_name", settings, USER_DOMAIN);
        copy(auth, "project_domain_name", settings, PROJECT_DOMAIN);
        String secret = auth.path("application_credential_secret").asText(auth.path("password").asText(""));
        if (!secret.isEmpty()) {
            settings.put(CLOUD_SECRET, secret);
        }
        return settings;
    }

    private static void copy(JsonNode from, String field, Map<String, String> to, String setting) {
        JsonNode value = from.path(field);
        if (value.isValueNode() && !value.asText().isBlank()) {
            to.put(setting, value.asText().strip());
        }
    }

    private static String url(String value) {
        if (value == null) {
            throw invalid(AUTH_URL + " is required (Keystone's v3 URL, e.g. https://cloud.example.org:5000/v3)");
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw invalid(AUTH_URL + " must be an http or https URL: '" + value + "'");
            }
        } catch (URISyntaxException e) {
            throw invalid(AUTH_URL + " is not a URL: '" + value + "'");
        }
        String url = CloudHttp.trimSlash(value);
        return url.endsWith("/v3") ? url : url + "/v3";
    }

    private static String optionalName(Map<String, String> settings, String key) {
        String value = settings.get(key);
        return value == null ? null : checkName(key, value);
    }

    private static String checkName(String key, String value) {
        if (!NAME.matcher(value).matches()) {
            throw invalid(key + " must be 1-255 letters, digits, spaces or ._:/- characters: '" + value + "'");
        }
        return value;
    }

    static Duration duration(Map<String, String> settings, String key, Duration fallback) {
        String value = settings.get(key);
        if (value == null) {
            return fallback;
        }
        Duration duration;
        try {
            if (value.matches("\\d{1,9}")) {
                duration = Duration.ofSeconds(Long.parseLong(value));
            } else if (value.matches("\\d{1,9}ms")) {
                duration = Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            } else {
                duration = Duration.parse(value.toUpperCase(Locale.ROOT));
            }
        } catch (DateTimeParseException e) {
            throw invalid(key + " must be seconds, milliseconds like 500ms, or an ISO-8601 duration like PT10M: '"
                    + value + "'");
        }
        if (duration.isZero() || duration.isNegative() || duration.compareTo(Duration.ofDays(1)) > 0) {
            throw invalid(key + " must be positive and at most one day: '" + value + "'");
        }
        return duration;
    }

    static int integer(Map<String, String> settings, String key, int fallback, int min, int max) {
        String value = settings.get(key);
        if (value == null) {
            return fallback;
        }
        int number;
        try {
            number = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw invalid(key + " must be a whole number: '" + value + "'");
        }
        if (number < min || number > max) {
            throw invalid(key + " must be between " + min + " and " + max + ": " + number);
        }
        return number;
    }

    private static boolean bool(Map<String, String> settings, String key) {
        String value = settings.getOrDefault(key, "false").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw invalid(key + " must be true or false: '" + value + "'");
        };
    }

    private static ProviderException invalid(String message) {
        return new ProviderException(ErrorCode.INVALID_REQUEST, "OpenStack provider: " + message);
    }
}
