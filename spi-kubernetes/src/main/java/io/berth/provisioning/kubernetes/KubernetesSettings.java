package io.berth.provisioning.kubernetes;

import io.berth.core.error.ErrorCode;
import io.berth.provisioning.spi.ProviderException;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The parsed settings of the Kubernetes provider; see {@link KubernetesProviderFactory} for their names and
 * meaning.
 *
 * @param kubeconfig           the kubeconfig file, or null to use the service account ({@code in.cluster}) or
 *                             fabric8's usual search
 * @param inCluster            whether to use the pod's service account
 * @param context              the kubeconfig context, or null for its current one
 * @param namespacePrefix      prefix of every namespace Berth creates
 * @param sharing              how deployments share the cluster
 * @param reservedNodeSelector node labels a reserved deployment's pods must match; empty when not set
 * @param reservedTaint        the taint of reserved nodes that reserved pods tolerate, or null
 * @param reservedContext      the kubeconfig context of a separate cluster for reserved deployments, or null
 * @param imageCatalog         the operator's image catalog file, or null for the built-in one
 * @param storageClass         storage class of the user volume; null: no user volume
 * @param examplesClaim        name of a read-only examples claim to mount when it exists, or null
 * @param waitTimeout          the longest a task waits for its pods, whatever its own timeout
 * @param nodeSelector         default label selector for capacity discovery, or null for all nodes
 * @param pollInterval         how often a waiting task reads pods and events
 * @param clusterKubeconfigDir the folder of per-deployment kubeconfig files ({@code cluster.kubeconfig.dir}), or
 *                             null: every deployment runs on the default cluster. When a task of deployment
 *                             {@code <id>} runs and {@code <dir>/berth-<id>.yaml} (with the task setting
 *                             {@code cluster.group}: {@code berth-<id>-<group>.yaml}) is a regular file, all objects
 *                             of that task go to the cluster of that kubeconfig (its current context), as the
 *                             OpenStack provider's {@code openstack-cluster} task writes them into
 *                             {@code <its work directory>/kubeconfig}; otherwise they go to the default cluster.
 *                             Capacity discovery and the provider's own health check always use the default
 *                             cluster.
 */
record KubernetesSettings(
        Path kubeconfig,
        boolean inCluster,
        String context,
        String namespacePrefix,
        Sharing sharing,
        Map<String, String> reservedNodeSelector,
        Taint reservedTaint,
        String reservedContext,
        Path imageCatalog,
        String storageClass,
        String examplesClaim,
        Duration waitTimeout,
        String nodeSelector,
        Duration pollInterval,
        Path clusterKubeconfigDir) {

    static final String DEFAULT_PREFIX = "berth-";
    static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofMinutes(10);
    static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
    static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(20);
    static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(10);

    private static final Pattern PREFIX = Pattern.compile("[a-z]([a-z0-9-]{0,18})");
    private static final Pattern DNS_NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern CONTEXT = Pattern.compile("[A-Za-z0-9@._:/-]{1,253}");
    private static final Pattern LABEL_KEY = Pattern.compile("([a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?/)?"
            + "[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?)?");
    private static final Pattern SELECTOR_TERM = Pattern.compile("!?" + LABEL_KEY.pattern()
            + "((==?|!=)" + LABEL_VALUE.pattern() + ")?");

    KubernetesSettings {
        requireNonNull(namespacePrefix, "namespacePrefix is null");
        requireNonNull(sharing, "sharing is null");
        reservedNodeSelector = Map.copyOf(requireNonNull(reservedNodeSelector, "reservedNodeSelector is null"));
        requireNonNull(waitTimeout, "waitTimeout is null");
        requireNonNull(pollInterval, "pollInterval is null");
    }

    /** How deployments share the cluster. */
    enum Sharing {
        /** One namespace {@code <prefix>shared}; each deployment's objects carry its name and labels. */
        SHARED,
        /** A namespace per deployment; the scheduler places the pods by load. */
        MANAGED,
        /** A namespace per deployment on dedicated nodes (selector and taint) or a separate cluster. */
        RESERVED
    }

    /**
     * A node taint that reserved pods tolerate, written {@code key=value:Effect} or {@code key:Effect}.
     *
     * @param value null for a taint without value (tolerated with operator {@code Exists})
     */
    record Taint(String key, String value, String effect) {
        static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");
    }

    /**
     * @throws ProviderException with {@link ErrorCode#INVALID_REQUEST} for an unknown name or a bad value
     */
    static KubernetesSettings parse(Map<String, String> settings) {
        requireNonNull(settings, "settings is null");
        Set<String> unknown = new TreeSet<>(settings.keySet());
        unknown.removeAll(KubernetesProviderFactory.SETTINGS);
        if (!unknown.isEmpty()) {
            // A misspelt setting would otherwise be ignored silently and its default used.
            throw invalid("unknown settings " + unknown + "; the kubernetes provider reads "
                    + new TreeSet<>(KubernetesProviderFactory.SETTINGS));
        }
        Path kubeconfig = path(settings, KubernetesProviderFactory.KUBECONFIG);
        boolean inCluster = bool(settings, KubernetesProviderFactory.IN_CLUSTER);
        if (kubeconfig != null && inCluster) {
            throw invalid(KubernetesProviderFactory.KUBECONFIG + " and " + KubernetesProviderFactory.IN_CLUSTER
                    + "=true exclude each other: choose a kubeconfig file or the pod's service account");
        }
        String context = context(settings, KubernetesProviderFactory.CONTEXT);
        String reservedContext = context(settings, KubernetesProviderFactory.RESERVED_CONTEXT);
        if (inCluster && (context != null || reservedContext != null)) {
            throw invalid("contexts are kubeconfig entries; they cannot be used with "
                    + KubernetesProviderFactory.IN_CLUSTER + "=true");
        }
        String prefix = value(settings, KubernetesProviderFactory.NAMESPACE_PREFIX);
        if (prefix == null) {
            prefix = DEFAULT_PREFIX;
        } else if (!PREFIX.matcher(prefix).matches()) {
            throw invalid(KubernetesProviderFactory.NAMESPACE_PREFIX + " must be 1-19 lower-case letters, digits"
                    + " or '-', starting with a letter: '" + shorten(prefix) + "'");
        }
        Sharing sharing = sharing(value(settings, KubernetesProviderFactory.SHARING));
        Map<String, String> reservedSelector = nodeLabels(settings, KubernetesProviderFactory.RESERVED_NODE_SELECTOR);
        Taint taint = taint(value(settings, KubernetesProviderFactory.RESERVED_TAINT));
        if (sharing != Sharing.RESERVED && (!reservedSelector.isEmpty() || taint != null || reservedContext != null)) {
            throw invalid("the reserved.* settings apply only with " + KubernetesProviderFactory.SHARING
                    + "=reserved, not " + sharing.name().toLowerCase(Locale.ROOT));
        }
        if (sharing == Sharing.RESERVED && reservedSelector.isEmpty() && reservedContext == null) {
            throw invalid(KubernetesProviderFactory.SHARING + "=reserved needs "
                    + KubernetesProviderFactory.RESERVED_NODE_SELECTOR + " (dedicated nodes) or "
                    + KubernetesProviderFactory.RESERVED_CONTEXT + " (a separate cluster)");
        }
        String storageClass = dnsName(settings, KubernetesProviderFactory.STORAGE_CLASS, DNS_NAME);
        String examplesClaim = dnsName(settings, KubernetesProviderFactory.EXAMPLES_CLAIM, DNS_LABEL);
        Duration waitTimeout = duration(settings, KubernetesProviderFactory.WAIT_TIMEOUT, DEFAULT_WAIT_TIMEOUT,
                Duration.ofSeconds(1), Duration.ofHours(24));
        String nodeSelector = selector(value(settings, KubernetesProviderFactory.NODE_SELECTOR),
                KubernetesProviderFactory.NODE_SELECTOR);
        Duration pollInterval = duration(settings, KubernetesProviderFactory.POLL_INTERVAL, DEFAULT_POLL_INTERVAL,
                MIN_POLL_INTERVAL, MAX_POLL_INTERVAL);
        Path clusterKubeconfigDir = path(settings, KubernetesProviderFactory.CLUSTER_KUBECONFIG_DIR);
        if (clusterKubeconfigDir != null && Files.exists(clusterKubeconfigDir)
                && !Files.isDirectory(clusterKubeconfigDir)) {
            // The folder itself may appear later (with the first cluster); a file in its place is a mistake.
            throw invalid(KubernetesProviderFactory.CLUSTER_KUBECONFIG_DIR + " " + clusterKubeconfigDir
                    + " is not a directory");
        }
        return new KubernetesSettings(kubeconfig, inCluster, context, prefix, sharing, reservedSelector, taint,
                reservedContext, path(settings, KubernetesProviderFactory.IMAGE_CATALOG), storageClass,
                examplesClaim, waitTimeout, nodeSelector, pollInterval, clusterKubeconfigDir);
    }

    /** The kubeconfig context tasks run in: the reserved cluster's when one is configured. */
    String workloadContext() {
        return reservedContext != null ? reservedContext : context;
    }

    /**
     * Checks a label selector as {@code kubectl get -l} takes it: comma-separated {@code key}, {@code !key},
     * {@code key=value}, {@code key==value} or {@code key!=value} terms.
     *
     * @return the selector without blanks, or null when {@code selector} is null or blank
     * @throws ProviderException with {@link ErrorCode#INVALID_REQUEST} naming {@code field}
     */
    static String selector(String selector, String field) {
        if (selector == null || selector.isBlank()) {
            return null;
        }
        List<String> terms = List.of(selector.split(",", -1));
        StringBuilder clean = new StringBuilder();
        for (String term : terms) {
            String stripped = term.strip();
            if (!SELECTOR_TERM.matcher(stripped).matches()) {
                throw invalid(field + " is not a label selector (key, !key, key=value or key!=value, comma-separated): '"
                        + shorten(selector) + "'");
            }
            if (clean.length() > 0) {
                clean.append(',');
            }
            clean.append(stripped);
        }
        return clean.toString();
    }

    private static Sharing sharing(String value) {
        if (value == null) {
            return Sharing.MANAGED;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "shared" -> Sharing.SHARED;
            case "managed" -> Sharing.MANAGED;
            case "reserved" -> Sharing.RESERVED;
            default -> throw invalid(KubernetesProviderFactory.SHARING + " must be shared, managed or reserved: '"
                    + shorten(value) + "'");
        };
    }

    private static Map<String, String> nodeLabels(Map<String, String> settings, String field) {
        String value = value(settings, field);
        Map<String, String> labels = new LinkedHashMap<>();
        if (value == null) {
            return labels;
        }
        for (String term : value.split(",", -1)) {
            String[] parts = term.strip().split("=", -1);
            if (parts.length != 2 || !LABEL_KEY.matcher(parts[0]).matches()
                    || !LABEL_VALUE.matcher(parts[1]).matches()) {
                throw invalid(field + " must be comma-separated key=value node labels: '" + shorten(value) + "'");
            }
            labels.put(parts[0], parts[1]);
        }
        return labels;
    }

    private static Taint taint(String value) {
        if (value == null) {
            return null;
        }
        int colon = value.lastIndexOf(':');
        String effect = colon < 0 ? "" : value.substring(colon + 1);
        String keyValue = colon < 0 ? value : value.substring(0, colon);
        int equals = keyValue.indexOf('=');
        String key = equals < 0 ? keyValue : keyValue.substring(0, equals);
        String taintValue = equals < 0 ? null : keyValue.substring(equals + 1);
        if (!Taint.EFFECTS.contains(effect) || !LABEL_KEY.matcher(key).matches()
                || taintValue != null && !LABEL_VALUE.matcher(taintValue).matches()) {
            throw invalid(KubernetesProviderFactory.RESERVED_TAINT + " must be key=value:Effect or key:Effect with"
                    + " Effect one of NoSchedule, PreferNoSchedule, NoExecute: '" + shorten(value) + "'");
        }
        return new Taint(key, taintValue, effect);
    }

    private static String value(Map<String, String> settings, String name) {
        String value = settings.get(name);
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            throw invalid(name + " is empty; leave it out to use the default");
        }
        return value.strip();
    }

    private static Path path(Map<String, String> settings, String name) {
        String value = value(settings, name);
        if (value == null) {
            return null;
        }
        try {
            return Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw invalid(name + " is not a path: '" + shorten(value) + "'");
        }
    }

    private static boolean bool(Map<String, String> settings, String name) {
        String value = value(settings, name);
        if (value == null) {
            return false;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(name + " must be true or false: '" + shorten(value) + "'");
        };
    }

    private static String context(Map<String, String> settings, String name) {
        String value = value(settings, name);
        if (value != null && !CONTEXT.matcher(value).matches()) {
            throw invalid(name + " is not a kubeconfig context name: '" + shorten(value) + "'");
        }
        return value;
    }

    private static String dnsName(Map<String, String> settings, String name, Pattern pattern) {
        String value = value(settings, name);
        if (value != null && !pattern.matcher(value).matches()) {
            throw invalid(name + " is not a Kubernetes object name (lower-case letters, digits, '-'): '"
                    + shorten(value) + "'");
        }
        return value;
    }

    private static Duration duration(Map<String, String> settings, String name, Duration fallback, Duration min,
                                     Duration max) {
        String text = value(settings, name);
        if (text == null) {
            return fallback;
        }
        Duration duration;
        try {
            duration = text.chars().allMatch(Character::isDigit)
                    ? Duration.ofSeconds(Long.parseLong(text))
                    : Duration.parse(text);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw invalid(name + " is neither an ISO-8601 duration nor a number of seconds: '" + shorten(text) + "'");
        }
        if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
            throw invalid(name + " must be between " + min + " and " + max + ": " + text);
        }
        return duration;
    }

    static String shorten(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "...";
    }

    private static ProviderException invalid(String message) {
        return new ProviderException(ErrorCode.INVALID_REQUEST, message);
    }
}
