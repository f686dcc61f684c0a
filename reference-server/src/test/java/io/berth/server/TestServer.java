package io.berth.server;

import io.berth.platform.provider.ProviderRegistry;
import io.berth.platform.provisioning.ExecutorSettings;
import io.berth.platform.store.Stores;
import io.berth.platform.testing.FakeProvider;
import io.berth.platform.testing.InMemoryStores;
import io.berth.provisioning.spi.Provider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A started server on a free port with its admin key and a client, for tests. */
final class TestServer implements AutoCloseable {
    final BerthServer server;
    final Stores stores;
    final Http http;
    final String adminKey;
    private final ByteArrayOutputStream out;

    private TestServer(BerthServer server, Stores stores, ByteArrayOutputStream out) {
        this.server = server;
        this.stores = stores;
        this.out = out;
        this.http = new Http(server.baseUri());
        this.adminKey = readKey(server.config().adminKeyFile());
    }

    /** A server on the in-memory store with the given providers, and no demo catalog. */
    static TestServer inMemory(Path dataDir, Provider... providers) {
        return inMemory(dataDir, new InMemoryStores(), Duration.ofSeconds(15), providers);
    }

    static TestServer inMemory(Path dataDir, Stores stores, Duration keepAlive, Provider... providers) {
        ServerConfig config = config(dataDir, Map.of(ServerConfig.DEMO_CATALOG, "false"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Provider> list = new ArrayList<>(List.of(providers));
        if (list.isEmpty()) {
            list.add(new FakeProvider());
        }
        BerthServer server = BerthServer.builder(config)
                .stores(stores)
                .providers(ProviderRegistry.of(list))
                .out(new PrintStream(out, true, StandardCharsets.UTF_8))
                .executorSettings(fastExecutor())
                .keepAlive(keepAlive)
                .start();
        return new TestServer(server, stores, out);
    }

    /** A server on the in-memory store and the fake provider whose clock the test moves. */
    static TestServer withClock(Path dataDir, java.time.Clock clock) {
        ServerConfig config = config(dataDir, Map.of(ServerConfig.DEMO_CATALOG, "false"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Stores stores = new InMemoryStores();
        BerthServer server = BerthServer.builder(config)
                .stores(stores)
                .providers(ProviderRegistry.of(List.of(new FakeProvider())))
                .clock(clock)
                .out(new PrintStream(out, true, StandardCharsets.UTF_8))
                .executorSettings(fastExecutor())
                .start();
        return new TestServer(server, stores, out);
    }

    /** A server configured only by variables, as {@code Main} starts it: the JPA store and real providers. */
    static TestServer fromEnvironment(Path dataDir, Map<String, String> extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BerthServer server = BerthServer.builder(config(dataDir, extra))
                .out(new PrintStream(out, true, StandardCharsets.UTF_8))
                .executorSettings(fastExecutor())
                .start();
        return new TestServer(server, server.stores(), out);
    }

    static ServerConfig config(Path dataDir, Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(ServerConfig.PORT, "0",
                ServerConfig.DATA_DIR, dataDir.toString()));
        env.putAll(extra);
        return ServerConfig.fromEnvironment(env);
    }

    /** Short polls and a short shutdown grace keep tests quick; correctness does not depend on them. */
    static ExecutorSettings fastExecutor() {
        return ExecutorSettings.defaults()
                .withOwner("test-" + UUID.randomUUID())
                .withWorkers(4)
                .withPollInterval(Duration.ofMillis(200))
                .withShutdownGrace(Duration.ofSeconds(2));
    }

    /** What the server printed on standard output. */
    String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Creates a USER account and returns its key. */
    String createUser(String name) {
        Http.Response response = http.post("/api/v1/accounts", adminKey, "{\"name\":\"" + name + "\"}");
        if (response.status() != 201) {
            throw new AssertionError("cannot create user " + name + ": " + response.body());
        }
        return response.json().path("apiKey").asText();
    }

    private static String readKey(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
