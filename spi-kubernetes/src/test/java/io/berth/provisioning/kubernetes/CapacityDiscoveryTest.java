package io.berth.provisioning.kubernetes;

import io.berth.core.error.ErrorCode;
import io.berth.core.resource.ResourceVector;
import io.berth.provisioning.spi.PhysicalCapacity;
import io.berth.provisioning.spi.Provider;
import io.berth.provisioning.spi.ProviderException;
import io.berth.provisioning.tck.TestProviderContext;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Capacity discovery reads nodes' allocatable resources; filtered, cordoned and NotReady nodes do not count. */
class CapacityDiscoveryTest {

    private static final Instant NOW = Instant.parse("2030-03-01T12:00:00Z");

    @TempDir
    Path folder;

    private MockCluster cluster;
    private TestProviderContext context;
    private Provider provider;

    @BeforeEach
    void start() {
        cluster = MockCluster.start(folder);
        context = TestProviderContext.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        provider = provider(Map.of());
        node("gpu-1", Map.of("berth.io/pool", "gpu"), "8", "32Gi", "200Gi", "2", false, true);
        node("cpu-1", Map.of("berth.io/pool", "cpu"), "3500m", "16384Mi", "100G", null, false, true);
        node("cpu-2", Map.of("berth.io/pool", "cpu"), "4", "16Gi", "100Gi", null, true, true);
        node("cpu-3", Map.of("berth.io/pool", "cpu"), "4", "16Gi", "100Gi", null, false, false);
    }

    @AfterEach
    void stop() {
        try {
            provider.close();
        } finally {
            cluster.close();
            context.close();
        }
    }

    private Provider provider(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(KubernetesProviderFactory.KUBECONFIG,
                cluster.kubeconfig().toString()));
        settings.putAll(extra);
        return new KubernetesProviderFactory().create(settings, context);
    }

    private void node(String name, Map<String, String> labels, String cpu, String memory, String disk, String gpus,
                      boolean cordoned, boolean ready) {
        Map<String, Quantity> allocatable = new HashMap<>(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory),
                "ephemeral-storage", new Quantity(disk), "pods", new Quantity("110")));
        if (gpus != null) {
            allocatable.put("nvidia.com/gpu", new Quantity(gpus));
        }
        Node node = new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withUnschedulable(cordoned).endSpec()
                .withNewStatus().withAllocatable(allocatable)
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus().build();
        cluster.client().nodes().resource(node).create();
    }

    @Test
    void everyReadySchedulableNodeCountsAndTheOthersAreListedWithTheirReason() {
        PhysicalCapacity capacity = provider.discoverCapacity(null);

        // gpu-1: 8 cores, 32768 MiB, 200 GiB, 2 GPUs; cpu-1: 3.5 cores, 16384 MiB, 100 GB = 93 GiB (floor).
        assertThat(capacity.total()).isEqualTo(ResourceVector.of(Map.of(ResourceVector.CORES, 11_500L,
                ResourceVector.MEMORY, 49_152L, ResourceVector.DISK, 293L, "gpu", 2L)));
        assertThat(capacity.readAt()).isEqualTo(NOW);
        assertThat(capacity.sources()).extracting(PhysicalCapacity.Source::name, PhysicalCapacity.Source::counted,
                        PhysicalCapacity.Source::note)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("gpu-1", true, null),
                        org.assertj.core.groups.Tuple.tuple("cpu-1", true, null),
                        org.assertj.core.groups.Tuple.tuple("cpu-2", false, "cordoned"),
                        org.assertj.core.groups.Tuple.tuple("cpu-3", false, "not ready"));
        assertThat(capacity.sources()).allSatisfy(source -> assertThat(source.kind()).isEqualTo("node"));
    }

    @Test
    void aSelectorLeavesOtherNodesOutButListsThem() {
        PhysicalCapacity gpu = provider.discoverCapacity("berth.io/pool=gpu");
        PhysicalCapacity notGpu = provider.discoverCapacity("berth.io/pool!=gpu, berth.io/pool");

        assertThat(gpu.total()).isEqualTo(ResourceVector.of(Map.of(ResourceVector.CORES, 8_000L,
                ResourceVector.MEMORY, 32_768L, ResourceVector.DISK, 200L, "gpu", 2L)));
        assertThat(gpu.sources()).hasSize(4).filteredOn(source -> !source.counted())
                .extracting(PhysicalCapacity.Source::note)
                .contains("not selected by berth.io/pool=gpu", "not selected by berth.io/pool=gpu", "not selected by berth.io/pool=gpu");
        assertThat(notGpu.total()).isEqualTo(ResourceVector.of(3_500L, 16_384L, 93L));
    }

    @Test
    void theSettingsSelectorIsTheDefaultAndABadSelectorIsRefused() {
        provider.close();
        provider = provider(Map.of(KubernetesProviderFactory.NODE_SELECTOR, "berth.io/pool=cpu"));

        assertThat(provider.discoverCapacity(" ").total()).isEqualTo(ResourceVector.of(3_500L, 16_384L, 93L));
        assertThat(provider.discoverCapacity("!berth.io/pool").total()).isEqualTo(ResourceVector.zero());
        assertThatThrownBy(() -> provider.discoverCapacity("pool in (a,b)"))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }

    @Test
    void anUnreachableClusterIsReportedAsUnavailable() {
        Provider unreachable = provider(Map.of());
        cluster.close();
        try {
            assertThatThrownBy(() -> unreachable.discoverCapacity(null))
                    .isInstanceOfSatisfying(ProviderException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
            assertThat(unreachable.health().up()).isFalse();
        } finally {
            unreachable.close();
            cluster = MockCluster.start(folder);
        }
    }
}
