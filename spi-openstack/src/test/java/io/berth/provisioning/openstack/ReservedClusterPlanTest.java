package io.berth.provisioning.openstack;

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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenStack half of docs/examples/reserved-cluster-plan.json: its {@code openstack-cluster} tasks pass the
 * provider's validation, the install leaves the kubeconfig under the name the Kubernetes provider looks for in
 * {@code cluster.kubeconfig.dir} ({@code <work directory>/kubeconfig/berth-<deployment>.yaml}), and the removal
 * deletes it. spi-kubernetes' ExamplePlanTest runs the plan's Kubernetes tasks.
 */
class ReservedClusterPlanTest {

    static final Path PLAN = Path.of("..", "docs", "examples", "reserved-cluster-plan.json");

    @Test
    void theClusterTasksAreValidAndLeaveTheKubeconfigWhereTheKubernetesProviderLooks() throws Exception {
        JsonNode configuration = new ObjectMapper().readTree(Files.readString(PLAN)).get("configuration");
        List<TaskSpec> install = tasks(configuration.get("installTasks"));
        List<TaskSpec> remove = tasks(configuration.get("removeTasks"));
        TaskSpec cluster = install.get(0);
        TaskSpec clusterRemoval = remove.get(remove.size() - 1);
        assertThat(cluster.kind()).isEqualTo(OpenStackProvider.CLUSTER_KIND);
        assertThat(clusterRemoval.kind()).isEqualTo(OpenStackProvider.CLUSTER_KIND);
        assertThat(install.subList(1, install.size())).extracting(TaskSpec::kind)
                .allMatch(kind -> kind.startsWith("kubernetes-"));
        assertThat(remove.subList(0, remove.size() - 1)).extracting(TaskSpec::kind)
                .allMatch(kind -> kind.startsWith("kubernetes-"));

        try (FakeOpenStack cloud = FakeOpenStack.start();
             TestProviderContext context = TestProviderContext.builder()
                     .secret(OpenStackSettings.DEFAULT_APPLICATION_SECRET, FakeOpenStack.APPLICATION_SECRET).build();
             Provider provider = new OpenStackProviderFactory().create(cloud.providerSettings(), context)) {
            provider.validate(cluster);
            provider.validate(clusterRemoval);

            DeploymentId deployment = DeploymentId.random();
            Map<String, String> parameters = new HashMap<>(Map.of("resources.package", "small",
                    "resources.worker.cores", "1", "resources.worker.memory", "2048"));
            TaskOutcome installed = provider.execute(request(cluster, TaskPhase.INSTALL, deployment, parameters),
                    TaskMonitor.none());

            assertThat(installed.status()).as("%s", installed).isEqualTo(TaskOutcome.Status.SUCCEEDED);
            Path kubeconfig = context.workDirectory().resolve("kubeconfig").resolve("berth-" + deployment + ".yaml");
            assertThat(kubeconfig).isRegularFile();
            assertThat(Files.readString(kubeconfig)).contains("server: ");

            TaskOutcome removed = provider.execute(request(clusterRemoval, TaskPhase.REMOVE, deployment, parameters),
                    TaskMonitor.none());

            assertThat(removed.status()).as("%s", removed).isEqualTo(TaskOutcome.Status.SUCCEEDED);
            assertThat(kubeconfig).doesNotExist();
        }
    }

    private static TaskRequest request(TaskSpec spec, TaskPhase phase, DeploymentId deployment,
                                       Map<String, String> parameters) {
        return new TaskRequest(spec, phase, phase == TaskPhase.REMOVE ? CommandAction.REMOVE : CommandAction.INSTALL,
                CommandId.random(), TaskId.random(), 1, deployment, AccountId.random(), "reserved-cluster", parameters);
    }

    private static List<TaskSpec> tasks(JsonNode array) {
        List<TaskSpec> tasks = new ArrayList<>();
        array.forEach(node -> {
            Map<String, String> settings = new HashMap<>();
            if (node.has("settings")) {
                node.get("settings").properties().forEach(entry -> settings.put(entry.getKey(),
                        entry.getValue().asText()));
            }
            tasks.add(new TaskSpec(node.get("name").asText(), node.get("kind").asText(), null, null, List.of(),
                    Map.of(), settings, node.has("timeout") ? Duration.parse(node.get("timeout").asText()) : null,
                    node.path("retries").asInt(0), null, node.path("repeatable").asBoolean(false)));
        });
        return tasks;
    }
}
