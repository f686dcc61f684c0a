package io.berth.provisioning.kubernetes;

import io.berth.core.catalog.TaskSpec;
import io.berth.provisioning.spi.ProviderFactory;
import io.berth.provisioning.tck.ProviderCompatibilityKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The contract kit against fabric8's mock API server, with a {@link FakeKubelet} playing the cluster's
 * controllers. The test owns the server: its {@code @AfterEach} closes the provider ({@link #closeProvider()}),
 * then the kubelet, then the server, so the server never goes down under an open connection of the provider
 * (JUnit runs a subclass's {@code @AfterEach} before the kit's).
 */
class KubernetesProviderCompatibilityTest extends ProviderCompatibilityKit {

    @TempDir
    Path folder;

    private MockCluster cluster;
    private FakeKubelet kubelet;

    @BeforeEach
    void startCluster() {
        cluster = MockCluster.start(folder);
        kubelet = new FakeKubelet(cluster.client());
    }

    @AfterEach
    void stopCluster() throws Exception {
        try {
            closeProvider();
            kubelet.close();
        } finally {
            cluster.close();
        }
    }

    @Override
    protected ProviderFactory factory() {
        return new KubernetesProviderFactory();
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of(KubernetesProviderFactory.KUBECONFIG, cluster.kubeconfig().toString(),
                KubernetesProviderFactory.IMAGE_CATALOG, TestCatalog.write(folder).toString(),
                KubernetesProviderFactory.POLL_INTERVAL, "PT0.05S");
    }

    private static TaskSpec task(String name, String kind, Map<String, String> settings, Duration timeout) {
        return new TaskSpec(name, kind, null, null, List.of(), Map.of(), settings, timeout, 0, null, true);
    }

    @Override
    protected TaskSpec succeedingTask() {
        return task("namespace", KubernetesProvider.NAMESPACE_KIND, Map.of(), Duration.ofMinutes(5));
    }

    @Override
    protected TaskSpec failingTask() {
        return task("notebook", KubernetesProvider.NOTEBOOK_KIND, Map.of("image", "broken"), Duration.ofMinutes(5));
    }

    @Override
    protected TaskSpec longRunningTask() {
        return task("notebook", KubernetesProvider.NOTEBOOK_KIND, Map.of("image", "slow"), Duration.ofMinutes(10));
    }

    @Override
    protected TaskSpec invalidTask() {
        return task("notebook", KubernetesProvider.NOTEBOOK_KIND, Map.of("image", "not-in-the-catalog"),
                Duration.ofMinutes(5));
    }

}
