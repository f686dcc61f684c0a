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
 * The example plan of docs/kubernetes-provider.md is what {@code berth createservice --file} posts: its fields
 * are the API's, its tasks pass the provider's validation, and run in order against the mock cluster they install,
 * report healthy and remove everything.
 */
class ExamplePlanTest {

    static final Path PLAN = Path.of("..", "docs", "examples", "kubernetes-notebook-plan.json");
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
