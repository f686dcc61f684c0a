package io.berth.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.core.catalog.TaskSpec;
import io.berth.platform.store.CatalogStore;
import io.berth.platform.store.Stores;
import io.berth.platform.testing.FakeProvider;
import io.berth.platform.testing.InMemoryStores;
import io.berth.provisioning.spi.Provider;
import io.berth.provisioning.spi.ProviderHealth;
import io.berth.provisioning.spi.TaskMonitor;
import io.berth.provisioning.spi.TaskOutcome;
import io.berth.provisioning.spi.TaskRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static io.berth.server.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Health, readiness, metrics, security headers and the answer to unexpected failures. */
class OperationsTest {
    @TempDir
    Path data;
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A provider whose backend is down. */
    static final class DownProvider implements Provider {
        @Override
        public String name() {
            return "down";
        }

        @Override
        public Set<String> kinds() {
            return Set.of("down");
        }

        @Override
        public void validate(TaskSpec spec) {
        }

        @Override
        public TaskOutcome execute(TaskRequest request, TaskMonitor monitor) {
            return TaskOutcome.failed(null, "", "down");
        }

        @Override
        public ProviderHealth health() {
            return ProviderHealth.unhealthy("backend unreachable");
        }
    }

    @Test
    void liveAndReady() {
        server = TestServer.inMemory(data);
        Http.Response live = server.http.get("/health/live", null);
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.json().path("status").asText()).isEqualTo("UP");

        Http.Response ready = server.http.get("/health/ready", null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().path("status").asText()).isEqualTo("UP");
        assertThat(ready.json().path("checks")).extracting(c -> c.path("name").asText() + "=" + c.path("status").asText())
                .containsExactly("store=UP", "provider:fake=UP");
    }

    @Test
    void notReadyWhileAProviderIsDown() {
        server = TestServer.inMemory(data, new FakeProvider(), new DownProvider());
        Http.Response ready = server.http.get("/health/ready", null);
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.mediaType()).isEqualTo("application/json");
        JsonNode body = ready.json();
        assertThat(body.path("status").asText()).isEqualTo("DOWN");
        assertThat(body.path("checks")).extracting(c -> c.path("name").asText() + "=" + c.path("status").asText()
                + ":" + c.path("detail").asText())
                .containsExactly("store=UP:ok", "provider:down=DOWN:backend unreachable", "provider:fake=UP:ok");
        assertThat(server.http.get("/health/live", null).status()).isEqualTo(200);
    }

    @Test
    void notReadyWhileTheStoreIsDown() {
        InMemoryStores stores = new InMemoryStores();
        server = TestServer.inMemory(data, new PingFailing(stores), Duration.ofSeconds(15), new FakeProvider());
        Http.Response ready = server.http.get("/health/ready", null);
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.json().path("checks").get(0).path("status").asText()).isEqualTo("DOWN");
    }

    @Test
    void metricsShowRequestsAndTheExecutor() {
        server = TestServer.inMemory(data);
        server.http.get("/api/v1/plans", server.adminKey);
        server.http.get("/api/v1/plans/nothing", server.adminKey);
        Http.Response metrics = server.http.get("/metrics", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain");
        assertThat(metrics.body())
                .contains("berth_executor_running_commands ")
                .contains("berth_commands_active ")
                .contains("berth_executor_workers 4.0")
                .contains("jvm_memory_used_bytes")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*route=\"/api/v1/plans\"[^}]*status=\"200\"")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*route=\"/api/v1/plans/\\{name}\"[^}]*"
                        + "status=\"404\"")
                .doesNotContain(server.adminKey);
    }

    @Test
    void securityHeadersOnEveryAnswer() {
        server = TestServer.inMemory(data);
        for (Http.Response response : new Http.Response[] {
                server.http.get("/api/v1/plans", server.adminKey),
                server.http.get("/api/v1/plans", null),
                server.http.get("/api/v1/nowhere", null),
                server.http.get("/health/live", null)}) {
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        }
        assertThat(server.http.get("/openapi.json", null).header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void unexpectedFailuresAnswer500WithoutDetails() {
        InMemoryStores stores = new InMemoryStores();
        FailingCatalog failing = new FailingCatalog(stores);
        server = TestServer.inMemory(data, failing, Duration.ofSeconds(15), new FakeProvider());
        failing.failing = true;
        Http.Response response = server.http.get("/api/v1/plans", server.adminKey);
        JsonNode problem = assertProblem(response, 500, "internal-error");
        assertThat(problem.path("detail").asText()).contains("reference").doesNotContain("secret");
        assertThat(response.body()).doesNotContain("IllegalStateException").doesNotContain("at io.berth");
    }

    /** Stores whose ping fails, as when the database does not answer. */
    static final class PingFailing implements Stores {
        private final InMemoryStores delegate;

        PingFailing(InMemoryStores delegate) {
            this.delegate = delegate;
        }

        @Override
        public CatalogStore catalog() {
            return delegate.catalog();
        }

        @Override
        public io.berth.platform.store.ProvisioningStore provisioning() {
            return delegate.provisioning();
        }

        @Override
        public io.berth.platform.store.AccountStore accounts() {
            return delegate.accounts();
        }

        @Override
        public io.berth.platform.store.BookingStore bookings() {
            return delegate.bookings();
        }

        @Override
        public io.berth.platform.store.SignInStore signIn() {
            return delegate.signIn();
        }

        @Override
        public void ping() {
            throw new io.berth.core.error.BerthException(io.berth.core.error.ErrorCode.STORE_UNAVAILABLE,
                    "the database does not answer");
        }

        @Override
        public void close() {
        }
    }

    /** Stores whose catalog throws a bug-like exception once switched on. */
    static final class FailingCatalog implements Stores {
        private final InMemoryStores delegate;
        volatile boolean failing;

        FailingCatalog(InMemoryStores delegate) {
            this.delegate = delegate;
        }

        @Override
        public CatalogStore catalog() {
            return (CatalogStore) Proxy.newProxyInstance(CatalogStore.class.getClassLoader(),
                    new Class<?>[] {CatalogStore.class}, (proxy, method, args) -> {
                        if (failing) {
                            throw new IllegalStateException("secret internals");
                        }
                        try {
                            return method.invoke(delegate, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public io.berth.platform.store.ProvisioningStore provisioning() {
            return delegate.provisioning();
        }

        @Override
        public io.berth.platform.store.AccountStore accounts() {
            return delegate.accounts();
        }

        @Override
        public io.berth.platform.store.BookingStore bookings() {
            return delegate.bookings();
        }

        @Override
        public io.berth.platform.store.SignInStore signIn() {
            return delegate.signIn();
        }

        @Override
        public void ping() {
        }

        @Override
        public void close() {
        }
    }
}
