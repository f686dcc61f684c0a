package io.berth.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.core.catalog.TaskSpec;
import io.berth.core.error.ErrorCode;
import io.berth.core.resource.ResourceVector;
import io.berth.platform.testing.FakeProvider;
import io.berth.provisioning.spi.PhysicalCapacity;
import io.berth.provisioning.spi.Provider;
import io.berth.provisioning.spi.ProviderException;
import io.berth.provisioning.spi.TaskMonitor;
import io.berth.provisioning.spi.TaskOutcome;
import io.berth.provisioning.spi.TaskRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.berth.server.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /pools/{name}/capacity/discover} against a provider that reads a known backend. */
class CapacityDiscoveryTest {
    private static final Instant READ_AT = Instant.parse("2026-11-23T10:15:00Z");

    @TempDir
    Path data;
    private TestServer server;
    private Http http;
    private String admin;
    private final RackProvider racks = new RackProvider();

    /** A backend of two nodes, one of them cordoned; it remembers the selectors it was asked with. */
    static final class RackProvider implements Provider {
        final List<String> selectors = Collections.synchronizedList(new ArrayList<>());

        @Override
        public String name() {
            return "racks";
        }

        @Override
        public Set<String> kinds() {
            return Set.of("rack");
        }

        @Override
        public void validate(TaskSpec spec) {
        }

        @Override
        public TaskOutcome execute(TaskRequest request, TaskMonitor monitor) {
            return TaskOutcome.succeeded(0, "ok");
        }

        @Override
        public PhysicalCapacity discoverCapacity(String selector) {
            selectors.add(String.valueOf(selector));
            if ("bad selector".equals(selector)) {
                throw new ProviderException(ErrorCode.INVALID_REQUEST, "selector 'bad selector' is malformed");
            }
            ResourceVector node = ResourceVector.of(Map.of("cores", 32_000L, "memory", 131_072L, "disk", 500L,
                    "gpu", 2L));
            return new PhysicalCapacity(node, List.of(
                    new PhysicalCapacity.Source("node", "gpu-1", node, true, null),
                    new PhysicalCapacity.Source("node", "gpu-2", node, false, "cordoned")), READ_AT);
        }
    }

    @BeforeEach
    void start() {
        server = TestServer.inMemory(data, new FakeProvider(), racks);
        http = server.http;
        admin = server.adminKey;
        assertThat(http.post("/api/v1/pools", admin, "{\"name\":\"gpu\",\"mode\":\"RESERVED\"}").status())
                .isEqualTo(201);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Http.Response discover(String key, String body) {
        return http.post("/api/v1/pools/gpu/capacity/discover", key, body);
    }

    @Test
    void discoveryAnswersTheTotalAndItsSourcesWithoutChangingThePool() {
        Http.Response response = discover(admin, "{\"provider\":\"racks\",\"selector\":\"berth.io/pool=gpu\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.path("pool").asText()).isEqualTo("gpu");
        assertThat(body.path("provider").asText()).isEqualTo("racks");
        assertThat(body.path("selector").asText()).isEqualTo("berth.io/pool=gpu");
        assertThat(body.path("total").path("milliCores").asLong()).isEqualTo(32_000);
        assertThat(body.path("total").path("memoryMiB").asLong()).isEqualTo(131_072);
        assertThat(body.path("total").path("extra").path("gpu").asLong()).isEqualTo(2);
        assertThat(body.path("sources")).extracting(s -> s.path("name").asText() + ":" + s.path("counted").asBoolean()
                + ":" + s.path("note").asText()).containsExactly("gpu-1:true:null", "gpu-2:false:cordoned");
        assertThat(body.path("readAt").asText()).isEqualTo("2026-11-23T10:15:00Z");
        assertThat(body.path("applied").isNull()).isTrue();
        assertThat(racks.selectors).containsExactly("berth.io/pool=gpu");
        assertThat(http.get("/api/v1/pools/gpu/capacity", admin).json()).isEmpty();
    }

    @Test
    void applyingAddsTheTotalAsThePoolsCapacity() {
        Http.Response response = discover(admin, "{\"provider\":\"racks\",\"apply\":true,\"from\":\"2030-01-01\","
                + "\"until\":\"2030-02-01\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode applied = response.json().path("applied");
        assertThat(applied.path("pool").asText()).isEqualTo("gpu");
        assertThat(applied.path("resources").path("milliCores").asLong()).isEqualTo(32_000);
        assertThat(applied.path("from").asText()).isEqualTo("2030-01-01T00:00:00Z");
        assertThat(applied.path("until").asText()).isEqualTo("2030-02-01T00:00:00Z");
        assertThat(racks.selectors).containsExactly("null");

        JsonNode capacity = http.get("/api/v1/pools/gpu/capacity", admin).json();
        assertThat(capacity).hasSize(1);
        assertThat(capacity.get(0).path("id").asText()).isEqualTo(applied.path("id").asText());
        assertThat(capacity.get(0).path("resources").path("extra").path("gpu").asLong()).isEqualTo(2);
    }

    @Test
    void unknownUnsupportedAndForbiddenAreClearErrors() {
        String alice = server.createUser("alice");
        assertProblem(discover(alice, "{\"provider\":\"racks\"}"), 403, "forbidden");
        assertThat(assertProblem(discover(admin, "{\"provider\":\"clouds\"}"), 404, "provider-not-found")
                .path("detail").asText()).contains("fake, racks");
        assertProblem(discover(admin, "{}"), 400, "invalid-request");
        assertThat(assertProblem(discover(admin, "{\"provider\":\"fake\"}"), 400, "capacity-discovery-unsupported")
                .path("detail").asText()).contains("'fake'");
        assertProblem(http.post("/api/v1/pools/nowhere/capacity/discover", admin, "{\"provider\":\"racks\"}"), 404,
                "pool-not-found");
        assertProblem(discover(admin, "{\"provider\":\"racks\",\"selector\":\"bad selector\"}"), 400,
                "invalid-request");
        assertProblem(discover(admin, "{\"provider\":\"racks\",\"selector\":\"a\\nb\"}"), 400, "invalid-request");
        assertProblem(discover(admin, "{\"provider\":\"racks\",\"from\":\"2030-01-01\"}"), 400, "invalid-request");
        assertProblem(discover(admin, "{\"provider\":\"racks\",\"apply\":true,\"from\":\"someday\"}"), 400,
                "invalid-period");
        // only the malformed selector reached the backend; nothing was added
        assertThat(racks.selectors).containsExactly("bad selector");
        assertThat(http.get("/api/v1/pools/gpu/capacity", admin).json()).isEmpty();
    }

    @Test
    void theLocalProviderCannotDiscoverCapacity() throws Exception {
        server.close();
        server = TestServer.fromEnvironment(data.resolve("local"), Map.of(ServerConfig.DEMO_CATALOG, "false"));
        http = server.http;
        admin = server.adminKey;
        assertThat(http.post("/api/v1/pools", admin, "{\"name\":\"gpu\",\"mode\":\"RESERVED\"}").status())
                .isEqualTo(201);
        assertProblem(discover(admin, "{\"provider\":\"local\"}"), 400, "capacity-discovery-unsupported");
    }

    @Test
    void theCliPrintsTheSourcesAndTheTotalAndApplies() throws Exception {
        Cli.Run shown = Cli.run(server, admin, "pools", "discover", "gpu", "--provider", "racks", "--selector",
                "berth.io/pool=gpu");
        assertThat(shown.code()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("KIND").contains("gpu-1").contains("gpu-2").contains("cordoned")
                .contains("Total: 32 cores, 131072 MiB, 500 GiB disk, 2 gpu (read from racks for berth.io/pool=gpu")
                .contains("Nothing was changed");
        assertThat(http.get("/api/v1/pools/gpu/capacity", admin).json()).isEmpty();

        Cli.Run applied = Cli.run(server, admin, "pools", "discover", "gpu", "--provider", "racks", "--apply",
                "--output", "json");
        assertThat(applied.code()).as(applied.err()).isZero();
        String id = Http.JSON.readTree(applied.out()).path("applied").path("id").asText();
        assertThat(http.get("/api/v1/pools/gpu/capacity", admin).json()).extracting(c -> c.path("id").asText())
                .containsExactly(id);

        Cli.Run unsupported = Cli.run(server, admin, "pools", "discover", "gpu", "--provider", "fake");
        assertThat(unsupported.code()).isEqualTo(7);
        assertThat(unsupported.err()).contains("(capacity-discovery-unsupported)");
        assertThat(Cli.run(server, admin, "pools", "discover", "gpu").code()).isEqualTo(2);
    }
}
