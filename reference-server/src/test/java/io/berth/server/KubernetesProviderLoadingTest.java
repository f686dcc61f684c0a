package io.berth.server;

import io.berth.platform.provider.HostContext;
import io.berth.platform.provider.ProviderRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code BERTH_PROVIDER=local,kubernetes} with a kubeconfig loads the Kubernetes provider next to the local one,
 * exactly as {@code ./berth serve} does; creating it does not contact the cluster.
 */
class KubernetesProviderLoadingTest {

    @TempDir
    Path data;

    @Test
    void theKubernetesProviderIsFoundAndOwnsItsTaskKinds() throws Exception {
        Path kubeconfig = Files.writeString(data.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://k8s.invalid:6443"}}]
                contexts: [{name: berth, context: {cluster: c, user: u}}]
                current-context: berth
                users: [{name: u, user: {token: not-a-secret}}]
                """);
        ServerConfig config = ServerConfig.fromEnvironment(Map.of(
                "BERTH_DATA_DIR", data.toString(),
                "BERTH_PROVIDER", "local,kubernetes",
                "BERTH_PROVIDER_KUBERNETES_KUBECONFIG", kubeconfig.toString(),
                "BERTH_PROVIDER_KUBERNETES_SHARING", "shared",
                "BERTH_PROVIDER_KUBERNETES_STORAGE_CLASS", "standard"));

        try (ProviderRegistry registry = ProviderRegistry.load(getClass().getClassLoader(), config.providers(),
                config::providerSettings, name -> new HostContext(Clock.systemUTC(), secret -> Optional.empty(),
                        source -> { throw new IllegalStateException("no fetching here"); }, data.resolve(name)))) {
            assertThat(registry.providers()).extracting(provider -> provider.name())
                    .containsExactlyInAnyOrder("local", "kubernetes");
            assertThat(registry.require("kubernetes-notebook").name()).isEqualTo("kubernetes");
            assertThat(registry.require("kubernetes-storage").name()).isEqualTo("kubernetes");
            assertThat(registry.require("script").name()).isEqualTo("local");
        }
    }
}
