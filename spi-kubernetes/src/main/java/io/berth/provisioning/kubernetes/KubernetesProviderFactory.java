package io.berth.provisioning.kubernetes;

import io.berth.core.error.ErrorCode;
import io.berth.provisioning.spi.Provider;
import io.berth.provisioning.spi.ProviderContext;
import io.berth.provisioning.spi.ProviderException;
import io.berth.provisioning.spi.ProviderFactory;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Creates the {@code kubernetes} provider, which runs a deployment's namespace, notebook, Spark, batch
 * workers and storage on a Kubernetes cluster; see {@link KubernetesProvider}.
 *
 * <p>Settings (for the reference server: {@code BERTH_PROVIDER_KUBERNETES_<NAME>} with {@code .} written
 * {@code _}), all optional:
 * <ul>
 *   <li>{@value #KUBECONFIG}: the kubeconfig file; or {@value #IN_CLUSTER}{@code =true} to use the service
 *       account of the pod the server runs in; with neither, fabric8's usual search ({@code KUBECONFIG},
 *       {@code ~/.kube/config}, then the service account);</li>
 *   <li>{@value #CONTEXT}: the kubeconfig context; default its current context;</li>
 *   <li>{@value #NAMESPACE_PREFIX}: prefix of the namespaces Berth creates; default {@code berth-};</li>
 *   <li>{@value #SHARING}: {@code shared} (one namespace {@code <prefix>shared}), {@code managed} (default: a
 *       namespace per deployment, placed by the scheduler) or {@code reserved} (a namespace per deployment on
 *       dedicated nodes, {@value #RESERVED_NODE_SELECTOR} {@code key=value,...} and {@value #RESERVED_TAINT}
 *       {@code key=value:Effect}, or in another cluster, {@value #RESERVED_CONTEXT});</li>
 *   <li>{@value #IMAGE_CATALOG}: a JSON or {@code .properties} file of prebuilt images ({@link ImageCatalog});
 *       default the built-in catalog;</li>
 *   <li>{@value #STORAGE_CLASS}: storage class of each deployment's user volume; without it there is none;</li>
 *   <li>{@value #EXAMPLES_CLAIM}: a read-only examples claim the notebook mounts where it exists;</li>
 *   <li>{@value #WAIT_TIMEOUT}: the longest a task waits for its pods (ISO-8601 or seconds); default
 *       {@code PT10M}; a task's own shorter timeout wins;</li>
 *   <li>{@value #NODE_SELECTOR}: the label selector capacity discovery uses when it is given none;</li>
 *   <li>{@value #POLL_INTERVAL}: how often a waiting task reads pods and events; default {@code PT0.5S};</li>
 *   <li>{@value #CLUSTER_KUBECONFIG_DIR}: a folder of per-deployment kubeconfig files
 *       ({@code berth-<deployment>[-<group>].yaml}, as the OpenStack provider's {@code openstack-cluster} task
 *       writes them); a deployment whose file exists runs in its own cluster, see {@link KubernetesSettings}.</li>
 * </ul>
 * Any other setting is refused, so that a misspelt one is not silently ignored. Creating the provider does not
 * contact the cluster; {@link Provider#health()} does.
 */
public final class KubernetesProviderFactory implements ProviderFactory {

    /** The provider's name. */
    public static final String NAME = "kubernetes";
    /** Setting: path of the kubeconfig file. */
    public static final String KUBECONFIG = "kubeconfig";
    /** Setting: use the pod's service account. */
    public static final String IN_CLUSTER = "in.cluster";
    /** Setting: the kubeconfig context. */
    public static final String CONTEXT = "context";
    /** Setting: prefix of the namespaces Berth creates. */
    public static final String NAMESPACE_PREFIX = "namespace.prefix";
    /** Setting: shared, managed or reserved. */
    public static final String SHARING = "sharing";
    /** Setting: node labels of the dedicated nodes of reserved deployments. */
    public static final String RESERVED_NODE_SELECTOR = "reserved.node.selector";
    /** Setting: the taint of the dedicated nodes, tolerated by reserved pods. */
    public static final String RESERVED_TAINT = "reserved.taint";
    /** Setting: the kubeconfig context of a separate cluster for reserved deployments. */
    public static final String RESERVED_CONTEXT = "reserved.context";
    /** Setting: the image catalog file. */
    public static final String IMAGE_CATALOG = "image.catalog";
    /** Setting: the storage class of user volumes. */
    public static final String STORAGE_CLASS = "storage.class";
    /** Setting: the read-only examples claim. */
    public static final String EXAMPLES_CLAIM = "examples.claim";
    /** Setting: the longest wait for pods. */
    public static final String WAIT_TIMEOUT = "wait.timeout";
    /** Setting: the default node selector of capacity discovery. */
    public static final String NODE_SELECTOR = "node.selector";
    /** Setting: how often a waiting task reads pods and events. */
    public static final String POLL_INTERVAL = "poll.interval";
    /** Setting: the folder of per-deployment kubeconfig files. */
    public static final String CLUSTER_KUBECONFIG_DIR = "cluster.kubeconfig.dir";

    static final Set<String> SETTINGS = Set.of(KUBECONFIG, IN_CLUSTER, CONTEXT, NAMESPACE_PREFIX, SHARING,
            RESERVED_NODE_SELECTOR, RESERVED_TAINT, RESERVED_CONTEXT, IMAGE_CATALOG, STORAGE_CLASS, EXAMPLES_CLAIM,
            WAIT_TIMEOUT, NODE_SELECTOR, POLL_INTERVAL, CLUSTER_KUBECONFIG_DIR);

    private static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    /** Used by {@link java.util.ServiceLoader}. */
    public KubernetesProviderFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * @throws ProviderException with {@link ErrorCode#INVALID_REQUEST} for an unknown setting, a bad value, a
     *                           missing kubeconfig file or context, or a malformed image catalog
     */
    @Override
    public Provider create(Map<String, String> settings, ProviderContext context) {
        requireNonNull(settings, "settings is null");
        requireNonNull(context, "context is null");
        KubernetesSettings parsed = KubernetesSettings.parse(settings);
        ImageCatalog catalog = ImageCatalog.load(parsed.imageCatalog());
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config(parsed)).build();
        ClusterClients clusters = parsed.clusterKubeconfigDir() == null ? null
                : new ClusterClients(parsed.clusterKubeconfigDir(), KubernetesProviderFactory::clusterClient);
        return new KubernetesProvider(parsed, catalog, client, clusters, context);
    }

    private static Config config(KubernetesSettings settings) {
        Config config;
        try {
            if (settings.kubeconfig() != null) {
                if (!Files.isReadable(settings.kubeconfig())) {
                    throw new ProviderException(ErrorCode.INVALID_REQUEST, KUBECONFIG + " " + settings.kubeconfig()
                            + " does not exist or cannot be read");
                }
                config = Config.fromKubeconfig(settings.workloadContext(), settings.kubeconfig().toFile());
            } else {
                if (settings.inCluster() && !Files.isReadable(SERVICE_ACCOUNT_TOKEN)) {
                    throw new ProviderException(ErrorCode.INVALID_REQUEST, IN_CLUSTER + "=true but there is no"
                            + " service account token at " + SERVICE_ACCOUNT_TOKEN + ": the server does not run in a pod");
                }
                config = Config.autoConfigure(settings.workloadContext());
            }
        } catch (KubernetesClientException | IllegalArgumentException e) {
            throw new ProviderException(ErrorCode.INVALID_REQUEST, "cannot read the kubeconfig"
                    + (settings.workloadContext() == null ? "" : " context '" + settings.workloadContext() + "'")
                    + ": " + e.getMessage(), e);
        }
        if (settings.workloadContext() != null && config.getCurrentContext() != null
                && !settings.workloadContext().equals(config.getCurrentContext().getName())) {
            throw new ProviderException(ErrorCode.INVALID_REQUEST, "the kubeconfig has no context '"
                    + settings.workloadContext() + "'");
        }
        return tuned(config);
    }

    /** A client of the cluster of a deployment's own kubeconfig file, in that file's current context. */
    private static KubernetesClient clusterClient(Path kubeconfig) {
        return new KubernetesClientBuilder().withConfig(tuned(Config.fromKubeconfig(null, kubeconfig.toFile())))
                .build();
    }

    private static Config tuned(Config config) {
        // A request that hangs, or a cluster that is down, must not hold a task or a readiness check for long:
        // a few quick retries instead of fabric8's default of ten with exponential back-off (about a minute).
        return new ConfigBuilder(config).withConnectionTimeout(10_000).withRequestTimeout(30_000)
                .withRequestRetryBackoffLimit(3).withRequestRetryBackoffInterval(200).build();
    }
}
