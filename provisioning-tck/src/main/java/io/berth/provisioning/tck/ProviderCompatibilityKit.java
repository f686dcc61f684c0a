package io.berth.provisioning.tck;

import io.berth.core.account.AccountId;
import io.berth.core.catalog.TaskPhase;
import io.berth.core.catalog.TaskSpec;
import io.berth.core.error.ErrorCode;
import io.berth.core.provisioning.CommandAction;
import io.berth.core.provisioning.CommandId;
import io.berth.core.provisioning.DeploymentId;
import io.berth.core.provisioning.TaskId;
import io.berth.provisioning.spi.PhysicalCapacity;
import io.berth.provisioning.spi.Provider;
import io.berth.provisioning.spi.ProviderContext;
import io.berth.provisioning.spi.ProviderException;
import io.berth.provisioning.spi.ProviderFactory;
import io.berth.provisioning.spi.ProviderHealth;
import io.berth.provisioning.spi.TaskMonitor;
import io.berth.provisioning.spi.TaskOutcome;
import io.berth.provisioning.spi.TaskRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The contract tests every {@link Provider} must pass. A provider's test module subclasses this class
 * and supplies the factory, its settings and four tasks; JUnit runs the inherited tests.
 *
 * <pre>{@code
 * class LocalProviderCompatibilityTest extends ProviderCompatibilityKit {
 *     private @TempDir Path scripts;
 *
 *     protected ProviderFactory factory() { return new LocalProviderFactory(); }
 *     protected Map<String, String> settings() { return Map.of("script.root", scripts.toString()); }
 *     protected TaskSpec succeedingTask() { ... }
 *     ...
 * }
 * }</pre>
 *
 * <p>Each test creates its own provider on first use through {@link #provider()}, from {@link #factory()},
 * {@link #settings()} and {@link #context()}, and closes it afterwards. The hooks are therefore called after
 * JUnit has injected the subclass's fields (such as {@code @TempDir}) and after its own {@code @BeforeEach}
 * methods have run, so a subclass may prepare scripts there.
 *
 * <p>Calls that run tasks are guarded against hangs with {@link #HANG_GUARD}: a provider that does not
 * return within it fails the test. The guard is not a speed requirement.
 */
public abstract class ProviderCompatibilityKit {

    /** How long a single test may block on the provider before it is considered hung. */
    public static final Duration HANG_GUARD = Duration.ofSeconds(60);

    /** How many tasks the concurrency test runs at once. */
    public static final int CONCURRENT_TASKS = 8;

    private static final Pattern SLUG = Pattern.compile("[a-z]([a-z0-9-]{0,62}[a-z0-9])?");
    private static final Pattern KIND = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?");

    private ProviderContext activeContext;
    private Provider provider;
    private boolean providerClosed;

    /**
     * The factory under test: a new instance of the class registered in
     * {@code META-INF/services/io.berth.provisioning.spi.ProviderFactory}. Called once per test, may be
     * called again.
     */
    protected abstract ProviderFactory factory();

    /** Settings that make the provider usable in the test environment; never null. Called once per test. */
    protected abstract Map<String, String> settings();

    /** A valid task of one of the provider's kinds that runs and succeeds within a few seconds. */
    protected abstract TaskSpec succeedingTask();

    /** A valid task of one of the provider's kinds that runs and fails within a few seconds. */
    protected abstract TaskSpec failingTask();

    /**
     * A valid task of one of the provider's kinds that runs for at least {@link #HANG_GUARD} unless it is
     * cancelled or times out, with a timeout longer than that. The kit shortens its timeout where it
     * tests timeouts.
     */
    protected abstract TaskSpec longRunningTask();

    /**
     * A task of one of the provider's kinds that {@link Provider#validate} refuses with
     * {@link ErrorCode#INVALID_TASK_SPEC} or {@link ErrorCode#SCRIPT_NOT_FOUND}, e.g. one whose script does
     * not exist.
     */
    protected abstract TaskSpec invalidTask();

    /**
     * The host services given to the provider. The kit calls this once per test and closes the result after
     * the test when it is {@link AutoCloseable}. The default is a new {@link TestProviderContext}.
     */
    protected ProviderContext context() {
        return new TestProviderContext();
    }

    /** The provider of the current test, created on first use. */
    protected final Provider provider() {
        if (provider == null) {
            activeContext = requireNonNull(context(), "context() returned null");
            provider = requireNonNull(factory().create(settings(), activeContext), "create returned null");
        }
        return provider;
    }

    /** The context given to {@link #provider()}, creating the provider if needed. */
    protected final ProviderContext providerContext() {
        provider();
        return activeContext;
    }

    /** A first attempt of an install task of {@code spec}, for a new deployment, command and task. */
    protected TaskRequest request(TaskSpec spec) {
        return request(spec, TaskId.random(), 1);
    }

    /** Attempt {@code attempt} of {@code task}, an install task of {@code spec}, for a new deployment. */
    protected TaskRequest request(TaskSpec spec, TaskId task, int attempt) {
        return new TaskRequest(spec, TaskPhase.INSTALL, CommandAction.INSTALL, CommandId.random(), task, attempt,
                DeploymentId.random(), AccountId.random(), "compatibility-plan", Map.of("compatibility.check", "yes"));
    }

    /**
     * Closes the current test's provider now, if one was created. For subclasses whose backend must outlive the
     * provider, such as a mock server they stop in their own {@code @AfterEach} (which JUnit runs before the
     * kit's): they call this first. Idempotent; the kit's own clean-up then skips the provider.
     */
    protected final void closeProvider() {
        if (provider != null && !providerClosed) {
            providerClosed = true;
            provider.close();
        }
    }

    @AfterEach
    final void closeProviderAndContext() throws Exception {
        try {
            closeProvider();
        } finally {
            if (activeContext instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    @Test
    public void factoryIsFoundByServiceLoaderUnderTheProvidersName() {
        ProviderFactory expected = factory();
        List<ProviderFactory> loaded = new ArrayList<>();
        ServiceLoader.load(ProviderFactory.class, expected.getClass().getClassLoader()).forEach(loaded::add);

        assertThat(loaded)
                .as("factories registered in META-INF/services")
                .filteredOn(factory -> factory.getClass().equals(expected.getClass()))
                .hasSize(1);
        assertThat(loaded)
                .as("factories named '%s'", expected.name())
                .filteredOn(factory -> factory.name().equals(expected.name()))
                .hasSize(1);
        assertThat(provider().name()).isEqualTo(expected.name());
    }

    @Test
    public void nameIsAStableLowerCaseSlug() {
        String name = factory().name();

        assertThat(name).matches(SLUG);
        assertThat(factory().name()).isEqualTo(name);
        assertThat(provider().name()).isEqualTo(name);
        assertThat(provider().name()).isEqualTo(name);
    }

    @Test
    public void kindsAreNonEmptyStableAndCoverTheTasks() {
        Set<String> kinds = provider().kinds();

        assertThat(kinds).isNotEmpty().allSatisfy(kind -> assertThat(kind).matches(KIND));
        assertThat(provider().kinds()).isEqualTo(kinds);
        assertThat(List.of(succeedingTask(), failingTask(), longRunningTask(), invalidTask()))
                .extracting(TaskSpec::kind)
                .allSatisfy(kind -> assertThat(kinds).contains(kind));
    }

    @Test
    public void validateAcceptsTheValidTasks() {
        for (TaskSpec spec : List.of(succeedingTask(), failingTask(), longRunningTask())) {
            assertThatCode(() -> provider().validate(spec)).as("validate(%s)", spec.name())
                    .doesNotThrowAnyException();
        }
    }

    @Test
    public void validateRefusesTheInvalidTaskWithATaskSpecCode() {
        TaskSpec invalid = invalidTask();

        assertThatThrownBy(() -> provider().validate(invalid))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.errorCode()).isIn(ErrorCode.INVALID_TASK_SPEC, ErrorCode.SCRIPT_NOT_FOUND);
                    assertThat(e.getMessage()).isNotBlank();
                });
    }

    @Test
    public void succeedingTaskSucceeds() {
        TaskOutcome outcome = run(request(succeedingTask()));

        assertThat(outcome.status()).as("outcome %s", outcome).isEqualTo(TaskOutcome.Status.SUCCEEDED);
    }

    @Test
    public void failingTaskFailsWithAReason() {
        TaskOutcome outcome = run(request(failingTask()));

        assertThat(outcome.status()).as("outcome %s", outcome).isEqualTo(TaskOutcome.Status.FAILED);
        assertThat(outcome.reason()).isNotBlank();
    }

    @Test
    public void aTaskCanBeRunAgainAsTheNextAttempt() {
        TaskId task = TaskId.random();

        TaskOutcome first = run(request(succeedingTask(), task, 1));
        TaskOutcome second = run(request(succeedingTask(), task, 2));

        assertThat(first.status()).as("first attempt %s", first).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(second.status()).as("second attempt %s", second).isEqualTo(TaskOutcome.Status.SUCCEEDED);
    }

    @Test
    public void longRunningTaskTimesOut() {
        TaskSpec spec = longRunningTask().withTimeout(Duration.ofSeconds(1));

        TaskOutcome outcome = run(request(spec));

        assertThat(outcome.status()).as("outcome %s", outcome).isEqualTo(TaskOutcome.Status.TIMED_OUT);
        assertThat(outcome.reason()).isNotBlank();
    }

    @Test
    public void longRunningTaskIsCancelledFromAnotherThread() {
        Provider provider = provider();
        TaskRequest request = request(longRunningTask());
        RecordingTaskMonitor monitor = new RecordingTaskMonitor();
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            TaskOutcome outcome = assertTimeoutPreemptively(HANG_GUARD, () -> {
                Future<TaskOutcome> running = runner.submit(() -> provider.execute(request, monitor));
                assertThat(monitor.awaitStarted(HANG_GUARD))
                        .as("the provider registered a cancel action, reported progress or polled for cancellation")
                        .isTrue();
                monitor.cancel();
                return running.get();
            });

            assertThat(outcome.status()).as("outcome %s", outcome).isEqualTo(TaskOutcome.Status.CANCELLED);
            assertThat(outcome.reason()).isNotBlank();
        } finally {
            runner.shutdownNow();
        }
    }

    @Test
    public void tasksRunConcurrently() {
        Provider provider = provider();
        List<TaskRequest> requests = new ArrayList<>();
        for (int i = 0; i < CONCURRENT_TASKS; i++) {
            requests.add(request(succeedingTask()));
        }
        ExecutorService runners = Executors.newFixedThreadPool(CONCURRENT_TASKS);
        try {
            List<TaskOutcome> outcomes = assertTimeoutPreemptively(HANG_GUARD, () -> {
                CountDownLatch ready = new CountDownLatch(CONCURRENT_TASKS);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<TaskOutcome>> running = new ArrayList<>();
                for (TaskRequest request : requests) {
                    running.add(runners.submit(() -> {
                        ready.countDown();
                        go.await();
                        return provider.execute(request, TaskMonitor.none());
                    }));
                }
                ready.await();
                go.countDown();
                List<TaskOutcome> results = new ArrayList<>();
                for (Future<TaskOutcome> future : running) {
                    results.add(future.get());
                }
                return results;
            });

            assertThat(outcomes).hasSize(CONCURRENT_TASKS)
                    .allSatisfy(outcome -> assertThat(outcome.status()).as("outcome %s", outcome)
                            .isEqualTo(TaskOutcome.Status.SUCCEEDED));
        } finally {
            runners.shutdownNow();
        }
    }

    @Test
    public void aSucceedingTaskRunTwiceForOneDeploymentSucceedsTwice() {
        // Convergence: a configure, or a retry after a crash, runs a task again for the same deployment.
        DeploymentId deployment = DeploymentId.random();
        AccountId owner = AccountId.random();
        TaskSpec spec = succeedingTask();

        TaskOutcome first = run(new TaskRequest(spec, TaskPhase.INSTALL, CommandAction.INSTALL, CommandId.random(),
                TaskId.random(), 1, deployment, owner, "compatibility-plan", Map.of("compatibility.check", "yes")));
        TaskOutcome second = run(new TaskRequest(spec, TaskPhase.INSTALL, CommandAction.CONFIGURE, CommandId.random(),
                TaskId.random(), 1, deployment, owner, "compatibility-plan", Map.of("compatibility.check", "again")));

        assertThat(first.status()).as("first run %s", first).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(second.status()).as("second run %s", second).isEqualTo(TaskOutcome.Status.SUCCEEDED);
    }

    @Test
    public void discoverCapacityIsUnsupportedOrANonNegativeTotalReadAtTheContextClock() {
        Provider provider = provider();
        java.time.Clock clock = providerContext().clock();
        java.time.Instant before = clock.instant();

        PhysicalCapacity capacity;
        try {
            capacity = assertTimeoutPreemptively(HANG_GUARD, () -> provider.discoverCapacity(null));
        } catch (ProviderException e) {
            assertThat(e.errorCode()).as("a provider that cannot read capacity says so")
                    .isEqualTo(ErrorCode.CAPACITY_DISCOVERY_UNSUPPORTED);
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        java.time.Instant after = clock.instant();

        assertThat(capacity).as("discoverCapacity returned null").isNotNull();
        assertThat(capacity.total().isNonNegative()).as("total %s", capacity.total()).isTrue();
        assertThat(capacity.readAt()).as("read at the context clock's time").isBetween(before, after);
        assertThat(capacity.sources()).allSatisfy(source ->
                assertThat(source.resources().isNonNegative()).as("source %s", source.name()).isTrue());
    }

    @Test
    public void healthNeverThrows() {
        Provider provider = provider();

        ProviderHealth health = assertTimeoutPreemptively(HANG_GUARD, provider::health);

        assertThat(health).isNotNull();
        assertThat(health.detail()).isNotNull();
    }

    @Test
    public void closeIsIdempotent() {
        Provider provider = provider();
        providerClosed = true;

        assertThatCode(() -> {
            provider.close();
            provider.close();
        }).doesNotThrowAnyException();
    }

    /** Runs {@code request} with a monitor that never cancels, failing the test if the provider hangs. */
    protected final TaskOutcome run(TaskRequest request) {
        Provider provider = provider();
        TaskOutcome outcome = assertTimeoutPreemptively(HANG_GUARD,
                () -> provider.execute(request, TaskMonitor.none()));
        assertThat(outcome).as("execute returned null").isNotNull();
        return outcome;
    }
}
