package io.berth.provisioning.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;

/**
 * fabric8's mock API server in CRUD mode, owned by the test (started in {@code @BeforeEach}, closed in
 * {@code @AfterEach} after the provider), with a kubeconfig file that points at it and a client for the test's
 * own checks. The provider reaches it through the kubeconfig, as it would reach a real cluster.
 */
final class MockCluster implements AutoCloseable {

    static final String CONTEXT = "mock";

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final Path kubeconfig;

    private MockCluster(KubernetesMockServer server, KubernetesClient client, Path kubeconfig) {
        this.server = server;
        this.client = client;
        this.kubeconfig = kubeconfig;
    }

    /** Starts a server and writes {@code kubeconfig.yaml} with the context {@value #CONTEXT} into {@code folder}. */
    static MockCluster start(Path folder) {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        Path kubeconfig = folder.resolve("kubeconfig.yaml");
        String url = "http://" + server.getHostName() + ":" + server.getPort();
        try {
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: mock
                      cluster:
                        server: %s
                    contexts:
                    - name: mock
                      context:
                        cluster: mock
                        user: tester
                        namespace: default
                    - name: other
                      context:
                        cluster: mock
                        user: tester
                        namespace: default
                    current-context: mock
                    users:
                    - name: tester
                      user:
                        token: not-a-secret
                    """.formatted(url));
        } catch (IOException e) {
            server.destroy();
            throw new UncheckedIOException(e);
        }
        return new MockCluster(server, server.createClient(), kubeconfig);
    }

    /** A client of the test's own, for setting up and checking the cluster. */
    KubernetesClient client() {
        return client;
    }

    Path kubeconfig() {
        return kubeconfig;
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            server.destroy();
        }
    }
}
