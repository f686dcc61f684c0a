package io.berth.benchmarks;

import io.berth.core.account.AccountId;
import io.berth.core.account.Principal;
import io.berth.core.account.Role;
import io.berth.core.catalog.ScriptSource;
import io.berth.core.catalog.TaskSpec;
import io.berth.core.catalog.TaskPhase;
import io.berth.core.provisioning.CommandAction;
import io.berth.core.provisioning.CommandId;
import io.berth.core.provisioning.DeploymentId;
import io.berth.core.provisioning.TaskId;
import io.berth.provisioning.spi.Provider;
import io.berth.provisioning.spi.TaskMonitor;
import io.berth.provisioning.spi.TaskOutcome;
import io.berth.provisioning.spi.TaskRequest;
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
import io.berth.platform.store.Stores;
import io.berth.provisioning.local.LocalProviderFactory;
import io.berth.store.jpa.JpaStores;
import io.berth.store.jpa.StoreSettings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Load script: N deployments × 3 no-op script tasks through the executor and the local provider, against
 * spawning the same 3N processes directly with the same parallelism, in one run.
 *
 * <pre>
 * benchmarks/run-executor-throughput.sh [deployments] [workers] [jdbc-url]
 * </pre>
 *
 * The figure that matters is the ratio (Berth time / raw time); bare times depend on the machine.
 */
public final class ExecutorThroughput {

    /** Declares and validates like the local provider, but every task succeeds at once. */
    private record InstantProvider(Provider delegate) implements Provider {
        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public Set<String> kinds() {
            return delegate.kinds();
        }

        @Override
        public void validate(TaskSpec spec) {
            delegate.validate(spec);
        }

        @Override
        public TaskOutcome execute(TaskRequest request, TaskMonitor monitor) {
            return TaskOutcome.succeeded(0, "");
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
    private static final int TASKS = 3;

    /** Time to store the commands, and time for the executor to run them all. */
    private record Timing(double submitSeconds, double runSeconds) {
    }

    private ExecutorThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int deployments = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        String jdbcUrl = args.length > 2 && !args[2].equals("h2") ? args[2] : null;
        Path dir = Files.createTempDirectory("berth-bench");
        Path scripts = Files.createDirectories(dir.resolve("scripts"));
        Path noop = scripts.resolve("noop.sh");
        Files.writeString(noop, "#!/bin/sh\nexit 0\n");

        System.out.printf(Locale.ROOT, "executor throughput: %d deployments x %d no-op tasks, %d workers, %s, %d cores%n",
                deployments, TASKS, workers, jdbcUrl == null ? "H2 file" : jdbcUrl,
                Runtime.getRuntime().availableProcessors());

        if (args.length > 3 && args[3].equals("store-only")) {
            for (int round = 1; round <= 3; round++) {
                double alone = berth(dir, noop, deployments, workers, jdbcUrl, "nospawn" + round, true).runSeconds();
                System.out.printf(Locale.ROOT, "executor and store alone, round %d: %.2f s, %.0f tasks/s%n", round,
                        alone, deployments * TASKS / alone);
            }
            return;
        }
        // warm both paths so that class loading and JIT do not count against either
        raw(noop, 900, workers);
        berth(dir, noop, 300, workers, jdbcUrl, "warmup", false);
        berth(dir, noop, 300, workers, jdbcUrl, "warmup2", false);

        double providerOnly = providerOnly(dir, noop, deployments * TASKS, workers);
        double rawForProvider = raw(noop, deployments * TASKS, workers);
        System.out.printf(Locale.ROOT, "local provider alone: %.2f s vs raw %.2f s, ratio %.2f%n", providerOnly,
                rawForProvider, providerOnly / rawForProvider);

        List<double[]> rounds = new ArrayList<>();
        for (int round = 1; round <= 3; round++) {
            double rawSeconds = raw(noop, deployments * TASKS, workers);
            Timing timing = berth(dir, noop, deployments, workers, jdbcUrl, "round" + round, false);
            double berthSeconds = timing.runSeconds();
            rounds.add(new double[] {rawSeconds, berthSeconds});
            System.out.printf(Locale.ROOT, "round %d: raw %.2f s, berth %.2f s, ratio %.2f (storing the %d commands"
                    + " before: %.2f s)%n", round, rawSeconds, berthSeconds, berthSeconds / rawSeconds, deployments,
                    timing.submitSeconds());
        }
        double alone = berth(dir, noop, deployments, workers, jdbcUrl, "nospawn", true).runSeconds();
        System.out.printf(Locale.ROOT, "executor and store alone (a provider that spawns nothing): %.2f s, %.0f tasks/s%n",
                alone, deployments * TASKS / alone);
        double[] best = rounds.stream().min((a, b) -> Double.compare(a[1] / a[0], b[1] / b[0])).orElseThrow();
        double median = rounds.stream().mapToDouble(r -> r[1] / r[0]).sorted().toArray()[1];
        System.out.printf(Locale.ROOT, "median ratio berth/raw: %.2f (best %.2f); %.0f tasks/s through berth%n",
                median, best[1] / best[0], deployments * TASKS / best[1]);
    }

    /** Spawns {@code count} processes of the script with {@code workers} threads, reading output like the provider. */
    private static double raw(Path script, int count, int workers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        long start = System.nanoTime();
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            results.add(pool.submit(() -> {
                Process process = new ProcessBuilder("sh", script.toString()).redirectErrorStream(true).start();
                try (InputStream in = process.getInputStream()) {
                    in.readAllBytes();
                }
                return process.waitFor();
            }));
        }
        for (Future<Integer> result : results) {
            if (result.get() != 0) {
                throw new IllegalStateException("raw process failed");
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return seconds;
    }

    /** The local provider without executor or store, to split the overhead between the two. */
    private static double providerOnly(Path dir, Path noop, int count, int workers) throws Exception {
        HostContext context = new HostContext(Clock.systemUTC(), n -> Optional.empty(),
                new CachingScriptFetcher(dir.resolve("cache"), Set.of("https"), Duration.ofSeconds(10)),
                Files.createDirectories(dir.resolve("work-provider")));
        try (var provider = new LocalProviderFactory().create(Map.of("script.root", noop.getParent().toString()), context)) {
            TaskSpec spec = TaskSpec.script("noop", new ScriptSource.Installed("noop.sh"), "sh");
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            long start = System.nanoTime();
            List<Future<TaskOutcome>> results = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                results.add(pool.submit(() -> provider.execute(new TaskRequest(spec, TaskPhase.INSTALL,
                        CommandAction.INSTALL, CommandId.random(), TaskId.random(), 1, DeploymentId.random(),
                        AccountId.random(), "bench", Map.of()), TaskMonitor.none())));
            }
            for (Future<TaskOutcome> result : results) {
                if (!result.get().succeeded()) {
                    throw new IllegalStateException("provider task failed: " + result.get().reason());
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            return seconds;
        }
    }

    /**
     * @param spawnNothing replace the local provider by one that returns success at once, to measure the
     *                     executor and the store alone
     */
    private static Timing berth(Path dir, Path noop, int deployments, int workers, String jdbcUrl, String name,
            boolean spawnNothing) throws IOException, InterruptedException {
        Clock clock = Clock.systemUTC();
        StoreSettings settings = jdbcUrl == null ? StoreSettings.h2File(Files.createDirectories(dir.resolve(name)))
                : new StoreSettings(jdbcUrl, System.getenv().getOrDefault("BERTH_DB_USER", "postgres"),
                        System.getenv().getOrDefault("BERTH_DB_PASSWORD", ""), workers + 4);
        try (Stores stores = JpaStores.open(settings)) {
            HostContext context = new HostContext(clock, n -> Optional.empty(),
                    new CachingScriptFetcher(dir.resolve("cache"), Set.of("https"), Duration.ofSeconds(10)),
                    Files.createDirectories(dir.resolve("work")));
            Provider local = new LocalProviderFactory().create(Map.of("script.root", noop.getParent().toString()), context);
            ProviderRegistry providers = ProviderRegistry.of(List.of(spawnNothing ? new InstantProvider(local) : local));
            CatalogService catalog = new CatalogService(stores.catalog(), providers, clock);
            Principal admin = new Principal(AccountId.random(), "admin", Role.ADMIN);
            List<TaskSpec> tasks = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                tasks.add(TaskSpec.script("noop-" + i, new ScriptSource.Installed("noop.sh"), "sh"));
            }
            String plan = "bench-" + name.toLowerCase(Locale.ROOT);
            catalog.createPlan(admin, plan, "", new ConfigurationDraft(tasks, List.of(), null, null));

            AtomicReference<Executor> executorRef = new AtomicReference<>();
            CommandListener wake = id -> {
                Executor executor = executorRef.get();
                if (executor != null) {
                    executor.wake();
                }
            };
            CommandService commands = new CommandService(stores.provisioning(), catalog, clock, wake);
            Executor executor = new Executor(stores.provisioning(), catalog, providers, clock,
                    ExecutorSettings.defaults().withWorkers(workers).withPollInterval(Duration.ofMillis(50)), wake);
            executorRef.set(executor);

            // Commands are stored first and timed apart: the figure compared with raw spawning is the executor's
            // (claim, record, run, record), not the API's request handling.
            long submitStart = System.nanoTime();
            List<CommandId> ids = new ArrayList<>(deployments);
            for (int i = 0; i < deployments; i++) {
                ids.add(commands.submit(admin, CommandRequest.install(plan, Map.of("n", Integer.toString(i))), null)
                        .command().id());
            }
            double submitSeconds = (System.nanoTime() - submitStart) / 1e9;

            long start = System.nanoTime();
            executor.start();
            // one count every 50 ms, so that watching does not load the database the executor works on
            while (stores.provisioning().countActiveCommands() > 0) {
                Thread.sleep(50);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            executor.close();
            long failed = ids.stream().filter(id -> commands.getCommand(admin, id).command().state() != State.COMPLETED).count();
            if (failed > 0) {
                throw new IllegalStateException(failed + " commands did not complete");
            }
            providers.close();
            return new Timing(submitSeconds, seconds);
        }
    }
}
