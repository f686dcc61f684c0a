package io.berth.provisioning.kubernetes;

import io.berth.core.catalog.TaskPhase;
import io.berth.core.catalog.TaskSpec;
import io.berth.core.error.ErrorCode;
import io.berth.core.resource.ResourceVector;
import io.berth.provisioning.spi.PhysicalCapacity;
import io.berth.provisioning.spi.Provider;
import io.berth.provisioning.spi.ProviderContext;
import io.berth.provisioning.spi.ProviderException;
import io.berth.provisioning.spi.ProviderHealth;
import io.berth.provisioning.spi.TaskMonitor;
import io.berth.provisioning.spi.TaskOutcome;
import io.berth.provisioning.spi.TaskRequest;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Runs a deployment's parts on Kubernetes, one task kind per part:
 * <ul>
 *   <li>{@value #NAMESPACE_KIND}: the deployment's namespace (or, when shared, the shared one), with a
 *       ResourceQuota and a LimitRange computed from the package;</li>
 *   <li>{@value #NOTEBOOK_KIND}: the notebook server and its Service; settings {@code port} (default 8888),
 *       {@code spark} (mount the Spark configuration; default: when {@code spark.workers} is above 0) and
 *       {@code image} (a catalog image name that overrides the choice by environment);</li>
 *   <li>{@value #SPARK_KIND}: the Spark master and {@code spark.workers} workers, their Services and the
 *       Spark configuration; setting {@code image};</li>
 *   <li>{@value #WORKERS_KIND}: {@code workers} batch workers; setting {@code image};</li>
 *   <li>{@value #STORAGE_KIND}: the user volume (needs the provider setting {@code storage.class}).</li>
 * </ul>
 * An install (or configure) converges: every object is created or replaced under a name derived from the
 * deployment, so running a task again changes what differs and duplicates nothing; it then waits for the
 * task's pods to be ready, failing at once when they cannot start. A removal deletes the task's objects by
 * their labels and waits until they are gone. A health check reports from readiness.
 *
 * <p>Every kind also takes the settings {@code cluster.group} and {@code cluster.required}. With the provider
 * setting {@code cluster.kubeconfig.dir}, a task whose deployment has its own kubeconfig file there
 * ({@code berth-<deployment>[-<cluster.group>].yaml}) runs against that cluster, otherwise against the default
 * one; see {@link KubernetesSettings}. With {@code cluster.required=true} a task never falls back to the default
 * cluster: without the file an install or health check fails ({@code own-cluster-missing}), and a removal has
 * nothing left to remove (the cluster, with everything in it, is gone).
 *
 * <p>Thread safe: tasks share only the clients, which are.
 */
public final class KubernetesProvider implements Provider {

    /** Task kind: the namespace, quota and limits. */
    public static final String NAMESPACE_KIND = "kubernetes-namespace";
    /** Task kind: the notebook server. */
    public static final String NOTEBOOK_KIND = "kubernetes-notebook";
    /** Task kind: the Spark master and workers. */
    public static final String SPARK_KIND = "kubernetes-spark";
    /** Task kind: batch workers. */
    public static final String WORKERS_KIND = "kubernetes-workers";
    /** Task kind: the user volume. */
    public static final String STORAGE_KIND = "kubernetes-storage";

    static final String PORT = "port";
    static final String SPARK = "spark";
    static final String IMAGE = "image";
    static final int DEFAULT_NOTEBOOK_PORT = 8888;

    private static final Map<String, Set<String>> SETTINGS_BY_KIND = Map.of(
            NAMESPACE_KIND, Set.of(ClusterClients.GROUP, ClusterClients.REQUIRED),
            NOTEBOOK_KIND, Set.of(PORT, SPARK, IMAGE, ClusterClients.GROUP, ClusterClients.REQUIRED),
            SPARK_KIND, Set.of(IMAGE, ClusterClients.GROUP, ClusterClients.REQUIRED),
            WORKERS_KIND, Set.of(IMAGE, ClusterClients.GROUP, ClusterClients.REQUIRED),
            STORAGE_KIND, Set.of(ClusterClients.GROUP, ClusterClients.REQUIRED));
    private static final BigDecimal MIB = BigDecimal.valueOf(1024L * 1024);
    private static final BigDecimal GIB = BigDecimal.valueOf(1024L * 1024 * 1024);

    private final KubernetesSettings settings;
    private final ImageCatalog catalog;
    private final KubernetesClient defaultClient;
    /** The clients of deployments' own clusters; null without {@code cluster.kubeconfig.dir}. */
    private final ClusterClients clusters;
    private final ProviderContext context;
    private final System.Logger logger;
    private final AtomicBoolean closed = new AtomicBoolean();

    KubernetesProvider(KubernetesSettings settings, ImageCatalog catalog, KubernetesClient defaultClient,
                       ClusterClients clusters, ProviderContext context) {
        this.settings = requireNonNull(settings, "settings is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.defaultClient = requireNonNull(defaultClient, "defaultClient is null");
        this.clusters = clusters;
        this.context = requireNonNull(context, "context is null");
        this.logger = context.logger(KubernetesProvider.class.getName());
    }

    /** The clients of deployments' own clusters, or null without {@code cluster.kubeconfig.dir}; for tests. */
    ClusterClients clusters() {
        return clusters;
    }

    @Override
    public String name() {
        return KubernetesProviderFactory.NAME;
    }

    @Override
    public Set<String> kinds() {
        return SETTINGS_BY_KIND.keySet();
    }

    /**
     * Checks that the task runs no script, names only settings of its kind with valid values, and that the
     * provider is configured for it (a storage task needs {@code storage.class}).
     *
     * @throws ProviderException with {@link ErrorCode#INVALID_TASK_SPEC} naming what is wrong
     */
    @Override
    public void validate(TaskSpec spec) {
        requireNonNull(spec, "spec is null");
        Set<String> allowed = SETTINGS_BY_KIND.get(spec.kind());
        if (allowed == null) {
            throw invalidTask(spec, "kind '" + spec.kind() + "' is not one of " + kinds());
        }
        if (spec.script() != null || spec.interpreter() != null || !spec.arguments().isEmpty()) {
            throw invalidTask(spec, "kind " + spec.kind() + " runs no script; remove script, interpreter and arguments");
        }
        for (String key : spec.settings().keySet()) {
            if (!allowed.contains(key)) {
                throw invalidTask(spec, "settings." + key + " is not a setting of " + spec.kind()
                        + (allowed.isEmpty() ? ", which has none" : "; it reads " + allowed));
            }
        }
        notebookPort(spec);
        sparkSetting(spec, Map.of());
        catalogImage(spec);
        try {
            ClusterClients.group(spec.settings());
        } catch (IllegalArgumentException e) {
            throw invalidTask(spec, e.getMessage());
        }
        String required = spec.settings().get(ClusterClients.REQUIRED);
        if (required != null && !required.equals("true") && !required.equals("false")) {
            throw invalidTask(spec, "settings." + ClusterClients.REQUIRED + " must be true or false, not '"
                    + KubernetesSettings.shorten(required) + "'");
        }
        if ((spec.settings().containsKey(ClusterClients.GROUP) || "true".equals(required)) && clusters == null) {
            throw invalidTask(spec, "settings." + (spec.settings().containsKey(ClusterClients.GROUP)
                    ? ClusterClients.GROUP : ClusterClients.REQUIRED) + " needs the provider setting "
                    + KubernetesProviderFactory.CLUSTER_KUBECONFIG_DIR
                    + " (BERTH_PROVIDER_KUBERNETES_CLUSTER_KUBECONFIG_DIR)");
        }
        if (spec.kind().equals(STORAGE_KIND) && settings.storageClass() == null) {
            throw invalidTask(spec, "kind " + STORAGE_KIND + " needs the provider setting "
                    + KubernetesProviderFactory.STORAGE_CLASS + " (BERTH_PROVIDER_KUBERNETES_STORAGE_CLASS)");
        }
    }

    /**
     * Runs one install, remove or health task; see the class comment.
     *
     * @throws ProviderException with {@link ErrorCode#INVALID_TASK_SPEC} for a task {@link #validate} refuses,
     *                           {@link ErrorCode#INVALID_REQUEST} naming the parameter for malformed parameters
     *                           or an environment no catalog image serves (before anything is changed), and
     *                           {@link ErrorCode#PROVIDER_UNAVAILABLE} when the provider is closed or the cluster
     *                           does not answer
     */
    @Override
    public TaskOutcome execute(TaskRequest request, TaskMonitor monitor) {
        requireNonNull(request, "request is null");
        requireNonNull(monitor, "monitor is null");
        if (closed.get()) {
            throw new ProviderException(ErrorCode.PROVIDER_UNAVAILABLE, "the kubernetes provider is closed");
        }
        TaskSpec spec = request.spec();
        validate(spec);
        long started = System.nanoTime();
        Duration wait = spec.timeout().compareTo(settings.waitTimeout()) < 0 ? spec.timeout() : settings.waitTimeout();
        long deadline = started + wait.toNanos();
        PackageParameters pkg = PackageParameters.of(request.parameters());
        Manifests manifests = new Manifests(settings, request, pkg);
        List<String> log = new ArrayList<>();
        ClusterClients.Lease own = clusters == null ? null
                : clusters.acquire(request.deployment(), ClusterClients.group(spec.settings()));
        if (own == null && "true".equals(spec.settings().get(ClusterClients.REQUIRED))) {
            // an isolated deployment never lands on the shared cluster because its own is not there (yet)
            String missing = "the deployment's own cluster has no kubeconfig in " + settings.clusterKubeconfigDir()
                    + " (it is written by the openstack-cluster task)";
            return request.phase() == TaskPhase.REMOVE
                    ? new TaskOutcome(TaskOutcome.Status.SUCCEEDED, null, missing + "; nothing left to remove", null)
                    : new TaskOutcome(TaskOutcome.Status.FAILED, null, missing, "own-cluster-missing: " + missing);
        }
        KubernetesClient client = own == null ? defaultClient : own.client();
        try {
            if (clusters != null) {
                String where = (own == null ? "the default cluster (" : "the deployment's own cluster (")
                        + client.getMasterUrl() + ")";
                progress(monitor, log, switch (request.phase()) {
                    case INSTALL -> "deploying into " + where;
                    case REMOVE -> "removing from " + where;
                    case HEALTH -> "checking in " + where;
                });
            }
            return switch (request.phase()) {
                case INSTALL -> install(client, request, monitor, pkg, manifests, log, deadline, wait);
                case REMOVE -> remove(client, request, monitor, manifests, log, deadline, wait);
                case HEALTH -> health(client, request, pkg, manifests);
            };
        } catch (KubernetesClientException e) {
            if (closed.get()) {
                return new TaskOutcome(TaskOutcome.Status.CANCELLED, null, String.join("\n", log),
                        "the kubernetes provider was closed");
            }
            if (e.getCode() <= 0) {
                throw new ProviderException(ErrorCode.PROVIDER_UNAVAILABLE, "the Kubernetes API does not answer: "
                        + e.getMessage(), e);
            }
            String reason = "api-error: " + e.getCode() + " " + (e.getStatus() == null ? e.getMessage()
                    : e.getStatus().getMessage());
            log.add(reason);
            return TaskOutcome.failed(null, String.join("\n", log), reason);
        } finally {
            if (own != null) {
                own.close();
            }
        }
    }

    private TaskOutcome install(KubernetesClient client, TaskRequest request, TaskMonitor monitor, PackageParameters pkg, Manifests manifests,
                                List<String> log, long deadline, Duration wait) {
        TaskSpec spec = request.spec();
        // Everything user-supplied is checked before the first object is written.
        EnvironmentChoice environment = spec.kind().equals(NAMESPACE_KIND) || spec.kind().equals(STORAGE_KIND)
                || spec.kind().equals(SPARK_KIND) && !pkg.runsSpark() ? null
                : environment(spec, request.parameters(), pkg);
        String namespace = manifests.namespace();
        PodWaiter waiter = new PodWaiter(client, namespace, monitor, closed::get,
                settings.pollInterval().toNanos(), log);
        List<PodWaiter.Target> targets = new ArrayList<>();
        switch (spec.kind()) {
            case NAMESPACE_KIND -> {
                apply(client, manifests.namespaceObject(), log);
                if (manifests.ownNamespace()) {
                    apply(client, manifests.resourceQuota(), log);
                    apply(client, manifests.limitRange(), log);
                } else {
                    apply(client, manifests.packageRecord(), log);
                }
                progress(monitor, log, "namespace " + namespace + " ready with quota " + manifests.quota());
                return TaskOutcome.succeeded(null, String.join("\n", log));
            }
            case STORAGE_KIND -> {
                PersistentVolumeClaim claim = manifests.userVolume();
                if (client.persistentVolumeClaims().inNamespace(namespace).withName(claim.getMetadata().getName())
                        .get() == null) {
                    client.resource(claim).inNamespace(namespace).create();
                    log.add("created PersistentVolumeClaim " + namespace + "/" + claim.getMetadata().getName());
                } else {
                    // A bound claim's spec cannot change; its size is set when it is created.
                    log.add("kept PersistentVolumeClaim " + namespace + "/" + claim.getMetadata().getName());
                }
                progress(monitor, log, "user volume " + claim.getMetadata().getName() + " requested ("
                        + settings.storageClass() + ", " + pkg.diskGiB() + " GiB)");
                return TaskOutcome.succeeded(null, String.join("\n", log));
            }
            case NOTEBOOK_KIND -> {
                waiter.snapshotEvents();
                boolean examples = settings.examplesClaim() != null && client.persistentVolumeClaims()
                        .inNamespace(namespace).withName(settings.examplesClaim()).get() != null;
                if (settings.examplesClaim() != null && !examples) {
                    progress(monitor, log, "examples claim " + settings.examplesClaim() + " not found in "
                            + namespace + "; the notebook starts without examples");
                }
                Deployment notebook = manifests.notebook(environment, notebookPort(spec), examples);
                apply(client, manifests.service(Manifests.NOTEBOOK,
                        List.of(Manifests.port("http", notebookPort(spec)))), log);
                apply(client, notebook, log);
                targets.add(target(manifests, notebook));
            }
            case SPARK_KIND -> {
                if (!pkg.runsSpark()) {
                    // No workers asked for (or a configure down to none): Spark does not run at all.
                    progress(monitor, log, "no Spark workers requested (" + PackageParameters.SPARK_WORKERS
                            + "=0); Spark is not running");
                    return remove(client, request, monitor, manifests, log, deadline, wait);
                }
                waiter.snapshotEvents();
                apply(client, manifests.sparkConfiguration(environment), log);
                apply(client, manifests.service(Manifests.SPARK_MASTER,
                        List.of(Manifests.port("spark", Manifests.SPARK_PORT),
                                Manifests.port("ui", Manifests.SPARK_UI_PORT))), log);
                Deployment master = manifests.sparkMaster(environment);
                Deployment workers = manifests.sparkWorkers(environment);
                apply(client, master, log);
                apply(client, workers, log);
                targets.add(target(manifests, master));
                targets.add(target(manifests, workers));
            }
            case WORKERS_KIND -> {
                waiter.snapshotEvents();
                Deployment workers = manifests.batchWorkers(environment);
                apply(client, workers, log);
                targets.add(target(manifests, workers));
            }
            default -> throw new IllegalStateException("validate() lets only known kinds through: " + spec.kind());
        }
        progress(monitor, log, "image " + environment.image().reference() + " (catalog " + environment.image().name()
                + "); waiting for " + targets.stream().mapToInt(PodWaiter.Target::replicas).sum() + " pod(s)");
        PodWaiter.Result result = waiter.await(targets, deadline);
        return outcome(result, log, wait, "all pods ready: " + waiter.readiness(targets), monitor);
    }

    private TaskOutcome remove(KubernetesClient client, TaskRequest request, TaskMonitor monitor, Manifests manifests, List<String> log,
                               long deadline, Duration wait) {
        String namespace = manifests.namespace();
        List<Supplier<List<? extends HasMetadata>>> remaining = new ArrayList<>();
        switch (request.spec().kind()) {
            case NAMESPACE_KIND -> {
                if (manifests.ownNamespace()) {
                    client.namespaces().withName(namespace).delete();
                    log.add("deleting Namespace " + namespace);
                    remaining.add(() -> {
                        var found = client.namespaces().withName(namespace).get();
                        return found == null ? List.of() : List.of(found);
                    });
                } else {
                    Map<String, String> labels = manifests.selector(Manifests.NAMESPACE);
                    client.configMaps().inNamespace(namespace).withLabels(labels).delete();
                    log.add("deleting the package record of " + manifests.baseName() + " in " + namespace);
                    remaining.add(() -> client.configMaps().inNamespace(namespace).withLabels(labels).list().getItems());
                }
            }
            case STORAGE_KIND -> deleteComponent(client, namespace, manifests.selector(Manifests.STORAGE), log, remaining);
            case NOTEBOOK_KIND -> deleteComponent(client, namespace, manifests.selector(Manifests.NOTEBOOK), log, remaining);
            case SPARK_KIND -> {
                deleteComponent(client, namespace, manifests.selector(Manifests.SPARK_MASTER), log, remaining);
                deleteComponent(client, namespace, manifests.selector(Manifests.SPARK_WORKER), log, remaining);
            }
            case WORKERS_KIND -> deleteComponent(client, namespace, manifests.selector(Manifests.WORKERS), log, remaining);
            default -> throw new IllegalStateException("validate() lets only known kinds through");
        }
        CountDownLatch wake = new CountDownLatch(1);
        monitor.onCancel(wake::countDown);
        while (true) {
            int left = remaining.stream().mapToInt(list -> list.get().size()).sum();
            if (left == 0) {
                progress(monitor, log, "removed " + request.spec().kind() + " of deployment " + request.deployment());
                return TaskOutcome.succeeded(null, String.join("\n", log));
            }
            if (monitor.isCancelled() || closed.get()) {
                return new TaskOutcome(TaskOutcome.Status.CANCELLED, null, String.join("\n", log),
                        "cancelled while " + left + " object(s) were still being deleted");
            }
            long nanos = deadline - System.nanoTime();
            if (nanos <= 0) {
                return new TaskOutcome(TaskOutcome.Status.TIMED_OUT, null, String.join("\n", log),
                        left + " object(s) still there after " + wait);
            }
            try {
                wake.await(Math.min(nanos, settings.pollInterval().toNanos()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new TaskOutcome(TaskOutcome.Status.CANCELLED, null, String.join("\n", log), "interrupted");
            }
        }
    }

    private void deleteComponent(KubernetesClient client, String namespace, Map<String, String> labels, List<String> log,
                                 List<Supplier<List<? extends HasMetadata>>> remaining) {
        if (client.namespaces().withName(namespace).get() == null) {
            log.add("namespace " + namespace + " is gone; nothing of " + labels.get(Manifests.COMPONENT) + " is left");
            return;
        }
        client.apps().deployments().inNamespace(namespace).withLabels(labels).delete();
        client.services().inNamespace(namespace).withLabels(labels).delete();
        client.configMaps().inNamespace(namespace).withLabels(labels).delete();
        client.persistentVolumeClaims().inNamespace(namespace).withLabels(labels).delete();
        client.pods().inNamespace(namespace).withLabels(labels).delete();
        log.add("deleting the objects of " + labels.get(Manifests.COMPONENT) + " in " + namespace);
        remaining.add(() -> client.apps().deployments().inNamespace(namespace).withLabels(labels).list().getItems());
        remaining.add(() -> client.services().inNamespace(namespace).withLabels(labels).list().getItems());
        remaining.add(() -> client.configMaps().inNamespace(namespace).withLabels(labels).list().getItems());
        remaining.add(() -> client.persistentVolumeClaims().inNamespace(namespace).withLabels(labels).list().getItems());
        remaining.add(() -> client.pods().inNamespace(namespace).withLabels(labels).list().getItems());
    }

    private TaskOutcome health(KubernetesClient client, TaskRequest request, PackageParameters pkg, Manifests manifests) {
        String namespace = manifests.namespace();
        String kind = request.spec().kind();
        if (client.namespaces().withName(namespace).get() == null) {
            return TaskOutcome.failed(null, "", "missing: namespace " + namespace + " does not exist");
        }
        switch (kind) {
            case NAMESPACE_KIND -> {
                boolean quota = !manifests.ownNamespace() || client.resourceQuotas().inNamespace(namespace)
                        .withName(Manifests.QUOTA_NAME).get() != null;
                return quota ? TaskOutcome.succeeded(null, "namespace " + namespace + " and its quota exist")
                        : TaskOutcome.failed(null, "", "missing: resource quota of namespace " + namespace);
            }
            case STORAGE_KIND -> {
                PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(namespace)
                        .withName(manifests.name("user")).get();
                if (claim == null) {
                    return TaskOutcome.failed(null, "", "missing: user volume " + manifests.name("user"));
                }
                String phase = claim.getStatus() == null ? null : claim.getStatus().getPhase();
                return "Lost".equals(phase) ? TaskOutcome.failed(null, "", "volume-lost: " + manifests.name("user"))
                        : TaskOutcome.succeeded(null, "user volume " + manifests.name("user") + " " + (phase == null
                        ? "requested" : phase.toLowerCase(Locale.ROOT)));
            }
            default -> {
                List<String> components = switch (kind) {
                    case NOTEBOOK_KIND -> List.of(Manifests.NOTEBOOK);
                    case SPARK_KIND -> pkg.runsSpark() ? List.of(Manifests.SPARK_MASTER, Manifests.SPARK_WORKER)
                            : List.of();
                    default -> List.of(Manifests.WORKERS);
                };
                List<PodWaiter.Target> targets = new ArrayList<>();
                for (String component : components) {
                    Deployment deployment = client.apps().deployments().inNamespace(namespace)
                            .withName(manifests.name(component)).get();
                    if (deployment == null) {
                        return TaskOutcome.failed(null, "", "missing: " + component + " of deployment "
                                + request.deployment());
                    }
                    targets.add(target(manifests, deployment));
                }
                PodWaiter waiter = new PodWaiter(client, namespace, TaskMonitor.none(),
                        closed::get, settings.pollInterval().toNanos(), new ArrayList<>());
                for (PodWaiter.Target target : targets) {
                    for (var pod : waiter.pods(target)) {
                        PodWaiter.Result failure = PodWaiter.failure(pod);
                        if (failure != null) {
                            return TaskOutcome.failed(null, "", failure.reason());
                        }
                    }
                }
                String readiness = waiter.readiness(targets);
                boolean ready = targets.stream().allMatch(target -> waiter.pods(target).stream()
                        .filter(PodWaiter::isReady).count() >= target.replicas());
                return ready ? TaskOutcome.succeeded(null, "ready: " + readiness)
                        : TaskOutcome.failed(null, "", "not-ready: " + readiness);
            }
        }
    }

    private TaskOutcome outcome(PodWaiter.Result result, List<String> log, Duration wait, String success,
                                TaskMonitor monitor) {
        return switch (result.status()) {
            case READY -> {
                progress(monitor, log, success);
                yield TaskOutcome.succeeded(null, String.join("\n", log));
            }
            case FAILED -> {
                log.add(result.reason());
                yield TaskOutcome.failed(null, String.join("\n", log), result.reason());
            }
            case TIMED_OUT -> {
                log.add(result.reason());
                yield new TaskOutcome(TaskOutcome.Status.TIMED_OUT, null, String.join("\n", log),
                        "timed out after " + wait + ": " + result.reason());
            }
            case CANCELLED -> new TaskOutcome(TaskOutcome.Status.CANCELLED, null, String.join("\n", log), result.reason());
        };
    }

    private static PodWaiter.Target target(Manifests manifests, Deployment deployment) {
        String component = deployment.getMetadata().getLabels().get(Manifests.COMPONENT);
        Integer replicas = deployment.getSpec().getReplicas();
        return new PodWaiter.Target(component, deployment.getMetadata().getName(), manifests.selector(component),
                deployment.getSpec().getTemplate().getMetadata().getLabels().get(Manifests.REVISION),
                replicas == null ? 1 : replicas);
    }

    /**
     * Creates the object, or replaces it when it exists. Not server-side apply: fabric8's mock API server, which
     * the tests use, answers an apply of a missing object with 404 instead of creating it.
     */
    private static void apply(KubernetesClient client, HasMetadata object, List<String> log) {
        HasMetadata applied = client.resource(object).createOr(NonDeletingOperation::update);
        log.add("applied " + object.getKind() + " " + (object.getMetadata().getNamespace() == null ? ""
                : object.getMetadata().getNamespace() + "/") + object.getMetadata().getName()
                + " (version " + applied.getMetadata().getResourceVersion() + ")");
    }

    private static void progress(TaskMonitor monitor, List<String> log, String message) {
        log.add(message);
        monitor.progress(message);
    }

    private EnvironmentChoice environment(TaskSpec spec, Map<String, String> parameters, PackageParameters pkg) {
        boolean needsSpark = spec.kind().equals(SPARK_KIND) || sparkSetting(spec, parameters) && pkg.runsSpark();
        ImageCatalog.Image pinned = catalogImage(spec);
        if (pinned == null) {
            return EnvironmentChoice.choose(catalog, parameters, needsSpark);
        }
        ImageCatalog only = new ImageCatalog(List.of(pinned), pinned.name());
        return EnvironmentChoice.choose(only, parameters, needsSpark);
    }

    private static int notebookPort(TaskSpec spec) {
        String value = spec.settings().get(PORT);
        if (value == null) {
            return DEFAULT_NOTEBOOK_PORT;
        }
        if (!value.matches("[0-9]{1,5}") || Integer.parseInt(value) < 1024 || Integer.parseInt(value) > 65535) {
            throw invalidTask(spec, "settings.port must be a port from 1024 to 65535: '"
                    + KubernetesSettings.shorten(value) + "'");
        }
        return Integer.parseInt(value);
    }

    /** Whether the notebook mounts the Spark configuration; by default when the deployment runs Spark. */
    private static boolean sparkSetting(TaskSpec spec, Map<String, String> parameters) {
        String value = spec.settings().get(SPARK);
        if (value == null) {
            return true;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalidTask(spec, "settings.spark must be true or false");
        };
    }

    private ImageCatalog.Image catalogImage(TaskSpec spec) {
        String name = spec.settings().get(IMAGE);
        if (name == null) {
            return null;
        }
        return catalog.images().stream().filter(image -> image.name().equals(name)).findFirst()
                .orElseThrow(() -> invalidTask(spec, "settings.image '" + KubernetesSettings.shorten(name)
                        + "' is not in the image catalog; it offers " + catalog.images().stream()
                        .map(ImageCatalog.Image::name).toList()));
    }

    /**
     * Healthy when the API server answers its version request. Never throws.
     */
    @Override
    public ProviderHealth health() {
        if (closed.get()) {
            return ProviderHealth.unhealthy("the kubernetes provider is closed");
        }
        try {
            var version = defaultClient.getKubernetesVersion();
            return new ProviderHealth(true, "Kubernetes " + (version == null ? "?" : version.getGitVersion()) + " at "
                    + defaultClient.getMasterUrl());
        } catch (RuntimeException e) {
            return ProviderHealth.unhealthy("the Kubernetes API at " + defaultClient.getMasterUrl() + " does not answer: "
                    + e.getMessage());
        }
    }

    /**
     * Reads the nodes' allocatable cores (millicores), memory (MiB), ephemeral storage (GiB) and
     * {@code nvidia.com/gpu} (as {@code gpu}). Every node is listed in the sources; only nodes that match the
     * selector, are schedulable and Ready count toward the total.
     *
     * @param selector a label selector such as {@code berth.io/pool=gpu}; null or blank: the provider setting
     *                 {@code node.selector}, else every node
     */
    @Override
    public PhysicalCapacity discoverCapacity(String selector) {
        if (closed.get()) {
            throw new ProviderException(ErrorCode.PROVIDER_UNAVAILABLE, "the kubernetes provider is closed");
        }
        String effective = KubernetesSettings.selector(selector, "selector");
        if (effective == null) {
            effective = settings.nodeSelector();
        }
        List<Node> nodes;
        try {
            nodes = defaultClient.nodes().list().getItems();
        } catch (KubernetesClientException e) {
            throw new ProviderException(ErrorCode.PROVIDER_UNAVAILABLE, "cannot list the cluster's nodes: "
                    + e.getMessage(), e);
        }
        ResourceVector total = ResourceVector.zero();
        List<PhysicalCapacity.Source> sources = new ArrayList<>();
        for (Node node : nodes) {
            ResourceVector offered = allocatable(node);
            String note = null;
            Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
            if (effective != null && !LabelSelector.matches(effective, labels)) {
                note = "not selected by " + effective;
            } else if (Boolean.TRUE.equals(node.getSpec() == null ? null : node.getSpec().getUnschedulable())) {
                note = "cordoned";
            } else if (!ready(node)) {
                note = "not ready";
            }
            if (note == null) {
                total = total.plus(offered);
            }
            sources.add(new PhysicalCapacity.Source("node", node.getMetadata().getName(), offered, note == null, note));
        }
        return new PhysicalCapacity(total, sources, context.clock().instant());
    }

    private static ResourceVector allocatable(Node node) {
        Map<String, Quantity> allocatable = node.getStatus() == null || node.getStatus().getAllocatable() == null
                ? Map.of() : node.getStatus().getAllocatable();
        Map<String, Long> amounts = new LinkedHashMap<>();
        Quantity cpu = allocatable.get("cpu");
        if (cpu != null) {
            amounts.put(ResourceVector.CORES, cpu.getNumericalAmount().movePointRight(3)
                    .setScale(0, RoundingMode.FLOOR).longValueExact());
        }
        Quantity memory = allocatable.get("memory");
        if (memory != null) {
            amounts.put(ResourceVector.MEMORY, Quantity.getAmountInBytes(memory).divide(MIB, 0, RoundingMode.FLOOR)
                    .longValueExact());
        }
        Quantity disk = allocatable.get("ephemeral-storage");
        if (disk != null) {
            amounts.put(ResourceVector.DISK, Quantity.getAmountInBytes(disk).divide(GIB, 0, RoundingMode.FLOOR)
                    .longValueExact());
        }
        Quantity gpu = allocatable.get("nvidia.com/gpu");
        if (gpu != null) {
            amounts.put("gpu", gpu.getNumericalAmount().setScale(0, RoundingMode.FLOOR).longValueExact());
        }
        return ResourceVector.of(amounts);
    }

    private static boolean ready(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return false;
        }
        for (NodeCondition condition : node.getStatus().getConditions()) {
            if ("Ready".equals(condition.getType())) {
                return "True".equals(condition.getStatus());
            }
        }
        return false;
    }

    /**
     * Closes the Kubernetes clients, the default one and those of deployments' own clusters; tasks still waiting
     * end as cancelled. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                defaultClient.close();
            } finally {
                if (clusters != null) {
                    clusters.close();
                }
            }
            logger.log(System.Logger.Level.DEBUG, "kubernetes provider closed");
        }
    }

    private static ProviderException invalidTask(TaskSpec spec, String message) {
        return new ProviderException(ErrorCode.INVALID_TASK_SPEC, "task '" + spec.name() + "': " + message);
    }
}
