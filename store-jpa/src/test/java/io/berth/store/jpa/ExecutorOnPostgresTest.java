package io.berth.store.jpa;

import io.berth.core.account.AccountId;
import io.berth.core.account.Principal;
import io.berth.core.account.Role;
import io.berth.core.catalog.ScriptSource;
import io.berth.core.catalog.TaskSpec;
import io.berth.core.provisioning.CommandEvent;
import io.berth.core.provisioning.CommandId;
import io.berth.core.state.State;
import io.berth.platform.catalog.CatalogService;
import io.berth.platform.catalog.ConfigurationDraft;
import io.berth.platform.provider.CachingScriptFetcher;
import io.berth.platform.provider.HostContext;
import io.berth.platform.provider.ProviderRegistry;
import io.berth.platform.provisioning.CommandListener;
import io.berth.platform.provisioning.CommandRequest;
import io.berth.platform.provisioning.CommandService;
import io.berth.platform.provisioning.Executor;
import io.berth.platform.provisioning.ExecutorSettings;
import io.berth.platform.testing.MutableClock;
import io.berth.provisioning.local.LocalProviderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The executor with the real store on PostgreSQL and the real local provider, with two store instances
 * (two connection pools) standing for two server processes sharing one database.
 */
class ExecutorOnPostgresTest {
    @TempDir
    Path dir;

    private PostgresSchema schema;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<Executor> executors = new ArrayList<>();
    private final Principal admin = new Principal(AccountId.random(), "admin", Role.ADMIN);
    private Path scripts;
    private Path log;

    /** One "server process": its own pool, provider, services and executor. */
    private record Process(JpaStores stores, CatalogService catalog, CommandService commands, Executor executor) {
    }

    @BeforeEach
    void setUp() throws IOException {
        schema = PostgresSchema.create();
        scripts = Files.createDirectories(dir.resolve("scripts"));
        log = dir.resolve("runs.log");
        Files.writeString(scripts.resolve("record.sh"),
                "#!/bin/sh\necho \"$BERTH_TASK_ID $BERTH_ATTEMPT\" >> '" + log + "'\nsleep 0.05\n");
        // first run: leaves a marker and hangs (to be interrupted); any later run completes at once
        Files.writeString(scripts.resolve("hang-once.sh"), "#!/bin/sh\nmarker=\"" + dir + "/marker-$BERTH_TASK_ID\"\n"
                + "echo \"$BERTH_TASK_ID $BERTH_ATTEMPT\" >> '" + log + "'\n"
                + "if [ -e \"$marker\" ]; then exit 0; fi\ntouch \"$marker\"\nsleep 120\n");
    }

    @AfterEach
    void tearDown() throws Exception {
        executors.forEach(Executor::halt);
        for (AutoCloseable resource : resources) {
            resource.close();
        }
        schema.drop();
    }

    private Process process(String owner, Clock clock) throws IOException {
        JpaStores stores = JpaStores.open(schema.settings());
        resources.add(stores);
        HostContext context = new HostContext(clock, name -> Optional.empty(),
                new CachingScriptFetcher(dir.resolve("cache"), Set.of("https"), Duration.ofSeconds(5)),
                Files.createDirectories(dir.resolve("work-" + owner)));
        ProviderRegistry providers = ProviderRegistry.of(List.of(new LocalProviderFactory()
                .create(Map.of("script.root", scripts.toString()), context)));
        resources.add(providers);
        CatalogService catalog = new CatalogService(stores.catalog(), providers, clock);
        CommandService commands = new CommandService(stores.provisioning(), catalog, clock, CommandListener.NONE);
        Executor executor = new Executor(stores.provisioning(), catalog, providers, clock, ExecutorSettings.defaults()
                .withOwner(owner).withWorkers(2).withPollInterval(Duration.ofMillis(20)), CommandListener.NONE);
        executors.add(executor);
        return new Process(stores, catalog, commands, executor);
    }

    private static TaskSpec script(String name, String file, boolean repeatable) {
        return TaskSpec.script(name, new ScriptSource.Installed(file), "sh").withRepeatable(repeatable);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within the hang guard");
            }
            Thread.sleep(20);
        }
    }

    @Test
    void twoProcessesOnOneDatabaseNeverRunOneTaskTwice() throws Exception {
        Process first = process("process-a", Clock.systemUTC());
        Process second = process("process-b", Clock.systemUTC());
        first.catalog().createPlan(admin, "worker", "", new ConfigurationDraft(
                List.of(script("one", "record.sh", false), script("two", "record.sh", false),
                        script("three", "record.sh", false)), List.of(), null, null));
        int count = 40;
        List<CommandId> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            CommandService submitter = i % 2 == 0 ? first.commands() : second.commands();
            ids.add(submitter.submit(admin, CommandRequest.install("worker", Map.of()), null).command().id());
        }
        first.executor().start();
        second.executor().start();
        await(() -> first.stores().provisioning().countActiveCommands() == 0);

        List<String> runs = Files.readAllLines(log);
        assertThat(runs).hasSize(count * 3);
        Set<String> taskIds = new HashSet<>();
        for (String run : runs) {
            String[] parts = run.split(" ");
            assertThat(parts[1]).as("every task ran in its first attempt").isEqualTo("1");
            assertThat(taskIds.add(parts[0])).as("task %s ran once", parts[0]).isTrue();
        }
        Set<String> owners = new HashSet<>();
        for (CommandId id : ids) {
            assertThat(first.commands().getCommand(admin, id).command().state()).isEqualTo(State.COMPLETED);
            first.commands().events(admin, id, 0, 100).stream()
                    .filter(e -> e.type() == CommandEvent.Type.COMMAND && e.message().startsWith("started on "))
                    .forEach(e -> owners.add(e.message().substring("started on ".length())));
        }
        assertThat(owners).as("both processes took work").containsExactlyInAnyOrder("process-a", "process-b");
    }

    @Test
    void afterACrashAnotherProcessTakesOverByTheRecoveryRule() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        Process crashing = process("crashing", clock);
        crashing.catalog().createPlan(admin, "safe", "", new ConfigurationDraft(
                List.of(script("prepare", "record.sh", false), script("slow", "hang-once.sh", true),
                        script("finish", "record.sh", false)), List.of(), null, null));
        crashing.catalog().createPlan(admin, "unsafe", "", new ConfigurationDraft(
                List.of(script("prepare", "record.sh", false), script("slow", "hang-once.sh", false),
                        script("finish", "record.sh", false)), List.of(), null, null));
        CommandId safe = crashing.commands().submit(admin, CommandRequest.install("safe", Map.of()), null).command().id();
        CommandId unsafe = crashing.commands().submit(admin, CommandRequest.install("unsafe", Map.of()), null).command().id();

        crashing.executor().start();
        await(() -> {
            try {
                return Files.list(dir).filter(p -> p.getFileName().toString().startsWith("marker-")).count() == 2;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        crashing.executor().halt();

        Process successor = process("successor", clock);
        assertThat(successor.executor().runPending()).as("leases still held").isZero();
        clock.advance(Duration.ofSeconds(31));
        assertThat(successor.executor().runPending()).isEqualTo(2);

        var safeResult = successor.commands().getCommand(admin, safe);
        assertThat(safeResult.command().state()).isEqualTo(State.COMPLETED);
        assertThat(safeResult.tasks()).extracting(t -> t.name() + ":" + t.state() + ":" + t.attempt())
                .containsExactly("prepare:COMPLETED:1", "slow:COMPLETED:2", "finish:COMPLETED:1");

        var unsafeResult = successor.commands().getCommand(admin, unsafe);
        assertThat(unsafeResult.command().state()).isEqualTo(State.FAILED);
        assertThat(unsafeResult.tasks()).extracting(t -> t.name() + ":" + t.state() + ":" + t.attempt())
                .containsExactly("prepare:COMPLETED:1", "slow:FAILED:1", "finish:REMOVED:0");
        assertThat(unsafeResult.tasks().get(1).reason()).startsWith("interrupted");

        String unsafeSlowTask = unsafeResult.tasks().get(1).id().toString();
        assertThat(Files.readAllLines(log)).filteredOn(line -> line.startsWith(unsafeSlowTask))
                .as("the non-repeatable task never ran a second time").hasSize(1);
    }
}
