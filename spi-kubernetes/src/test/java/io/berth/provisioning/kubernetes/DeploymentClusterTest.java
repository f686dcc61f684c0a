package io.berth.provisioning.kubernetes;

import io.berth.core.account.AccountId;
import io.berth.core.catalog.TaskPhase;
import io.berth.core.catalog.TaskSpec;
import io.berth.core.error.ErrorCode;
import io.berth.core.provisioning.CommandAction;
import io.berth.core.provisioning.CommandId;
import io.berth.core.provisioning.DeploymentId;
import io.berth.core.provisioning.TaskId;
import io.berth.provisioning.spi.Provider;
import io.berth.provisioning.spi.ProviderException;
import io.berth.provisioning.spi.TaskOutcome;
import io.berth.provisioning.spi.TaskRequest;
import io.berth.provisioning.tck.RecordingTaskMonitor;
import io.berth.provisioning.tck.TestProviderContext;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Two mock clusters: the default one of the provider's kubeconfig, and a deployment's own one whose kubeconfig
 * lies in {@code cluster.kubeconfig.dir} as the OpenStack provider writes it. A deployment with such a file is
 * installed, checked and removed there and nowhere else; one without a file stays on the default cluster.
 */
class DeploymentClusterTest {

    /** A hang guard, not a speed requirement. */
    private static final Duration GUARD = Duration.ofSeconds(60);

    @TempDir
    Path folder;

    private MockCluster defaultCluster;
    private MockCluster ownCluster;
    private FakeKubelet defaultKubelet;
    private FakeKubelet ownKubelet;
    private TestProviderContext context;
    private Path kubeconfigDir;
    private KubernetesProvider provider;

    private final AccountId owner = AccountId.random();
    private final DeploymentId reserved = DeploymentId.random();
    private final DeploymentId ordinary = DeploymentId.random();

    @BeforeEach
    void start() throws IOException {
        defaultCluster = MockCluster.start(Files.createDirectory(folder.resolve("default")));
        ownCluster = MockCluster.start(Files.createDirectory(folder.resolve("own")));
        defaultKubelet = new FakeKubelet(defaultCluster.client());
        ownKubelet = new FakeKubelet(ownCluster.client());
        context = new TestProviderContext();
        kubeconfigDir = folder.resolve("openstack").resolve("kubeconfig");
        provider = (KubernetesProvider) new KubernetesProviderFactory().create(Map.of(
                KubernetesProviderFactory.KUBECONFIG, defaultCluster.kubeconfig().toString(),
                KubernetesProviderFactory.IMAGE_CATALOG, TestCatalog.write(folder).toString(),
                KubernetesProviderFactory.POLL_INTERVAL, "PT0.05S",
                KubernetesProviderFactory.CLUSTER_KUBECONFIG_DIR, kubeconfigDir.toString()), context);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            provider.close();
            defaultKubelet.close();
            ownKubelet.close();
        } finally {
            try {
                defaultCluster.close();
            } finally {
                ownCluster.close();
                context.close();
            }
        }
    }

    /** Writes the own cluster's kubeconfig as the OpenStack provider names it. */
    private Path giveOwnCluster(DeploymentId deployment, String group) throws IOException {
        Files.createDirectories(kubeconfigDir);
        Path file = kubeconfigDir.resolve("berth-" + deployment + (group == null ? "" : "-" + group) + ".yaml");
        Files.copy(ownCluster.kubeconfig(), file);
        return file;
    }

    private static TaskSpec task(String kind, Map<String, String> settings) {
        return new TaskSpec(kind.substring("kubernetes-".length()), kind, null, null, List.of(), Map.of(), settings,
                Duration.ofMinutes(10), 0, null, true);
    }

    private TaskOutcome run(TaskPhase phase, String kind, DeploymentId deployment, RecordingTaskMonitor monitor) {
        return run(phase, task(kind, Map.of()), deployment, monitor);
    }

    private TaskOutcome run(TaskPhase phase, TaskSpec spec, DeploymentId deployment, RecordingTaskMonitor monitor) {
        TaskRequest request = new TaskRequest(spec, phase, phase == TaskPhase.HEALTH ? null
                : phase == TaskPhase.REMOVE ? CommandAction.REMOVE : CommandAction.INSTALL, CommandId.random(),
                TaskId.random(), 1, deployment, owner, "reserved-cluster", parameters());
        return assertTimeoutPreemptively(GUARD, () -> provider.execute(request, monitor));
    }

    private static Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("resources.package", "small");
        parameters.put("resources.worker.cores", "1");
        parameters.put("resources.worker.memory", "2048");
        parameters.put("resources.disk", "10");
        parameters.put("environment.name", "gaia-basic");
        parameters.put("workers", "1");
        return parameters;
    }

    private static String url(MockCluster cluster) {
        return cluster.client().getMasterUrl().toString();
    }

    private static boolean hasNamespace(MockCluster cluster, DeploymentId deployment) {
        return cluster.client().namespaces().withName("berth-" + deployment).get() != null;
    }

    private static List<String> deployments(MockCluster cluster, DeploymentId deployment) {
        return FakeKubelet.names(cluster.client().apps().deployments().inNamespace("berth-" + deployment).list()
                .getItems());
    }

    @Test
    void aDeploymentWithItsOwnKubeconfigIsInstalledCheckedAndRemovedInItsOwnCluster() throws IOException {
        giveOwnCluster(reserved, null);
        List<String> progress = new ArrayList<>();

        for (String kind : List.of(KubernetesProvider.NAMESPACE_KIND, KubernetesProvider.NOTEBOOK_KIND,
                KubernetesProvider.WORKERS_KIND)) {
            RecordingTaskMonitor monitor = new RecordingTaskMonitor();
            TaskOutcome outcome = run(TaskPhase.INSTALL, kind, reserved, monitor);
            assertThat(outcome.status()).as("%s: %s", kind, outcome).isEqualTo(TaskOutcome.Status.SUCCEEDED);
            progress.add(monitor.progress().get(0));
        }

        assertThat(progress).containsOnly("deploying into the deployment's own cluster (" + url(ownCluster) + ")");
        assertThat(hasNamespace(ownCluster, reserved)).isTrue();
        assertThat(deployments(ownCluster, reserved)).hasSize(2);
        assertThat(hasNamespace(defaultCluster, reserved)).isFalse();
        assertThat(defaultCluster.client().apps().deployments().inAnyNamespace().list().getItems()).isEmpty();

        RecordingTaskMonitor healthMonitor = new RecordingTaskMonitor();
        TaskOutcome health = run(TaskPhase.HEALTH, KubernetesProvider.NOTEBOOK_KIND, reserved, healthMonitor);
        assertThat(health.status()).as("health %s", health).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(healthMonitor.progress()).containsExactly("checking in the deployment's own cluster ("
                + url(ownCluster) + ")");

        for (String kind : List.of(KubernetesProvider.WORKERS_KIND, KubernetesProvider.NOTEBOOK_KIND,
                KubernetesProvider.NAMESPACE_KIND)) {
            TaskOutcome outcome = run(TaskPhase.REMOVE, kind, reserved, new RecordingTaskMonitor());
            assertThat(outcome.status()).as("%s: %s", kind, outcome).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        }
        assertThat(hasNamespace(ownCluster, reserved)).isFalse();
        assertThat(ownCluster.client().apps().deployments().inAnyNamespace().list().getItems()).isEmpty();
    }

    @Test
    void aDeploymentWithoutAFileStaysOnTheDefaultClusterBesideOneWithAFile() throws IOException {
        giveOwnCluster(reserved, null);

        RecordingTaskMonitor monitor = new RecordingTaskMonitor();
        assertThat(run(TaskPhase.INSTALL, KubernetesProvider.NAMESPACE_KIND, ordinary, monitor).status())
                .isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(run(TaskPhase.INSTALL, KubernetesProvider.NAMESPACE_KIND, reserved, new RecordingTaskMonitor())
                .status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);

        assertThat(monitor.progress().get(0)).isEqualTo("deploying into the default cluster (" + url(defaultCluster)
                + ")");
        assertThat(hasNamespace(defaultCluster, ordinary)).isTrue();
        assertThat(hasNamespace(ownCluster, ordinary)).isFalse();
        assertThat(hasNamespace(ownCluster, reserved)).isTrue();
        assertThat(hasNamespace(defaultCluster, reserved)).isFalse();
        // The own cluster's health is its tasks' business; the provider's health and capacity stay on the default.
        assertThat(provider.health().detail()).contains(url(defaultCluster));
    }

    @Test
    void aTaskThatRequiresItsOwnClusterNeverFallsBackToTheDefault() throws IOException {
        TaskSpec required = task(KubernetesProvider.NAMESPACE_KIND, Map.of(ClusterClients.REQUIRED, "true"));
        provider.validate(required);

        TaskOutcome install = run(TaskPhase.INSTALL, required, reserved, new RecordingTaskMonitor());
        assertThat(install.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(install.reason()).startsWith("own-cluster-missing: ");
        assertThat(hasNamespace(defaultCluster, reserved)).isFalse();
        assertThat(run(TaskPhase.HEALTH, required, reserved, new RecordingTaskMonitor()).status())
                .isEqualTo(TaskOutcome.Status.FAILED);
        // with the cluster gone there is nothing of the deployment's left to remove
        assertThat(run(TaskPhase.REMOVE, required, reserved, new RecordingTaskMonitor()).status())
                .isEqualTo(TaskOutcome.Status.SUCCEEDED);

        giveOwnCluster(reserved, null);
        assertThat(run(TaskPhase.INSTALL, required, reserved, new RecordingTaskMonitor()).status())
                .isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(hasNamespace(ownCluster, reserved)).isTrue();
        assertThat(hasNamespace(defaultCluster, reserved)).isFalse();

        assertThatThrownBy(() -> provider.validate(task(KubernetesProvider.NAMESPACE_KIND,
                Map.of(ClusterClients.REQUIRED, "yes")))).hasMessageContaining("cluster.required must be true or false");
    }

    @Test
    void theClusterGroupSettingPicksTheGroupsKubeconfig() throws IOException {
        giveOwnCluster(reserved, "spark");
        TaskSpec grouped = task(KubernetesProvider.NAMESPACE_KIND, Map.of(ClusterClients.GROUP, "spark"));
        provider.validate(grouped);

        RecordingTaskMonitor monitor = new RecordingTaskMonitor();
        assertThat(run(TaskPhase.INSTALL, grouped, reserved, monitor).status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);

        assertThat(monitor.progress().get(0)).isEqualTo("deploying into the deployment's own cluster ("
                + url(ownCluster) + ")");
        assertThat(hasNamespace(ownCluster, reserved)).isTrue();
        assertThat(hasNamespace(defaultCluster, reserved)).isFalse();
        // Without the group the task looks for berth-<id>.yaml, which does not exist.
        assertThat(run(TaskPhase.INSTALL, KubernetesProvider.NAMESPACE_KIND, reserved, new RecordingTaskMonitor())
                .status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(hasNamespace(defaultCluster, reserved)).isTrue();
    }

    @Test
    void aKubeconfigThatDisappearsSendsTheNextTaskToTheDefaultClusterAndClosesItsClient() throws IOException {
        Path file = giveOwnCluster(reserved, null);
        assertThat(run(TaskPhase.INSTALL, KubernetesProvider.NAMESPACE_KIND, reserved, new RecordingTaskMonitor())
                .status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);

        Files.delete(file);
        RecordingTaskMonitor monitor = new RecordingTaskMonitor();
        TaskOutcome health = run(TaskPhase.HEALTH, KubernetesProvider.NAMESPACE_KIND, reserved, monitor);

        assertThat(monitor.progress()).containsExactly("checking in the default cluster (" + url(defaultCluster) + ")");
        assertThat(health.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(health.reason()).isEqualTo("missing: namespace berth-" + reserved + " does not exist");
        assertThat(provider.clusters().openClients()).isZero();
    }

    @Test
    void aLinkOrAFolderInPlaceOfTheKubeconfigIsRefused() throws IOException {
        Files.createDirectories(kubeconfigDir);
        Files.createSymbolicLink(kubeconfigDir.resolve("berth-" + reserved + ".yaml"), ownCluster.kubeconfig());
        Files.createDirectory(kubeconfigDir.resolve("berth-" + ordinary + ".yaml"));

        for (DeploymentId deployment : List.of(reserved, ordinary)) {
            assertThatThrownBy(() -> run(TaskPhase.INSTALL, KubernetesProvider.NAMESPACE_KIND, deployment,
                    new RecordingTaskMonitor()))
                    .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE))
                    .hasMessageContaining("is not a regular file");
        }
        assertThat(ownCluster.client().namespaces().list().getItems()).noneMatch(namespace -> namespace
                .getMetadata().getName().startsWith("berth-"));
        assertThat(defaultCluster.client().namespaces().list().getItems()).noneMatch(namespace -> namespace
                .getMetadata().getName().startsWith("berth-"));
    }

    @Test
    void anUnreadableKubeconfigFailsTheTaskWithoutQuotingIt() throws IOException {
        Files.createDirectories(kubeconfigDir);
        Files.writeString(kubeconfigDir.resolve("berth-" + reserved + ".yaml"), "token: s3cret\n  - : [unclosed");

        assertThatThrownBy(() -> run(TaskPhase.INSTALL, KubernetesProvider.NAMESPACE_KIND, reserved,
                new RecordingTaskMonitor()))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE))
                .hasMessageContaining("cannot be read")
                .hasMessageNotContaining("s3cret");
        assertThat(hasNamespace(defaultCluster, reserved)).isFalse();
    }

    @Test
    void aBadClusterGroupOrOneWithoutTheFolderSettingIsRefusedByValidation() {
        assertThatThrownBy(() -> provider.validate(task(KubernetesProvider.NOTEBOOK_KIND,
                Map.of(ClusterClients.GROUP, "../../etc"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(ErrorCode.INVALID_TASK_SPEC))
                .hasMessageContaining("settings.cluster.group must be");

        Provider plain = new KubernetesProviderFactory().create(Map.of(
                KubernetesProviderFactory.KUBECONFIG, defaultCluster.kubeconfig().toString()), context);
        try {
            assertThatThrownBy(() -> plain.validate(task(KubernetesProvider.NOTEBOOK_KIND,
                    Map.of(ClusterClients.GROUP, "spark"))))
                    .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.errorCode())
                            .isEqualTo(ErrorCode.INVALID_TASK_SPEC))
                    .hasMessageContaining("needs the provider setting cluster.kubeconfig.dir");
        } finally {
            plain.close();
        }
    }

    @Test
    void closingTheProviderClosesTheOwnClustersClients() throws IOException {
        giveOwnCluster(reserved, null);
        assertThat(run(TaskPhase.INSTALL, KubernetesProvider.NAMESPACE_KIND, reserved, new RecordingTaskMonitor())
                .status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(provider.clusters().openClients()).isEqualTo(1);

        provider.close();

        assertThat(provider.clusters().openClients()).isZero();
    }

    /** The cache itself, with a factory that records the clients it builds. */
    @Test
    void clientsAreCachedByFileAndLastModifiedTimeAndClosedWhenReplacedOrGone() throws IOException {
        Map<Path, List<KubernetesClient>> built = new HashMap<>();
        ClusterClients clients = new ClusterClients(kubeconfigDir, file -> {
            KubernetesClient client = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                    .withConfig(io.fabric8.kubernetes.client.Config.fromKubeconfig(null, file.toFile())).build();
            built.computeIfAbsent(file, key -> new ArrayList<>()).add(client);
            return client;
        });
        try {
            Path file = giveOwnCluster(reserved, null);
            Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
            assertThat(clients.acquire(ordinary, null)).isNull();

            ClusterClients.Lease first = clients.acquire(reserved, null);
            ClusterClients.Lease again = clients.acquire(reserved, null);
            assertThat(again.client()).isSameAs(first.client());
            again.close();

            Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-02T00:00:00Z")));
            ClusterClients.Lease rewritten = clients.acquire(reserved, null);
            assertThat(rewritten.client()).isNotSameAs(first.client());
            // The old client is still used by a running task: it stays open until that task ends.
            assertThat(first.client().getHttpClient().isClosed()).isFalse();
            first.close();
            assertThat(first.client().getHttpClient().isClosed()).isTrue();
            rewritten.close();
            assertThat(clients.openClients()).isEqualTo(1);

            Files.delete(file);
            assertThat(clients.acquire(reserved, null)).isNull();
            assertThat(rewritten.client().getHttpClient().isClosed()).isTrue();
            assertThat(clients.openClients()).isZero();
            assertThat(built.get(file)).hasSize(2);
        } finally {
            clients.close();
        }
        assertThatThrownBy(() -> clients.acquire(reserved, null)).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
    }
}
