package io.berth.provisioning.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.core.account.AccountId;
import io.berth.core.catalog.TaskPhase;
import io.berth.core.catalog.TaskSpec;
import io.berth.core.provisioning.CommandAction;
import io.berth.core.provisioning.CommandId;
import io.berth.core.provisioning.DeploymentId;
import io.berth.core.provisioning.TaskId;
import io.berth.provisioning.spi.Provider;
import io.berth.provisioning.spi.TaskMonitor;
import io.berth.provisioning.spi.TaskOutcome;
import io.berth.provisioning.spi.TaskRequest;
import io.berth.provisioning.tck.TestProviderContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The example plans of docs/kubernetes-provider.md are what {@code berth createservice --file} posts: their
 * fields are the API's, their Kubernetes tasks pass the provider's validation, and run in order against the mock
 * cluster they install, report healthy and remove everything. The reserved-cluster plan's Kubernetes tasks run in
 * the cluster whose kubeconfig its {@code openstack-cluster} task leaves in {@code cluster.kubeconfig.dir}
 * (spi-openstack's ReservedClusterPlanTest runs that task).
 */
class ExamplePlanTest {

    static final Path PLAN = Path.of("..", "docs", "examples", "kubernetes-notebook-plan.json");
    static final Path RESERVED_CLUSTER_PLAN = Path.of("..", "docs", "examples", "reserved-cluster-plan.json");
    private static final Set<String> TASK_FIELDS = Set.of("name", "kind", "script", "interpreter", "arguments",
            "environment", "settings", "timeout", "retries", "retryBackoff", "repeatable");

    @TempDir
    Path folder;

    @Test
    void theExamplePlanIsValidAndRunsAgainstACluster() throws Exception {
        JsonNode plan = new ObjectMapper().readTree(Files.readString(PLAN));
        assertThat(fields(plan)).containsExactlyInAnyOrder("description", "configuration");
        JsonNode configuration = plan.get("configuration");
        assertThat(fields(configuration)).containsExactlyInAnyOrder("installTasks", "removeTasks", "healthCheck",
                "healthInterval");
        List<TaskSpec> install = tasks(configuration.get("installTasks"));
        List<TaskSpec> remove = tasks(configuration.get("removeTasks"));
        TaskSpec health = task(configuration.get("healthCheck"));
        Duration.parse(configuration.get("healthInterval").asText());

        try (MockCluster cluster = MockCluster.start(folder);
             TestProviderContext context = new TestProviderContext()) {
            FakeKubelet kubelet = new FakeKubelet(cluster.client());
            Provider provider = new KubernetesProviderFactory().create(Map.of(
                    KubernetesProviderFactory.KUBECONFIG, cluster.kubeconfig().toString(),
                    KubernetesProviderFactory.IMAGE_CATALOG, TestCatalog.write(folder).toString(),
                    KubernetesProviderFactory.STORAGE_CLASS, "standard",
                    KubernetesProviderFactory.POLL_INTERVAL, "PT0.05S"), context);
            try {
                for (TaskSpec spec : install) {
                    provider.validate(spec);
                }
                remove.forEach(provider::validate);
                provider.validate(health);

                DeploymentId deployment = DeploymentId.random();
                Map<String, String> parameters = new HashMap<>(Map.of("resources.package", "small",
                        "resources.worker.cores", "1", "resources.worker.memory", "2048", "resources.disk", "10",
                        "environment.name", "gaia-basic", "workers", "1", "spark.workers", "2"));
                for (TaskSpec spec : install) {
                    assertThat(run(provider, spec, TaskPhase.INSTALL, deployment, parameters).status()).as(spec.name())
                            .isEqualTo(TaskOutcome.Status.SUCCEEDED);
                }
                assertThat(run(provider, health, TaskPhase.HEALTH, deployment, parameters).status())
                        .isEqualTo(TaskOutcome.Status.SUCCEEDED);
                for (TaskSpec spec : remove) {
                    assertThat(run(provider, spec, TaskPhase.REMOVE, deployment, parameters).status()).as(spec.name())
                            .isEqualTo(TaskOutcome.Status.SUCCEEDED);
                }
                assertThat(cluster.client().namespaces().withName("berth-" + deployment).get()).isNull();
            } finally {
                provider.close();
                kubelet.close();
            }
        }
    }

    @Test
    void theReservedClusterPlansKubernetesTasksRunInTheDeploymentsOwnCluster() throws Exception {
        JsonNode plan = new ObjectMapper().readTree(Files.readString(RESERVED_CLUSTER_PLAN));
        assertThat(fields(plan)).containsExactlyInAnyOrder("description", "configuration");
        JsonNode configuration = plan.get("configuration");
        List<TaskSpec> install = tasks(configuration.get("installTasks"));
        List<TaskSpec> remove = tasks(configuration.get("removeTasks"));
        TaskSpec health = task(configuration.get("healthCheck"));
        Duration.parse(configuration.get("healthInterval").asText());
        // The cluster is made first and removed last; everything else is the Kubernetes provider's.
        assertThat(install.get(0).kind()).isEqualTo("openstack-cluster");
        assertThat(remove.get(remove.size() - 1).kind()).isEqualTo("openstack-cluster");
        List<TaskSpec> kubernetesInstall = install.subList(1, install.size());
        List<TaskSpec> kubernetesRemove = remove.subList(0, remove.size() - 1);
        assertThat(kubernetesInstall).extracting(TaskSpec::kind).allMatch(kind -> kind.startsWith("kubernetes-"));
        assertThat(kubernetesRemove).extracting(TaskSpec::kind)
                .containsExactlyInAnyOrderElementsOf(kubernetesInstall.stream().map(TaskSpec::kind).toList());

        Path kubeconfigDir = folder.resolve("providers").resolve("openstack").resolve("kubeconfig");
        try (MockCluster defaultCluster = MockCluster.start(Files.createDirectory(folder.resolve("default")));
             MockCluster ownCluster = MockCluster.start(Files.createDirectory(folder.resolve("own")));
             TestProviderContext context = new TestProviderContext()) {
            FakeKubelet defaultKubelet = new FakeKubelet(defaultCluster.client());
            FakeKubelet ownKubelet = new FakeKubelet(ownCluster.client());
            Provider provider = new KubernetesProviderFactory().create(Map.of(
                    KubernetesProviderFactory.KUBECONFIG, defaultCluster.kubeconfig().toString(),
                    KubernetesProviderFactory.IMAGE_CATALOG, TestCatalog.write(folder).toString(),
                    KubernetesProviderFactory.CLUSTER_KUBECONFIG_DIR, kubeconfigDir.toString(),
                    KubernetesProviderFactory.POLL_INTERVAL, "PT0.05S"), context);
            try {
                kubernetesInstall.forEach(provider::validate);
                kubernetesRemove.forEach(provider::validate);
                provider.validate(health);

                DeploymentId deployment = DeploymentId.random();
                // What the openstack-cluster task leaves behind: the new cluster's kubeconfig, named after the deployment.
                Files.createDirectories(kubeconfigDir);
                Path ownKubeconfig = Files.copy(ownCluster.kubeconfig(),
                        kubeconfigDir.resolve("berth-" + deployment + ".yaml"));
                Map<String, String> parameters = new HashMap<>(Map.of("resources.package", "small",
                        "resources.worker.cores", "1", "resources.worker.memory", "2048", "resources.disk", "10",
                        "environment.name", "gaia-basic", "workers", "1", "spark.workers", "2"));
                for (TaskSpec spec : kubernetesInstall) {
                    assertThat(run(provider, spec, TaskPhase.INSTALL, deployment, parameters).status()).as(spec.name())
                            .isEqualTo(TaskOutcome.Status.SUCCEEDED);
                }
                assertThat(ownCluster.client().apps().deployments().inNamespace("berth-" + deployment).list()
                        .getItems()).hasSize(4);
                assertThat(defaultCluster.client().namespaces().withName("berth-" + deployment).get()).isNull();
                assertThat(run(provider, health, TaskPhase.HEALTH, deployment, parameters).status())
                        .isEqualTo(TaskOutcome.Status.SUCCEEDED);
                for (TaskSpec spec : kubernetesRemove) {
                    assertThat(run(provider, spec, TaskPhase.REMOVE, deployment, parameters).status()).as(spec.name())
                            .isEqualTo(TaskOutcome.Status.SUCCEEDED);
                }
                assertThat(ownCluster.client().namespaces().withName("berth-" + deployment).get()).isNull();
                // The cluster's removal deletes the kubeconfig; the plan's tasks require their own cluster, so a
                // later health check fails instead of looking at the default cluster.
                Files.delete(ownKubeconfig);
                assertThat(run(provider, health, TaskPhase.HEALTH, deployment, parameters).reason())
                        .startsWith("own-cluster-missing: ");
            } finally {
                provider.close();
                defaultKubelet.close();
                ownKubelet.close();
            }
        }
    }

    @Test
    void bothProvidersGuidesShowTheReservedClusterPlanAsItIs() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode plan = json.readTree(Files.readString(RESERVED_CLUSTER_PLAN));
        for (String guide : List.of("kubernetes-provider.md", "openstack-provider.md")) {
            String text = Files.readString(Path.of("..", "docs", guide));
            int section = text.indexOf("\n## A reserved cluster per booking\n");
            assertThat(section).as(guide).isPositive();
            int start = text.indexOf("```json\n", section) + "```json\n".length();
            int end = text.indexOf("```", start);
            assertThat(json.readTree(text.substring(start, end))).as(guide).isEqualTo(plan);
        }
    }

    private static TaskOutcome run(Provider provider, TaskSpec spec, TaskPhase phase, DeploymentId deployment,
                                   Map<String, String> parameters) {
        TaskRequest request = new TaskRequest(spec, phase, phase == TaskPhase.HEALTH ? null
                : phase == TaskPhase.REMOVE ? CommandAction.REMOVE : CommandAction.INSTALL, CommandId.random(),
                TaskId.random(), 1, deployment, AccountId.random(), "notebook-k8s", parameters);
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> provider.execute(request, TaskMonitor.none()));
    }

    private static List<TaskSpec> tasks(JsonNode array) {
        List<TaskSpec> tasks = new ArrayList<>();
        array.forEach(node -> tasks.add(task(node)));
        return tasks;
    }

    private static TaskSpec task(JsonNode node) {
        assertThat(TASK_FIELDS).containsAll(fields(node));
        Map<String, String> settings = new HashMap<>();
        if (node.has("settings")) {
            node.get("settings").properties().forEach(entry -> settings.put(entry.getKey(), entry.getValue().asText()));
        }
        return new TaskSpec(node.get("name").asText(), node.get("kind").asText(), null, null, List.of(), Map.of(),
                settings, node.has("timeout") ? Duration.parse(node.get("timeout").asText()) : null,
                node.path("retries").asInt(0), null, node.path("repeatable").asBoolean(false));
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        Iterator<String> iterator = node.fieldNames();
        iterator.forEachRemaining(names::add);
        return names;
    }
}
