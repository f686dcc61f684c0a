package io.berth.provisioning.kubernetes;

import io.berth.provisioning.spi.TaskRequest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * Builds the Kubernetes objects of one deployment from its parameters and the provider's settings. Pure: it
 * reads nothing from the cluster. Every object carries the labels {@value #ACCOUNT}, {@value #DEPLOYMENT},
 * {@value #PLAN}, {@value #COMPONENT} and {@code app.kubernetes.io/managed-by=berth}, by which the provider
 * finds it again.
 */
final class Manifests {

    static final String ACCOUNT = "berth.io/account";
    static final String DEPLOYMENT = "berth.io/deployment";
    static final String PLAN = "berth.io/plan";
    static final String COMPONENT = "berth.io/component";
    /** Digest of a pod template, so that waiting counts only pods of the current template. */
    static final String REVISION = "berth.io/revision";
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String SHARING = "berth.io/sharing";

    static final String NOTEBOOK = "notebook";
    static final String SPARK_MASTER = "spark-master";
    static final String SPARK_WORKER = "spark-worker";
    static final String WORKERS = "workers";
    static final String STORAGE = "storage";
    static final String NAMESPACE = "namespace";

    static final String QUOTA_NAME = "berth-quota";
    static final String LIMITS_NAME = "berth-limits";
    static final int SPARK_PORT = 7077;
    static final int SPARK_UI_PORT = 8080;
    /** The Spark master is small and fixed: it schedules, the workers compute. */
    static final long SPARK_MASTER_MILLICORES = 500;
    static final long SPARK_MASTER_MEMORY_MIB = 1024;
    static final String USER_VOLUME_PATH = "/home/berth/work";
    static final String EXAMPLES_PATH = "/home/berth/examples";
    static final String SPARK_CONF_PATH = "/opt/berth/spark-conf";

    private final KubernetesSettings settings;
    private final TaskRequest request;
    private final PackageParameters pkg;

    Manifests(KubernetesSettings settings, TaskRequest request, PackageParameters pkg) {
        this.settings = requireNonNull(settings, "settings is null");
        this.request = requireNonNull(request, "request is null");
        this.pkg = requireNonNull(pkg, "pkg is null");
    }

    /** The namespace the deployment's objects live in. */
    String namespace() {
        return settings.sharing() == KubernetesSettings.Sharing.SHARED
                ? settings.namespacePrefix() + "shared"
                : settings.namespacePrefix() + request.deployment();
    }

    /** Whether the deployment has a namespace of its own. */
    boolean ownNamespace() {
        return settings.sharing() != KubernetesSettings.Sharing.SHARED;
    }

    /** The prefix of the deployment's object names: unique in a shared namespace, a DNS label. */
    String baseName() {
        return "d" + request.deployment().toString().replace("-", "");
    }

    /** The object name of a component, e.g. {@code d0123...-notebook}. */
    String name(String component) {
        return baseName() + "-" + component;
    }

    /** The labels that identify the deployment's objects. */
    Map<String, String> deploymentLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(DEPLOYMENT, request.deployment().toString());
        return labels;
    }

    /** The labels of one component's objects. */
    Map<String, String> labels(String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, "berth");
        labels.put(ACCOUNT, request.owner().toString());
        labels.put(DEPLOYMENT, request.deployment().toString());
        labels.put(PLAN, labelValue(request.planName()));
        labels.put(COMPONENT, component);
        return labels;
    }

    /** The labels that select one component's objects and pods. */
    Map<String, String> selector(String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(DEPLOYMENT, request.deployment().toString());
        labels.put(COMPONENT, component);
        return labels;
    }

    Namespace namespaceObject() {
        Map<String, String> labels = ownNamespace() ? labels(NAMESPACE) : Map.of(MANAGED_BY, "berth", SHARING, "shared");
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.put(SHARING, settings.sharing().name().toLowerCase(java.util.Locale.ROOT));
        return new NamespaceBuilder().withNewMetadata().withName(namespace()).withLabels(all).endMetadata().build();
    }

    /** What the whole deployment may use: the notebook, the batch workers, the Spark master and workers. */
    Map<String, Quantity> quota() {
        long cores = pkg.workerMilliCores() * (1L + pkg.workers());
        long memory = pkg.workerMemoryMiB() * (1L + pkg.workers());
        int pods = 1 + pkg.workers();
        if (pkg.runsSpark()) {
            cores += SPARK_MASTER_MILLICORES + pkg.sparkWorkerMilliCores() * pkg.sparkWorkers();
            memory += SPARK_MASTER_MEMORY_MIB + pkg.sparkWorkerMemoryMiB() * pkg.sparkWorkers();
            pods += 1 + pkg.sparkWorkers();
        }
        Map<String, Quantity> hard = new TreeMap<>();
        hard.put("requests.cpu", milliCores(cores));
        hard.put("limits.cpu", milliCores(cores));
        hard.put("requests.memory", mebibytes(memory));
        hard.put("limits.memory", mebibytes(memory));
        hard.put("pods", new Quantity(Integer.toString(pods)));
        hard.put("persistentvolumeclaims", new Quantity(settings.storageClass() == null ? "0" : "1"));
        hard.put("requests.storage", new Quantity(settings.storageClass() == null ? "0" : pkg.diskGiB() + "Gi"));
        return hard;
    }

    ResourceQuota resourceQuota() {
        return new ResourceQuotaBuilder()
                .withNewMetadata().withName(QUOTA_NAME).withNamespace(namespace()).withLabels(labels(NAMESPACE))
                .endMetadata()
                .withNewSpec().withHard(quota()).endSpec()
                .build();
    }

    LimitRange limitRange() {
        long maxCores = Math.max(pkg.workerMilliCores(), Math.max(pkg.sparkWorkerMilliCores(), SPARK_MASTER_MILLICORES));
        long maxMemory = Math.max(pkg.workerMemoryMiB(), Math.max(pkg.sparkWorkerMemoryMiB(), SPARK_MASTER_MEMORY_MIB));
        Map<String, Quantity> defaults = Map.of("cpu", milliCores(pkg.workerMilliCores()),
                "memory", mebibytes(pkg.workerMemoryMiB()));
        return new LimitRangeBuilder()
                .withNewMetadata().withName(LIMITS_NAME).withNamespace(namespace()).withLabels(labels(NAMESPACE))
                .endMetadata()
                .withNewSpec().addNewLimit().withType("Container")
                .withDefault(new TreeMap<>(defaults)).withDefaultRequest(new TreeMap<>(defaults))
                .withMax(new TreeMap<>(Map.of("cpu", milliCores(maxCores), "memory", mebibytes(maxMemory))))
                .endLimit().endSpec()
                .build();
    }

    /**
     * In a shared namespace a quota cannot be limited to one deployment; the package's figures are kept in a
     * config map of the deployment instead, and its containers' limits enforce them.
     */
    ConfigMap packageRecord() {
        Map<String, String> data = new TreeMap<>();
        quota().forEach((name, amount) -> data.put(name, amount.toString()));
        return new ConfigMapBuilder()
                .withNewMetadata().withName(name("package")).withNamespace(namespace()).withLabels(labels(NAMESPACE))
                .endMetadata().withData(data).build();
    }

    PersistentVolumeClaim userVolume() {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(name("user")).withNamespace(namespace()).withLabels(labels(STORAGE))
                .endMetadata()
                .withNewSpec().withStorageClassName(settings.storageClass()).withAccessModes("ReadWriteOnce")
                .withNewResources().addToRequests("storage", new Quantity(pkg.diskGiB() + "Gi")).endResources()
                .endSpec().build();
    }

    /**
     * The notebook server: one pod whose variables carry the package, quotas and retention under their dotted
     * names and the packages the image must add.
     *
     * @param examples whether the examples claim exists and is mounted read-only
     */
    Deployment notebook(EnvironmentChoice environment, int port, boolean examples) {
        List<EnvVar> env = new ArrayList<>();
        pkg.notebookVariables().forEach((name, value) -> env.add(new EnvVar(name, value, null)));
        environment.containerVariables().forEach((name, value) -> env.add(new EnvVar(name, value, null)));
        env.add(new EnvVar("BERTH_DEPLOYMENT_ID", request.deployment().toString(), null));
        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        if (settings.storageClass() != null) {
            volumes.add(new VolumeBuilder().withName("user").withNewPersistentVolumeClaim(name("user"), false).build());
            mounts.add(new VolumeMountBuilder().withName("user").withMountPath(USER_VOLUME_PATH).build());
        }
        if (examples) {
            volumes.add(new VolumeBuilder().withName("examples")
                    .withNewPersistentVolumeClaim(settings.examplesClaim(), true).build());
            mounts.add(new VolumeMountBuilder().withName("examples").withMountPath(EXAMPLES_PATH).withReadOnly(true)
                    .build());
        }
        if (pkg.runsSpark()) {
            env.add(new EnvVar("SPARK_CONF_DIR", SPARK_CONF_PATH, null));
            volumes.add(new VolumeBuilder().withName("spark-conf").withNewConfigMap()
                    .withName(name("spark-conf")).withOptional(true).endConfigMap().build());
            mounts.add(new VolumeMountBuilder().withName("spark-conf").withMountPath(SPARK_CONF_PATH)
                    .withReadOnly(true).build());
        }
        Container container = container(NOTEBOOK, environment.image().reference(), pkg.workerMilliCores(),
                pkg.workerMemoryMiB(), env, mounts, List.of(port(NOTEBOOK, port)), null);
        container.getResources().getLimits().put("ephemeral-storage", new Quantity(pkg.diskGiB() + "Gi"));
        return deployment(NOTEBOOK, 1, pod(List.of(container), volumes));
    }

    Service service(String component, List<ServicePort> ports) {
        return new ServiceBuilder()
                .withNewMetadata().withName(name(component)).withNamespace(namespace()).withLabels(labels(component))
                .endMetadata()
                .withNewSpec().withSelector(selector(component)).withPorts(ports).endSpec()
                .build();
    }

    static ServicePort port(String name, int port) {
        return new ServicePortBuilder().withName(name.length() > 15 ? name.substring(0, 15) : name)
                .withPort(port).withNewTargetPort(port).withProtocol("TCP").build();
    }

    /** The Spark configuration the notebook and the workers read: derived from the package, never user text. */
    ConfigMap sparkConfiguration(EnvironmentChoice environment) {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.master", "spark://" + name(SPARK_MASTER) + ":" + SPARK_PORT);
        conf.put("spark.executor.cores", Long.toString(Math.max(1, pkg.sparkWorkerMilliCores() / 1000)));
        conf.put("spark.executor.memory", executorMemory() + "m");
        conf.put("spark.cores.max", Long.toString(Math.max(1, pkg.sparkWorkerMilliCores() / 1000) * pkg.sparkWorkers()));
        if (!environment.javaPackages().isEmpty()) {
            conf.put("spark.jars.packages", String.join(",", environment.javaPackages()));
        }
        StringBuilder text = new StringBuilder();
        conf.forEach((key, value) -> text.append(key).append(' ').append(value).append('\n'));
        return new ConfigMapBuilder()
                .withNewMetadata().withName(name("spark-conf")).withNamespace(namespace())
                .withLabels(labels(SPARK_MASTER)).endMetadata()
                .withData(Map.of("spark-defaults.conf", text.toString())).build();
    }

    /** Spark's executor memory: the worker's memory less the JVM's overhead (10 %, at least 384 MiB). */
    long executorMemory() {
        long overhead = Math.max(384, pkg.sparkWorkerMemoryMiB() / 10);
        return Math.max(256, pkg.sparkWorkerMemoryMiB() - overhead);
    }

    Deployment sparkMaster(EnvironmentChoice environment) {
        Container container = container(SPARK_MASTER, environment.image().reference(), SPARK_MASTER_MILLICORES,
                SPARK_MASTER_MEMORY_MIB, List.of(new EnvVar("SPARK_CONF_DIR", SPARK_CONF_PATH, null)),
                List.of(sparkConfMount()), List.of(port("spark", SPARK_PORT), port("ui", SPARK_UI_PORT)),
                List.of("/bin/sh", "-c", "exec \"$SPARK_HOME/bin/spark-class\" org.apache.spark.deploy.master.Master"
                        + " --host 0.0.0.0 --port " + SPARK_PORT + " --webui-port " + SPARK_UI_PORT));
        return deployment(SPARK_MASTER, 1, pod(List.of(container), List.of(sparkConfVolume())));
    }

    Deployment sparkWorkers(EnvironmentChoice environment) {
        List<EnvVar> env = List.of(
                new EnvVar("SPARK_CONF_DIR", SPARK_CONF_PATH, null),
                new EnvVar("SPARK_WORKER_CORES", Long.toString(Math.max(1, pkg.sparkWorkerMilliCores() / 1000)), null),
                new EnvVar("SPARK_WORKER_MEMORY", executorMemory() + "m", null));
        Container container = container(SPARK_WORKER, environment.image().reference(), pkg.sparkWorkerMilliCores(),
                pkg.sparkWorkerMemoryMiB(), env, List.of(sparkConfMount()), List.of(),
                List.of("/bin/sh", "-c", "exec \"$SPARK_HOME/bin/spark-class\" org.apache.spark.deploy.worker.Worker"
                        + " spark://" + name(SPARK_MASTER) + ":" + SPARK_PORT));
        return deployment(SPARK_WORKER, pkg.sparkWorkers(), pod(List.of(container), List.of(sparkConfVolume())));
    }

    Deployment batchWorkers(EnvironmentChoice environment) {
        List<EnvVar> env = new ArrayList<>();
        pkg.notebookVariables().forEach((name, value) -> env.add(new EnvVar(name, value, null)));
        environment.containerVariables().forEach((name, value) -> env.add(new EnvVar(name, value, null)));
        env.add(new EnvVar("BERTH_DEPLOYMENT_ID", request.deployment().toString(), null));
        Container container = container(WORKERS, environment.image().reference(), pkg.workerMilliCores(),
                pkg.workerMemoryMiB(), env, List.of(), List.of(), null);
        return deployment(WORKERS, pkg.workers(), pod(List.of(container), List.of()));
    }

    private VolumeMount sparkConfMount() {
        return new VolumeMountBuilder().withName("spark-conf").withMountPath(SPARK_CONF_PATH).withReadOnly(true).build();
    }

    private Volume sparkConfVolume() {
        return new VolumeBuilder().withName("spark-conf").withNewConfigMap().withName(name("spark-conf")).endConfigMap()
                .build();
    }

    private static Container container(String name, String image, long milliCores, long memoryMiB, List<EnvVar> env,
                                       List<VolumeMount> mounts, List<ServicePort> ports, List<String> command) {
        Map<String, Quantity> amounts = new TreeMap<>(Map.of("cpu", milliCores(milliCores), "memory", mebibytes(memoryMiB)));
        ContainerBuilder builder = new ContainerBuilder()
                .withName(name).withImage(image).withImagePullPolicy("IfNotPresent")
                .withEnv(env).withVolumeMounts(mounts)
                .withNewResources().withRequests(new TreeMap<>(amounts)).withLimits(new TreeMap<>(amounts)).endResources()
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).endSecurityContext();
        for (ServicePort port : ports) {
            builder.addNewPort().withName(port.getName()).withContainerPort(port.getPort()).withProtocol("TCP").endPort();
        }
        if (command != null) {
            builder.withCommand(command);
        }
        return builder.build();
    }

    private PodSpec pod(List<Container> containers, List<Volume> volumes) {
        PodSpecBuilder spec = new PodSpecBuilder().withContainers(containers).withVolumes(volumes)
                .withAutomountServiceAccountToken(false);
        if (settings.sharing() == KubernetesSettings.Sharing.RESERVED) {
            if (!settings.reservedNodeSelector().isEmpty()) {
                spec.withNodeSelector(new TreeMap<>(settings.reservedNodeSelector()));
            }
            if (settings.reservedTaint() != null) {
                spec.withTolerations(toleration(settings.reservedTaint()));
            }
        }
        return spec.build();
    }

    private static Toleration toleration(KubernetesSettings.Taint taint) {
        TolerationBuilder toleration = new TolerationBuilder().withKey(taint.key()).withEffect(taint.effect());
        return taint.value() == null ? toleration.withOperator("Exists").build()
                : toleration.withOperator("Equal").withValue(taint.value()).build();
    }

    private Deployment deployment(String component, int replicas, PodSpec pod) {
        Map<String, String> podLabels = new LinkedHashMap<>(labels(component));
        podLabels.put(REVISION, revision(pod));
        return new DeploymentBuilder()
                .withNewMetadata().withName(name(component)).withNamespace(namespace()).withLabels(labels(component))
                .endMetadata()
                .withNewSpec().withReplicas(replicas)
                // Recreate: a configure must not run old and new pods side by side beyond the quota.
                .withNewStrategy().withType("Recreate").endStrategy()
                .withNewSelector().withMatchLabels(selector(component)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(podLabels).endMetadata().withSpec(pod).endTemplate()
                .endSpec()
                .build();
    }

    /** A short digest of a pod template: pods of an older template do not count as ready. */
    static String revision(PodSpec pod) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(pod.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static Quantity milliCores(long milliCores) {
        return new Quantity(milliCores % 1000 == 0 ? Long.toString(milliCores / 1000) : milliCores + "m");
    }

    static Quantity mebibytes(long mebibytes) {
        return new Quantity(mebibytes + "Mi");
    }

    /** A label value from a plan name: at most 63 characters, starting and ending with a letter or digit. */
    static String labelValue(String text) {
        String cleaned = text.replaceAll("[^A-Za-z0-9._-]", "-");
        if (cleaned.length() > 63) {
            cleaned = cleaned.substring(0, 63);
        }
        return cleaned.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    }
}
