package io.berth.provisioning.openstack;

import io.berth.core.account.AccountId;
import io.berth.core.catalog.TaskPhase;
import io.berth.core.catalog.TaskSpec;
import io.berth.core.error.ErrorCode;
import io.berth.core.provisioning.CommandAction;
import io.berth.core.provisioning.CommandId;
import io.berth.core.provisioning.DeploymentId;
import io.berth.core.provisioning.TaskId;
import io.berth.core.resource.ResourceVector;
import io.berth.provisioning.spi.PhysicalCapacity;
import io.berth.provisioning.spi.Provider;
import io.berth.provisioning.spi.ProviderException;
import io.berth.provisioning.spi.TaskMonitor;
import io.berth.provisioning.spi.TaskOutcome;
import io.berth.provisioning.spi.TaskRequest;
import io.berth.provisioning.tck.RecordingTaskMonitor;
import io.berth.provisioning.tck.TestProviderContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenStackProviderTest {

    private static final Instant NOW = Instant.parse("2030-03-02T10:00:00Z");
    private static final String KEY_1 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@laptop";
    private static final String KEY_2 = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7vbqajDhA alice@desktop";

    private FakeOpenStack cloud;
    private TestProviderContext context;
    private Provider provider;

    @BeforeEach
    void start() {
        cloud = FakeOpenStack.start();
        context = TestProviderContext.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .secret(OpenStackSettings.DEFAULT_APPLICATION_SECRET, FakeOpenStack.APPLICATION_SECRET).build();
        provider = new OpenStackProviderFactory().create(cloud.providerSettings(), context);
    }

    @AfterEach
    void stop() {
        provider.close();
        context.close();
        cloud.close();
    }

    private static TaskSpec task(String name, String kind, Map<String, String> settings) {
        return new TaskSpec(name, kind, null, null, List.of(), Map.of(), settings, Duration.ofMinutes(2), 0, null, true);
    }

    private static TaskRequest request(TaskSpec spec, TaskPhase phase, DeploymentId deployment, Map<String, String> parameters) {
        return new TaskRequest(spec, phase, phase == TaskPhase.REMOVE ? CommandAction.REMOVE
                : phase == TaskPhase.HEALTH ? null : CommandAction.INSTALL, CommandId.random(), TaskId.random(), 1,
                deployment, AccountId.random(), "reserved-cluster", parameters);
    }

    private static Map<String, String> packageParameters() {
        Map<String, String> parameters = new HashMap<>();
        parameters.put("resources.package", "medium");
        parameters.put("resources.worker.cores", "2");
        parameters.put("resources.worker.memory", "4096");
        parameters.put("resources.spark.worker.cores", "4");
        parameters.put("resources.spark.worker.memory", "8192");
        parameters.put("resources.disk", "50");
        return parameters;
    }

    private Provider providerWith(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(cloud.providerSettings());
        settings.putAll(extra);
        provider.close();
        provider = new OpenStackProviderFactory().create(settings, context);
        return provider;
    }

    // ------------------------------------------------------------------ clusters

    @Test
    void clusterIsSizedFromThePackageWaitedForAndItsKubeconfigWritten() throws Exception {
        providerWith(Map.of("flavors", "m1.small,m1.medium,m1.large"));
        DeploymentId deployment = DeploymentId.random();
        RecordingTaskMonitor monitor = new RecordingTaskMonitor();

        TaskOutcome outcome = provider.execute(request(task("cluster", OpenStackProvider.CLUSTER_KIND, Map.of()),
                TaskPhase.INSTALL, deployment, packageParameters()), monitor);

        assertThat(outcome.status()).as("%s", outcome).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        // the largest worker (4 cores, 8 GiB) needs m1.medium; 6 cores and 12 GiB in all need two of them
        assertThat(cloud.clusters()).singleElement().satisfies(cluster -> {
            assertThat(cluster.name()).isEqualTo("berth-" + deployment);
            assertThat(cluster.flavorId()).isEqualTo("f-medium");
            assertThat(cluster.nodeCount()).isEqualTo(2);
            assertThat(cluster.masterCount()).isEqualTo(1);
            assertThat(cluster.status()).isEqualTo("CREATE_COMPLETE");
            assertThat(cluster.labels()).containsEntry("berth-deployment", deployment.toString())
                    .containsEntry("kube_tag", "v1.30.1");
            assertThat(cluster.mergeLabels()).isTrue();
        });
        assertThat(monitor.progress()).anySatisfy(line -> assertThat(line).contains("CREATE_IN_PROGRESS"));
        assertThat(monitor.progress().stream().filter(line -> line.contains("CREATE_COMPLETE")).count()).isEqualTo(1);
        assertThat(monitor.progress().indexOf(monitor.progress().stream()
                .filter(line -> line.contains("CREATE_IN_PROGRESS")).findFirst().orElseThrow()))
                .isLessThan(monitor.progress().indexOf(monitor.progress().stream()
                        .filter(line -> line.contains("CREATE_COMPLETE")).findFirst().orElseThrow()));

        Path kubeconfig = context.workDirectory().resolve("kubeconfig").resolve("berth-" + deployment + ".yaml");
        assertThat(outcome.output()).contains("kubeconfig=" + kubeconfig).contains("nodes=2")
                .doesNotContain("PRIVATE KEY").doesNotContain("client-key-data");
        assertThat(Files.getPosixFilePermissions(kubeconfig)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String yaml = Files.readString(kubeconfig);
        assertThat(yaml).contains("server: https://172.24.4.10:6443")
                .contains("certificate-authority-data: " + base64(FakeOpenStack.CA_PEM));
        String csr = cloud.certificateRequests().get(0);
        assertThat(yaml).contains("client-certificate-data: " + base64(FakeOpenStack.certificateFor(csr)));
        // the key in the kubeconfig is the one the signed request was made for, and the request is well signed
        String keyPem = new String(Base64.getDecoder().decode(field(yaml, "client-key-data")), StandardCharsets.US_ASCII);
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(pemBytes(keyPem)));
        RSAPublicKey requested = verifiedRequestKey(pemBytes(csr));
        assertThat(requested.getModulus()).isEqualTo(key.getModulus());
    }

    @Test
    void runningAgainFindsTheClusterInsteadOfMakingASecond() {
        DeploymentId deployment = DeploymentId.random();
        TaskSpec spec = task("cluster", OpenStackProvider.CLUSTER_KIND, Map.of());

        TaskOutcome first = provider.execute(request(spec, TaskPhase.INSTALL, deployment, Map.of()), TaskMonitor.none());
        RecordingTaskMonitor monitor = new RecordingTaskMonitor();
        TaskOutcome second = provider.execute(request(spec, TaskPhase.INSTALL, deployment, Map.of()), monitor);

        assertThat(first.status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(second.status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(cloud.clusters()).hasSize(1);
        assertThat(cloud.requests().stream().filter(line -> line.equals("POST /magnum/v1/clusters")).count()).isEqualTo(1);
        assertThat(monitor.progress().get(0)).contains("exists").contains("not asking again");
        // without resources or flavors the template's flavor and one node are used
        assertThat(cloud.clusters().get(0).flavorId()).isEqualTo("m1.medium");
        assertThat(cloud.clusters().get(0).nodeCount()).isEqualTo(1);
    }

    @Test
    void aCrashBetweenAskingAndRecordingIsRecoveredByTheDeploymentTag() {
        DeploymentId deployment = DeploymentId.random();
        TaskSpec spec = task("cluster", OpenStackProvider.CLUSTER_KIND, Map.of());
        cloud.loseNextCreateAnswer();

        assertThatThrownBy(() -> provider.execute(request(spec, TaskPhase.INSTALL, deployment, Map.of()), TaskMonitor.none()))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
        assertThat(cloud.clusters()).hasSize(1);

        TaskOutcome retry = provider.execute(request(spec, TaskPhase.INSTALL, deployment, Map.of()), TaskMonitor.none());

        assertThat(retry.status()).as("%s", retry).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(cloud.clusters()).singleElement()
                .satisfies(cluster -> assertThat(cluster.status()).isEqualTo("CREATE_COMPLETE"));
    }

    @Test
    void aLostServerAnswerIsRecoveredByTheDeploymentTag() {
        DeploymentId deployment = DeploymentId.random();
        TaskSpec spec = task("servers", OpenStackProvider.SERVER_KIND, Map.of("flavor", "m1.small", "nodes", "2"));
        cloud.loseNextCreateAnswer();

        assertThatThrownBy(() -> provider.execute(request(spec, TaskPhase.INSTALL, deployment, Map.of()), TaskMonitor.none()))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
        TaskOutcome retry = provider.execute(request(spec, TaskPhase.INSTALL, deployment, Map.of()), TaskMonitor.none());

        assertThat(retry.status()).as("%s", retry).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(cloud.servers()).extracting(FakeOpenStack.ServerView::name)
                .containsExactly("berth-" + deployment + "-1", "berth-" + deployment + "-2");
    }

    @Test
    void aFailedClusterFailsFastWithMagnumsReason() {
        cloud.failClusters("Resource CREATE failed: Quota exceeded for resources: ['floatingip']");

        TaskOutcome outcome = provider.execute(request(task("cluster", OpenStackProvider.CLUSTER_KIND, Map.of()),
                TaskPhase.INSTALL, DeploymentId.random(), Map.of()), TaskMonitor.none());

        assertThat(outcome.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(outcome.reason()).contains("CREATE_FAILED")
                .contains("Quota exceeded for resources: ['floatingip']");
        assertThat(cloud.certificateRequests()).isEmpty();
    }

    @Test
    void removeDeletesTheClusterAndWaitsUntilItIsGone() {
        DeploymentId deployment = DeploymentId.random();
        Map<String, String> parameters = Map.of("ssh.keys", KEY_1);
        provider.execute(request(task("cluster", OpenStackProvider.CLUSTER_KIND, Map.of()), TaskPhase.INSTALL,
                deployment, parameters), TaskMonitor.none());
        Path kubeconfig = context.workDirectory().resolve("kubeconfig").resolve("berth-" + deployment + ".yaml");
        assertThat(kubeconfig).exists();
        assertThat(cloud.keypairs()).containsOnlyKeys("berth-" + deployment);
        RecordingTaskMonitor monitor = new RecordingTaskMonitor();

        TaskOutcome removed = provider.execute(request(task("cluster-removal", OpenStackProvider.CLUSTER_KIND, Map.of()),
                TaskPhase.REMOVE, deployment, parameters), monitor);

        assertThat(removed.status()).as("%s", removed).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(cloud.clusters()).isEmpty();
        assertThat(cloud.keypairs()).isEmpty();
        assertThat(kubeconfig).doesNotExist();
        assertThat(monitor.progress()).contains("cluster berth-" + deployment + ": DELETE_IN_PROGRESS",
                "cluster berth-" + deployment + " is gone");
        TaskOutcome again = provider.execute(request(task("cluster-removal", OpenStackProvider.CLUSTER_KIND, Map.of()),
                TaskPhase.REMOVE, deployment, parameters), TaskMonitor.none());
        assertThat(again.status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(again.output()).contains("did not exist");
    }

    @Test
    void healthReportsTheClustersStatus() {
        DeploymentId deployment = DeploymentId.random();
        TaskSpec spec = task("cluster", OpenStackProvider.CLUSTER_KIND, Map.of());
        TaskOutcome missing = provider.execute(request(spec, TaskPhase.HEALTH, deployment, Map.of()), TaskMonitor.none());
        provider.execute(request(spec, TaskPhase.INSTALL, deployment, Map.of()), TaskMonitor.none());

        TaskOutcome healthy = provider.execute(request(spec, TaskPhase.HEALTH, deployment, Map.of()), TaskMonitor.none());

        assertThat(missing.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(missing.reason()).contains("does not exist");
        assertThat(healthy.status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(healthy.output()).contains("status=CREATE_COMPLETE").contains("health=HEALTHY");
    }

    // ------------------------------------------------------------------ servers

    @Test
    void serversCarryTheOwnersKeysTheTagNetworkAndSecurityGroup() {
        DeploymentId deployment = DeploymentId.random();
        RecordingTaskMonitor monitor = new RecordingTaskMonitor();
        Map<String, String> parameters = new HashMap<>(packageParameters());
        parameters.put("ssh.keys", KEY_1 + "\n\n" + KEY_2 + "\n");

        TaskOutcome outcome = provider.execute(request(task("servers", OpenStackProvider.SERVER_KIND, Map.of()),
                TaskPhase.INSTALL, deployment, parameters), monitor);

        assertThat(outcome.status()).as("%s", outcome).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        // no flavor preference: the smallest flavor that holds the largest worker is m1.medium, two of them
        assertThat(cloud.servers()).hasSize(2).allSatisfy(server -> {
            assertThat(server.status()).isEqualTo("ACTIVE");
            assertThat(server.flavorId()).isEqualTo("f-medium");
            assertThat(server.imageId()).isEqualTo("img-ubuntu");
            assertThat(server.metadata()).containsEntry("berth-deployment", deployment.toString());
            assertThat(server.keyName()).isEqualTo("berth-" + deployment);
            assertThat(server.networks()).containsExactly("net-berth");
            assertThat(server.securityGroups()).containsExactly("berth-ssh");
            assertThat(server.userData()).isEqualTo("#cloud-config\nssh_authorized_keys:\n  - \"" + KEY_1 + "\"\n  - \""
                    + KEY_2 + "\"\n");
        });
        assertThat(cloud.keypairs()).containsExactly(Map.entry("berth-" + deployment, KEY_1));
        assertThat(monitor.progress()).contains("server berth-" + deployment + "-1: BUILD",
                "server berth-" + deployment + "-1: ACTIVE");
        assertThat(outcome.output()).contains("server=berth-" + deployment + "-1 ").contains(" ACTIVE");
    }

    @Test
    void aServerInErrorFailsFastWithNovasFault() {
        TaskOutcome outcome = provider.execute(request(task("servers", OpenStackProvider.SERVER_KIND,
                        Map.of("flavor", "m1.small", "image", FakeOpenStack.FAILING_IMAGE)), TaskPhase.INSTALL,
                DeploymentId.random(), Map.of()), TaskMonitor.none());

        assertThat(outcome.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(outcome.reason()).contains("ERROR")
                .contains("No valid host was found. There are not enough hosts available.");
    }

    @Test
    void removeDeletesTheServersAndWaitsUntilTheyAreGone() {
        DeploymentId deployment = DeploymentId.random();
        DeploymentId other = DeploymentId.random();
        TaskSpec spec = task("servers", OpenStackProvider.SERVER_KIND, Map.of("flavor", "m1.small"));
        provider.execute(request(spec, TaskPhase.INSTALL, deployment, Map.of("nodes", "3")), TaskMonitor.none());
        provider.execute(request(spec, TaskPhase.INSTALL, other, Map.of()), TaskMonitor.none());
        assertThat(cloud.servers()).hasSize(4);

        TaskOutcome removed = provider.execute(request(spec, TaskPhase.REMOVE, deployment, Map.of()), TaskMonitor.none());

        assertThat(removed.status()).as("%s", removed).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(removed.output()).isEqualTo("3 server(s) deleted\n");
        assertThat(cloud.servers()).extracting(FakeOpenStack.ServerView::name).containsExactly("berth-" + other + "-1");
        TaskOutcome health = provider.execute(request(spec, TaskPhase.HEALTH, deployment, Map.of()), TaskMonitor.none());
        assertThat(health.status()).isEqualTo(TaskOutcome.Status.FAILED);
    }

    @Test
    void hostileParametersFailTheTaskWithAClearReason() {
        TaskSpec spec = task("servers", OpenStackProvider.SERVER_KIND, Map.of("flavor", "m1.small"));
        List<Map<String, String>> hostile = List.of(
                Map.of("ssh.keys", "ssh-rsa AAAA; rm -rf /"),
                Map.of("nodes", "0"),
                Map.of("nodes", "21"),
                Map.of("nodes", "2; drop"),
                Map.of("resources.worker.cores", "-1"),
                Map.of("resources.worker.memory", "1e9"));
        List<String> reasons = new ArrayList<>();
        for (Map<String, String> parameters : hostile) {
            TaskOutcome outcome = provider.execute(request(spec, TaskPhase.INSTALL, DeploymentId.random(), parameters),
                    TaskMonitor.none());
            assertThat(outcome.status()).as("%s", parameters).isEqualTo(TaskOutcome.Status.FAILED);
            reasons.add(outcome.reason());
        }

        assertThat(reasons.get(0)).contains("ssh.keys line 1 is not an OpenSSH public key");
        assertThat(reasons.subList(1, 4)).allSatisfy(reason -> assertThat(reason).contains("nodes must be a whole number from 1 to 20"));
        assertThat(reasons.get(4)).contains("resources.worker.cores must be a number of cores");
        assertThat(reasons.get(5)).contains("resources.worker.memory must be a whole number of MiB");
        assertThat(cloud.servers()).isEmpty();
    }

    @Test
    void aPackageNoFlavorHoldsFailsNamingTheFlavors() {
        providerWith(Map.of("flavors", "m1.small,m1.medium"));
        Map<String, String> parameters = Map.of("resources.worker.cores", "6", "resources.worker.memory", "2048");

        TaskOutcome outcome = provider.execute(request(task("cluster", OpenStackProvider.CLUSTER_KIND, Map.of()),
                TaskPhase.INSTALL, DeploymentId.random(), parameters), TaskMonitor.none());

        assertThat(outcome.status()).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(outcome.reason()).contains("no flavor of [m1.small, m1.medium] holds one worker of 6000m cores");
        assertThat(cloud.clusters()).isEmpty();
    }

    @Test
    void cancellationStopsTheWaitPromptly() throws Exception {
        TaskRequest request = request(task("servers", OpenStackProvider.SERVER_KIND,
                Map.of("flavor", "m1.small", "image", FakeOpenStack.STUCK_IMAGE)), TaskPhase.INSTALL,
                DeploymentId.random(), Map.of());
        RecordingTaskMonitor monitor = new RecordingTaskMonitor();
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<TaskOutcome> running = runner.submit(() -> provider.execute(request, monitor));
            // BUILD is reported once the server was asked for and read
            for (int i = 0; i < 3000 && monitor.progress().stream().noneMatch(line -> line.endsWith(": BUILD")); i++) {
                Thread.sleep(10);
            }
            assertThat(monitor.progress()).anySatisfy(line -> assertThat(line).endsWith(": BUILD"));
            monitor.cancel();
            TaskOutcome outcome = running.get(30, TimeUnit.SECONDS);

            assertThat(outcome.status()).isEqualTo(TaskOutcome.Status.CANCELLED);
            assertThat(outcome.reason()).contains("cancelled while waiting for server");
        } finally {
            runner.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ leases

    @Test
    void aLeaseCoversTheBookingAndRemovalEndsIt() {
        DeploymentId deployment = DeploymentId.random();
        TaskSpec spec = task("lease", OpenStackProvider.LEASE_KIND,
                Map.of("hosts", "2", "hypervisor.properties", "[\"==\", \"$vcpus\", \"16\"]"));
        Map<String, String> parameters = Map.of("booking.start", "2030-03-03T09:00:00Z", "booking.end", "2030-03-05T18:30:00Z");

        TaskOutcome created = provider.execute(request(spec, TaskPhase.INSTALL, deployment, parameters), TaskMonitor.none());
        TaskOutcome again = provider.execute(request(spec, TaskPhase.INSTALL, deployment, parameters), TaskMonitor.none());

        assertThat(created.status()).as("%s", created).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(again.status()).as("%s", again).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(cloud.leases()).singleElement().satisfies(lease -> {
            assertThat(lease.name()).isEqualTo("berth-" + deployment);
            assertThat(lease.status()).isEqualTo("PENDING");
            assertThat(lease.startDate()).isEqualTo("2030-03-03 09:00");
            assertThat(lease.endDate()).isEqualTo("2030-03-05 18:30");
            assertThat(lease.hosts()).isEqualTo(2);
            assertThat(lease.hypervisorProperties()).isEqualTo("[\"==\", \"$vcpus\", \"16\"]");
        });
        assertThat(created.output()).contains("status=PENDING").contains("hosts=2");

        TaskOutcome removed = provider.execute(request(spec, TaskPhase.REMOVE, deployment, parameters), TaskMonitor.none());

        assertThat(removed.status()).as("%s", removed).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(cloud.leases()).isEmpty();
    }

    @Test
    void aLeaseWithoutABookingOrForAPastPeriodFails() {
        TaskSpec spec = task("lease", OpenStackProvider.LEASE_KIND, Map.of());

        TaskOutcome unbooked = provider.execute(request(spec, TaskPhase.INSTALL, DeploymentId.random(), Map.of()),
                TaskMonitor.none());
        TaskOutcome past = provider.execute(request(spec, TaskPhase.INSTALL, DeploymentId.random(),
                Map.of("booking.start", "2030-03-01T00:00:00Z", "booking.end", "2030-03-02T00:00:00Z")), TaskMonitor.none());
        TaskOutcome garbled = provider.execute(request(spec, TaskPhase.INSTALL, DeploymentId.random(),
                Map.of("booking.start", "tomorrow", "booking.end", "2030-03-04T00:00:00Z")), TaskMonitor.none());

        assertThat(unbooked.reason()).contains("a lease needs the parameter booking.start");
        assertThat(past.reason()).contains("has ended or is empty");
        assertThat(garbled.reason()).contains("booking.start must be an ISO-8601 instant: 'tomorrow'");
        assertThat(List.of(unbooked, past, garbled)).allSatisfy(o -> assertThat(o.status()).isEqualTo(TaskOutcome.Status.FAILED));
        assertThat(cloud.leases()).isEmpty();
    }

    @Test
    void aCloudWithoutBlazarInItsCatalogIsReportedAsSuch() {
        cloud.withoutBlazar();
        TaskSpec spec = task("lease", OpenStackProvider.LEASE_KIND, Map.of());
        Map<String, String> parameters = Map.of("booking.start", "2030-03-03T09:00:00Z", "booking.end", "2030-03-04T09:00:00Z");

        assertThatThrownBy(() -> provider.execute(request(spec, TaskPhase.INSTALL, DeploymentId.random(), parameters),
                TaskMonitor.none()))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
                    assertThat(e.getMessage()).isEqualTo("the cloud's service catalog has no public 'reservation' "
                            + "endpoint in region RegionOne");
                });
    }

    @Test
    void leasesAreAKindOnlyWhenBlazarIsEnabled() {
        Provider withoutBlazar = providerWith(Map.of("blazar.enabled", "false"));

        assertThat(withoutBlazar.kinds()).containsExactlyInAnyOrder("openstack-cluster", "openstack-server");
        assertThatThrownBy(() -> withoutBlazar.validate(task("lease", OpenStackProvider.LEASE_KIND, Map.of())))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_TASK_SPEC);
                    assertThat(e.getMessage()).contains("blazar.enabled=true");
                });
    }

    // ------------------------------------------------------------------ capacity

    @Test
    void capacityIsTheSmallerOfHypervisorsAndQuotaPerDimension() {
        cloud.hypervisors(3, 48, 196608, 1500).quota(40, 262144, 20);

        PhysicalCapacity capacity = provider.discoverCapacity(null);

        assertThat(capacity.total()).isEqualTo(ResourceVector.of(40_000, 196608, 1500));
        assertThat(capacity.readAt()).isEqualTo(NOW);
        assertThat(capacity.sources()).hasSize(2);
        PhysicalCapacity.Source hypervisors = capacity.sources().get(0);
        PhysicalCapacity.Source quota = capacity.sources().get(1);
        assertThat(hypervisors.kind()).isEqualTo("hypervisors");
        assertThat(hypervisors.name()).isEqualTo("3 hypervisor(s)");
        assertThat(hypervisors.resources()).isEqualTo(ResourceVector.of(48_000, 196608, 1500));
        assertThat(hypervisors.counted()).isTrue();
        assertThat(hypervisors.note()).contains("[memory, disk]");
        assertThat(quota.kind()).isEqualTo("project-quota");
        assertThat(quota.resources()).isEqualTo(ResourceVector.of(40_000, 262144, 0));
        assertThat(quota.counted()).isTrue();
        assertThat(quota.note()).contains("smaller than the hypervisors for [cores]").contains("instances 20");
    }

    @Test
    void anUnlimitedQuotaLeavesTheHypervisors() {
        cloud.hypervisors(2, 32, 131072, 800).quota(-1, -1, -1);

        PhysicalCapacity capacity = provider.discoverCapacity("");

        assertThat(capacity.total()).isEqualTo(ResourceVector.of(32_000, 131072, 800));
        assertThat(capacity.sources().get(1).counted()).isFalse();
        assertThat(capacity.sources().get(1).note()).contains("instances unlimited").contains("cores unlimited");
        assertThatThrownBy(() -> provider.discoverCapacity("aggregate=gpu"))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }

    // ------------------------------------------------------------------ login

    @Test
    void aPasswordLoginScopedToAProjectWorksAndTheTokenIsReused() {
        Map<String, String> settings = new HashMap<>(cloud.providerSettings());
        settings.remove("application.credential.id");
        settings.put("username", FakeOpenStack.USERNAME);
        settings.put("project.name", FakeOpenStack.PROJECT_NAME);
        try (TestProviderContext passwordContext = TestProviderContext.builder()
                .secret(OpenStackSettings.DEFAULT_PASSWORD_SECRET, FakeOpenStack.PASSWORD).build();
             Provider passwordProvider = new OpenStackProviderFactory().create(settings, passwordContext)) {

            passwordProvider.discoverCapacity(null);
            passwordProvider.discoverCapacity(null);

            assertThat(cloud.logins()).isEqualTo(1);
            assertThat(passwordProvider.health().up()).isTrue();
        }
    }

    @Test
    void theTokenIsRenewedShortlyBeforeItExpires() {
        AdvancingClock clock = new AdvancingClock();
        try (TestProviderContext clocked = TestProviderContext.builder().clock(clock)
                .secret(OpenStackSettings.DEFAULT_APPLICATION_SECRET, FakeOpenStack.APPLICATION_SECRET).build();
             Provider renewing = new OpenStackProviderFactory().create(cloud.providerSettings(), clocked)) {

            renewing.discoverCapacity(null);
            clock.advance(Duration.ofMinutes(50));
            renewing.discoverCapacity(null);
            assertThat(cloud.logins()).as("the fake's tokens live one hour").isEqualTo(1);

            clock.advance(Duration.ofMinutes(6));
            renewing.discoverCapacity(null);
            assertThat(cloud.logins()).as("less than five minutes were left").isEqualTo(2);
        }
    }

    /** The system's time plus an offset the test moves forward. */
    private static final class AdvancingClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException("the test clock is UTC only");
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    @Test
    void aRefusedLoginIsAnUnavailableProviderAndUnhealthy() {
        try (TestProviderContext wrong = TestProviderContext.builder()
                .secret(OpenStackSettings.DEFAULT_APPLICATION_SECRET, "not-the-secret").build();
             Provider refused = new OpenStackProviderFactory().create(cloud.providerSettings(), wrong)) {

            assertThatThrownBy(() -> refused.execute(request(task("servers", OpenStackProvider.SERVER_KIND,
                    Map.of("flavor", "m1.small")), TaskPhase.INSTALL, DeploymentId.random(), Map.of()), TaskMonitor.none()))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
                        assertThat(e.getMessage()).contains("Keystone refused the login").contains("401")
                                .doesNotContain("not-the-secret");
                    });
            assertThat(refused.health().up()).isFalse();
            assertThat(cloud.servers()).isEmpty();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String field(String yaml, String name) {
        return yaml.lines().filter(line -> line.strip().startsWith(name + ": ")).findFirst().orElseThrow()
                .strip().substring(name.length() + 2);
    }

    private static byte[] pemBytes(String pem) {
        return Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    }

    /** Reads a PKCS#10 request, checks its signature with its own key and returns that key. */
    private static RSAPublicKey verifiedRequestKey(byte[] der) throws Exception {
        List<byte[]> request = children(der);
        byte[] info = request.get(0);
        List<byte[]> infoParts = children(info);
        assertThat(infoParts.get(1)).as("subject").containsSequence("system:masters".getBytes(StandardCharsets.UTF_8));
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(infoParts.get(2)));
        byte[] bitString = request.get(2);
        int headerLength = bitString[1] < 0 ? 2 + (bitString[1] & 0x7F) : 2;
        byte[] signature = Arrays.copyOfRange(bitString, headerLength + 1, bitString.length);
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(key);
        verifier.update(info);
        assertThat(verifier.verify(signature)).as("the request's signature").isTrue();
        return (RSAPublicKey) key;
    }

    /** The complete encodings (tag, length, content) of the elements of a DER sequence. */
    private static List<byte[]> children(byte[] sequence) {
        int[] header = header(sequence, 0);
        List<byte[]> children = new ArrayList<>();
        int at = header[0];
        while (at < sequence.length) {
            int[] child = header(sequence, at);
            int end = at + child[0] - at + child[1];
            children.add(Arrays.copyOfRange(sequence, at, end));
            at = end;
        }
        return children;
    }

    /** {offset of content, content length} of the element at {@code at}. */
    private static int[] header(byte[] der, int at) {
        int first = der[at + 1] & 0xFF;
        if (first < 0x80) {
            return new int[]{at + 2, first};
        }
        int bytes = first & 0x7F;
        int length = 0;
        for (int i = 0; i < bytes; i++) {
            length = (length << 8) | (der[at + 2 + i] & 0xFF);
        }
        return new int[]{at + 2 + bytes, length};
    }
}
