package io.berth.platform.provisioning;

import io.berth.core.account.AccountId;
import io.berth.core.account.Principal;
import io.berth.core.account.Role;
import io.berth.core.catalog.TaskSpec;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.provisioning.CommandEvent;
import io.berth.core.provisioning.CommandId;
import io.berth.core.provisioning.DeploymentId;
import io.berth.core.provisioning.HealthStatus;
import io.berth.core.provisioning.ServiceTask;
import io.berth.core.state.State;
import io.berth.platform.catalog.CatalogService;
import io.berth.platform.catalog.ConfigurationDraft;
import io.berth.platform.provider.ProviderRegistry;
import io.berth.platform.testing.FakeProvider;
import io.berth.platform.testing.InMemoryStores;
import io.berth.platform.testing.MutableClock;
import io.berth.provisioning.spi.TaskOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecutorTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final InMemoryStores stores = new InMemoryStores();
    private final FakeProvider provider = new FakeProvider();
    private final ProviderRegistry providers = ProviderRegistry.of(List.of(provider));
    private final CatalogService catalog = new CatalogService(stores, providers, clock);
    private final CommandService commands = new CommandService(stores, catalog, clock, CommandListener.NONE);
    private final Principal admin = new Principal(AccountId.random(), "admin", Role.ADMIN);
    private final Principal alice = new Principal(AccountId.random(), "alice", Role.USER);
    private final List<Executor> executors = new ArrayList<>();

    @BeforeEach
    void plan() {
        catalog.createPlan(admin, "notebook", "a notebook", new ConfigurationDraft(
                List.of(task("prepare"), task("start"), task("register")),
                List.of(task("stop"), task("cleanup")), task("probe"), Duration.ofMinutes(1)));
    }

    @AfterEach
    void stop() {
        executors.forEach(Executor::halt);
    }

    private static TaskSpec task(String name) {
        return new TaskSpec(name, "fake", null, null, List.of(), Map.of(), Map.of(), Duration.ofMinutes(1), 0,
                Duration.ofSeconds(1), false);
    }

    private Executor executor(String owner) {
        Executor executor = new Executor(stores, catalog, providers, clock, ExecutorSettings.defaults().withOwner(owner)
                .withWorkers(2).withLease(Duration.ofSeconds(30), Duration.ofSeconds(5))
                .withPollInterval(Duration.ofMillis(20)), CommandListener.NONE);
        executors.add(executor);
        return executor;
    }

    private CommandId install(Map<String, String> parameters) {
        return commands.submit(alice, CommandRequest.install("notebook", parameters), null).command().id();
    }

    private CommandService.CommandDetails details(CommandId id) {
        return commands.getCommand(admin, id);
    }

    private List<String> taskStates(CommandId id) {
        return details(id).tasks().stream().map(t -> t.name() + ":" + t.state()).toList();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within the hang guard");
            }
            Thread.sleep(5);
        }
    }

    @Test
    void installRunsTasksInOrderAndCompletesTheDeployment() {
        CommandId id = install(Map.of("size", "small"));
        assertThat(details(id).command().state()).isEqualTo(State.INITIATED);
        assertThat(taskStates(id)).containsExactly("prepare:INITIATED", "start:INITIATED", "register:INITIATED");

        assertThat(executor("a").runPending()).isEqualTo(1);

        CommandService.CommandDetails done = details(id);
        assertThat(done.command().state()).isEqualTo(State.COMPLETED);
        assertThat(done.command().state().code()).isEqualTo(5);
        assertThat(taskStates(id)).containsExactly("prepare:COMPLETED", "start:COMPLETED", "register:COMPLETED");
        assertThat(done.tasks()).allSatisfy(t -> {
            assertThat(t.attempt()).isEqualTo(1);
            assertThat(t.exitCode()).isZero();
        });
        assertThat(provider.callNames()).containsExactly("prepare#1", "start#1", "register#1");
        assertThat(provider.calls().get(0).parameters()).containsEntry("size", "small");
        assertThat(commands.getDeployment(alice, done.command().deployment()).deployment().state())
                .isEqualTo(State.COMPLETED);

        List<String> events = commands.events(alice, id, 0, 100).stream()
                .map(e -> e.seq() + " " + e.type() + " " + (e.taskName() == null ? "-" : e.taskName()) + " " + e.state())
                .toList();
        assertThat(events).containsExactly(
                "1 COMMAND - INITIATED",
                "2 COMMAND - PENDING",
                "3 TASK prepare PENDING", "4 TASK prepare COMPLETED",
                "5 TASK start PENDING", "6 TASK start COMPLETED",
                "7 TASK register PENDING", "8 TASK register COMPLETED",
                "9 COMMAND - COMPLETED");
        assertThat(commands.events(alice, id, 6, 100)).extracting(CommandEvent::seq).containsExactly(7L, 8L, 9L);
    }

    @Test
    void aFailingTaskFailsCommandAndDeploymentAndWithdrawsTheRest() {
        provider.on("start", FakeProvider.exit(3));
        CommandId id = install(Map.of());
        executor("a").runPending();

        CommandService.CommandDetails failed = details(id);
        assertThat(failed.command().state()).isEqualTo(State.FAILED);
        assertThat(failed.command().reason()).isEqualTo("task 'start' failed: exit code 3");
        assertThat(taskStates(id)).containsExactly("prepare:COMPLETED", "start:FAILED", "register:REMOVED");
        ServiceTask start = failed.tasks().get(1);
        assertThat(start.exitCode()).isEqualTo(3);
        assertThat(start.output()).isEqualTo("output of failure");
        var deployment = commands.getDeployment(alice, failed.command().deployment()).deployment();
        assertThat(deployment.state()).isEqualTo(State.FAILED);
        assertThat(deployment.reason()).isEqualTo("task 'start' failed: exit code 3");
        assertThat(provider.callNames()).containsExactly("prepare#1", "start#1");
    }

    @Test
    void retriesWithBackoffBeforeGivingUp() {
        catalog.addConfiguration(admin, "notebook", new ConfigurationDraft(
                List.of(task("flaky").withRetries(2, Duration.ofSeconds(10))), List.of(), null, null));
        provider.on("flaky", FakeProvider.failTimes(2));
        CommandId id = install(Map.of());
        Executor executor = executor("a");

        executor.runPending();
        assertThat(details(id).command().state()).isEqualTo(State.PENDING);
        assertThat(details(id).tasks().get(0).reason()).isEqualTo("exit code 1");

        clock.advance(Duration.ofSeconds(9));
        assertThat(executor.runPending()).as("backoff of 10 s not over").isZero();
        clock.advance(Duration.ofSeconds(1));
        executor.runPending();
        assertThat(details(id).tasks().get(0).attempt()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(19));
        assertThat(executor.runPending()).as("second backoff doubles to 20 s").isZero();
        clock.advance(Duration.ofSeconds(1));
        executor.runPending();

        assertThat(details(id).command().state()).isEqualTo(State.COMPLETED);
        assertThat(details(id).tasks().get(0).attempt()).isEqualTo(3);
        assertThat(provider.callNames()).containsExactly("flaky#1", "flaky#2", "flaky#3");
    }

    @Test
    void retriesRunOutIntoFailure() {
        catalog.addConfiguration(admin, "notebook", new ConfigurationDraft(
                List.of(task("flaky").withRetries(1, Duration.ofSeconds(1))), List.of(), null, null));
        provider.on("flaky", FakeProvider.failTimes(5));
        CommandId id = install(Map.of());
        Executor executor = executor("a");
        executor.runPending();
        clock.advance(Duration.ofSeconds(1));
        executor.runPending();
        assertThat(details(id).command().state()).isEqualTo(State.FAILED);
        assertThat(details(id).tasks().get(0).attempt()).isEqualTo(2);
    }

    @Test
    void removeRunsRemovalTasksAndKeepsTheDeploymentAsRemoved() {
        CommandId installed = install(Map.of());
        Executor executor = executor("a");
        executor.runPending();
        DeploymentId deployment = details(installed).command().deployment();

        CommandId removal = commands.submit(alice, CommandRequest.remove(deployment), null).command().id();
        executor.runPending();

        assertThat(details(removal).command().state()).isEqualTo(State.COMPLETED);
        assertThat(taskStates(removal)).containsExactly("stop:COMPLETED", "cleanup:COMPLETED");
        var removed = commands.getDeployment(alice, deployment).deployment();
        assertThat(removed.state()).isEqualTo(State.REMOVED);
        assertThat(removed.state().code()).isEqualTo(8);
        assertThat(commands.listDeployments(alice, false, false, 100)).isEmpty();
        assertThat(commands.listDeployments(alice, false, true, 100)).hasSize(1);

        assertThatThrownBy(() -> commands.submit(alice, CommandRequest.configure(deployment, Map.of()), null))
                .isInstanceOf(BerthException.class)
                .extracting(e -> ((BerthException) e).errorCode()).isEqualTo(ErrorCode.DEPLOYMENT_REMOVED);
    }

    @Test
    void configureRerunsTheInstallTasksWithMergedParameters() {
        CommandId installed = install(Map.of("size", "small", "gpu", "0"));
        Executor executor = executor("a");
        executor.runPending();
        DeploymentId deployment = details(installed).command().deployment();

        CommandId configured = commands.submit(alice, CommandRequest.configure(deployment, Map.of("size", "large")), null)
                .command().id();
        executor.runPending();

        assertThat(details(configured).command().state()).isEqualTo(State.COMPLETED);
        assertThat(provider.calls().subList(3, 6)).allSatisfy(call -> {
            assertThat(call.action()).isEqualTo("CONFIGURE");
            assertThat(call.parameters()).isEqualTo(Map.of("size", "large", "gpu", "0"));
        });
        assertThat(commands.getDeployment(alice, deployment).deployment().parameters())
                .isEqualTo(Map.of("size", "large", "gpu", "0"));
    }

    @Test
    void aRepeatableTaskInterruptedByACrashRunsAgainOnTakeover() throws Exception {
        catalog.addConfiguration(admin, "notebook", new ConfigurationDraft(
                List.of(task("first"), task("slow").withRepeatable(true), task("last")), List.of(), null, null));
        FakeProvider.Gate gate = new FakeProvider.Gate();
        provider.on("slow", gate);
        CommandId id = install(Map.of());

        Executor crashing = executor("crashing");
        crashing.start();
        gate.awaitStarted();
        crashing.halt();
        assertThat(taskStates(id)).containsExactly("first:COMPLETED", "slow:PENDING", "last:INITIATED");

        provider.on("slow", FakeProvider.exit(0));
        Executor successor = executor("successor");
        assertThat(successor.runPending()).as("the lease has not expired yet").isZero();
        clock.advance(Duration.ofSeconds(31));
        assertThat(successor.runPending()).isEqualTo(1);

        assertThat(details(id).command().state()).isEqualTo(State.COMPLETED);
        assertThat(details(id).tasks().get(1).attempt()).isEqualTo(2);
        assertThat(provider.callNames()).containsExactly("first#1", "slow#1", "slow#2", "last#1");
        assertThat(commands.events(admin, id, 0, 100)).extracting(CommandEvent::message)
                .contains("attempt 2 started (re-run after interruption)");
    }

    @Test
    void aNonRepeatableTaskInterruptedByACrashFailsAsInterruptedAndNeverRunsTwice() throws Exception {
        FakeProvider.Gate gate = new FakeProvider.Gate();
        provider.on("start", gate);
        CommandId id = install(Map.of());

        Executor crashing = executor("crashing");
        crashing.start();
        gate.awaitStarted();
        crashing.halt();

        clock.advance(Duration.ofSeconds(31));
        executor("successor").runPending();

        CommandService.CommandDetails result = details(id);
        assertThat(result.command().state()).isEqualTo(State.FAILED);
        assertThat(result.tasks().get(1).reason()).startsWith("interrupted");
        assertThat(result.command().reason()).startsWith("task 'start' failed: interrupted");
        assertThat(taskStates(id)).containsExactly("prepare:COMPLETED", "start:FAILED", "register:REMOVED");
        assertThat(provider.callNames()).containsExactly("prepare#1", "start#1");
    }

    @Test
    void aGracefulStopReleasesARunningCommandForTheNextServerAtOnce() throws Exception {
        FakeProvider.Gate gate = new FakeProvider.Gate();
        provider.on("start", gate);
        CommandId id = install(Map.of());
        Executor stopping = new Executor(stores, catalog, providers, clock, ExecutorSettings.defaults()
                .withOwner("stopping").withWorkers(1).withPollInterval(Duration.ofMillis(20))
                .withShutdownGrace(Duration.ofMillis(200)), CommandListener.NONE);
        executors.add(stopping);
        stopping.start();
        gate.awaitStarted();

        stopping.close();

        // no clock advance: the lease was handed back, not left to expire
        assertThat(executor("successor").runPending()).isEqualTo(1);
        assertThat(details(id).command().state()).isEqualTo(State.FAILED);
        assertThat(details(id).tasks().get(1).reason()).startsWith("interrupted");
        assertThat(provider.callNames()).containsExactly("prepare#1", "start#1");
    }

    @Test
    void aStoppingServerFinishesTheRunningTaskButStartsNoFurtherOne() throws Exception {
        FakeProvider.Gate gate = new FakeProvider.Gate();
        provider.on("prepare", gate);
        CommandId id = install(Map.of());
        Executor stopping = new Executor(stores, catalog, providers, clock, ExecutorSettings.defaults()
                .withOwner("stopping").withWorkers(1).withPollInterval(Duration.ofMillis(20))
                .withShutdownGrace(Duration.ofSeconds(30)), CommandListener.NONE);
        executors.add(stopping);
        stopping.start();
        gate.awaitStarted();

        Thread closer = new Thread(stopping::close);
        closer.start();
        await(() -> closer.getState() == Thread.State.TIMED_WAITING || closer.getState() == Thread.State.WAITING);
        gate.open();
        closer.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(taskStates(id)).containsExactly("prepare:COMPLETED", "start:INITIATED", "register:INITIATED");
        assertThat(executor("successor").runPending()).as("handed back at once").isEqualTo(1);
        assertThat(details(id).command().state()).isEqualTo(State.COMPLETED);
        assertThat(provider.callNames()).containsExactly("prepare#1", "start#1", "register#1");
    }

    @Test
    void aRemoveIssuedDuringAnInstallStopsTheInstallFirst() throws Exception {
        FakeProvider.Gate gate = new FakeProvider.Gate();
        provider.on("start", gate);
        CommandId installId = install(Map.of());
        // renewals 5 minutes apart: only the listener can make the executor notice the remove in time
        Executor executor = new Executor(stores, catalog, providers, clock, ExecutorSettings.defaults().withOwner("a")
                .withWorkers(2).withLease(Duration.ofMinutes(10), Duration.ofMinutes(5))
                .withPollInterval(Duration.ofMillis(20)), CommandListener.NONE);
        executors.add(executor);
        // as the server wires it: an accepted remove makes the executor look at its leases at once
        CommandService wired = new CommandService(stores, catalog, clock, new CommandListener() {
            @Override
            public void changed(CommandId command) {
                executor.wake();
            }

            @Override
            public void cancelRequested(DeploymentId deployment) {
                executor.checkLeasesNow();
            }
        });
        executor.start();
        gate.awaitStarted();

        DeploymentId deployment = details(installId).command().deployment();
        CommandId removeId = wired.submit(alice, CommandRequest.remove(deployment), null).command().id();
        await(() -> details(removeId).command().state() == State.COMPLETED);

        CommandService.CommandDetails install = details(installId);
        assertThat(install.command().state()).isEqualTo(State.FAILED);
        assertThat(install.command().reason()).isEqualTo("cancelled by a remove command for the deployment");
        assertThat(taskStates(installId)).containsExactly("prepare:COMPLETED", "start:FAILED", "register:REMOVED");
        assertThat(commands.getDeployment(alice, deployment).deployment().state()).isEqualTo(State.REMOVED);
        assertThat(provider.callNames()).containsExactly("prepare#1", "start#1", "stop#1", "cleanup#1");
    }

    @Test
    void aRemoveAheadOfARetryDoesNotWaitForTheBackoff() {
        catalog.addConfiguration(admin, "notebook", new ConfigurationDraft(
                List.of(task("flaky").withRetries(3, Duration.ofMinutes(30))), List.of(task("stop")), null, null));
        provider.on("flaky", FakeProvider.failTimes(9));
        CommandId installId = install(Map.of());
        Executor executor = executor("a");
        executor.runPending();
        DeploymentId deployment = details(installId).command().deployment();

        CommandId removeId = commands.submit(alice, CommandRequest.remove(deployment), null).command().id();
        executor.runPending();

        assertThat(details(installId).command().state()).isEqualTo(State.FAILED);
        assertThat(details(removeId).command().state()).isEqualTo(State.COMPLETED);
        assertThat(provider.callNames()).containsExactly("flaky#1", "stop#1");
    }

    @Test
    void anExecutorThatLostItsLeaseWritesNothingMore() throws Exception {
        FakeProvider.Gate gate = new FakeProvider.Gate();
        provider.on("start", gate);
        CommandId id = install(Map.of());
        Executor executor = executor("a");
        executor.start();
        gate.awaitStarted();
        int writesBefore = stores.applyCount();

        stores.stealLease(id, "someone-else", clock.instant().plus(Duration.ofMinutes(5)));
        executor.checkLeasesNow();
        await(() -> executor.runningCount() == 0);

        assertThat(stores.applyCount()).isEqualTo(writesBefore);
        assertThat(taskStates(id)).containsExactly("prepare:COMPLETED", "start:PENDING", "register:INITIATED");
    }

    @Test
    void theSameIdempotencyKeyReturnsTheFirstCommandAndRefusesADifferentBody() {
        CommandService.Accepted first = commands.submit(alice, CommandRequest.install("notebook", Map.of("a", "1")), "k-1");
        CommandService.Accepted again = commands.submit(alice, CommandRequest.install("notebook", Map.of("a", "1")), "k-1");
        assertThat(first.replayed()).isFalse();
        assertThat(again.replayed()).isTrue();
        assertThat(again.command().id()).isEqualTo(first.command().id());
        assertThat(commands.listDeployments(alice, false, true, 100)).hasSize(1);

        assertThatThrownBy(() -> commands.submit(alice, CommandRequest.install("notebook", Map.of("a", "2")), "k-1"))
                .isInstanceOf(BerthException.class)
                .extracting(e -> ((BerthException) e).errorCode()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED);
        Principal bob = new Principal(AccountId.random(), "bob", Role.USER);
        assertThat(commands.submit(bob, CommandRequest.install("notebook", Map.of("a", "2")), "k-1").replayed())
                .as("keys are scoped to the caller").isFalse();

        executor("a").runPending();
        DeploymentId deployment = first.command().deployment();
        CommandService.Accepted removal = commands.submit(alice, CommandRequest.remove(deployment), "rm-1");
        executor("a").runPending();
        assertThat(commands.getDeployment(alice, deployment).deployment().state()).isEqualTo(State.REMOVED);
        CommandService.Accepted retry = commands.submit(alice, CommandRequest.remove(deployment), "rm-1");
        assertThat(retry.replayed()).as("the retry of a finished remove replays it").isTrue();
        assertThat(retry.command().id()).isEqualTo(removal.command().id());
    }

    @Test
    void unknownKindsAndInvalidTasksAreRefusedWhenTheConfigurationIsCreated() {
        TaskSpec unknown = new TaskSpec("x", "teleport", null, null, null, null, null, null, 0, null, false);
        assertThatThrownBy(() -> catalog.addConfiguration(admin, "notebook",
                new ConfigurationDraft(List.of(unknown), List.of(), null, null)))
                .extracting(e -> ((BerthException) e).errorCode()).isEqualTo(ErrorCode.UNKNOWN_TASK_KIND);
        TaskSpec invalid = new TaskSpec("x", "fake", null, null, null, null, Map.of("invalid", "yes"), null, 0, null, false);
        assertThatThrownBy(() -> catalog.createPlan(admin, "other", "", new ConfigurationDraft(List.of(invalid), List.of(), null, null)))
                .extracting(e -> ((BerthException) e).errorCode()).isEqualTo(ErrorCode.INVALID_TASK_SPEC);
        assertThatThrownBy(() -> catalog.getPlan("other"))
                .extracting(e -> ((BerthException) e).errorCode()).isEqualTo(ErrorCode.PLAN_NOT_FOUND);
        assertThat(catalog.listConfigurations("notebook")).hasSize(1);
    }

    @Test
    void healthChecksRunWhenDueAndShowOnTheDeployment() {
        CommandId id = install(Map.of());
        executor("a").runPending();
        DeploymentId deployment = details(id).command().deployment();
        HealthMonitor monitor = new HealthMonitor(stores, catalog, providers, clock);

        assertThat(monitor.runDue()).isEqualTo(1);
        var health = commands.getDeployment(alice, deployment).deployment().health();
        assertThat(health.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(health.checkedAt()).isEqualTo(clock.instant());
        assertThat(monitor.runDue()).as("not due again before the interval").isZero();

        provider.on("probe", FakeProvider.exit(7));
        clock.advance(Duration.ofMinutes(1));
        assertThat(monitor.runDue()).isEqualTo(1);
        health = commands.getDeployment(alice, deployment).deployment().health();
        assertThat(health.status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(health.message()).startsWith("exit code 7");

        commands.submit(alice, CommandRequest.remove(deployment), null);
        executor("b").runPending();
        assertThat(commands.getDeployment(alice, deployment).deployment().health().status())
                .as("a removed deployment has no health").isEqualTo(HealthStatus.UNKNOWN);
        clock.advance(Duration.ofMinutes(5));
        assertThat(monitor.runDue()).as("removed deployments are not checked").isZero();
    }

    @Test
    void usersSeeOnlyTheirOwnAndOnlyAdminsWriteTheCatalog() {
        CommandId id = install(Map.of());
        Principal bob = new Principal(AccountId.random(), "bob", Role.USER);
        assertThatThrownBy(() -> commands.getCommand(bob, id))
                .extracting(e -> ((BerthException) e).errorCode()).isEqualTo(ErrorCode.COMMAND_NOT_FOUND);
        DeploymentId deployment = details(id).command().deployment();
        assertThatThrownBy(() -> commands.submit(bob, CommandRequest.remove(deployment), null))
                .extracting(e -> ((BerthException) e).errorCode()).isEqualTo(ErrorCode.DEPLOYMENT_NOT_FOUND);
        assertThat(commands.listDeployments(bob, true, true, 100)).isEmpty();
        assertThat(commands.listDeployments(admin, true, true, 100)).hasSize(1);
        assertThatThrownBy(() -> catalog.createPlan(bob, "mine", "", null))
                .extracting(e -> ((BerthException) e).errorCode()).isEqualTo(ErrorCode.FORBIDDEN);
    }

    @Test
    void progressReportedByTheProviderBecomesEvents() {
        provider.on("start", (request, monitor) -> {
            monitor.progress("pulling image");
            monitor.progress("started");
            return TaskOutcome.succeeded(0, "");
        });
        CommandId id = install(Map.of());
        executor("a").runPending();
        assertThat(commands.events(alice, id, 0, 100)).filteredOn(e -> e.type() == CommandEvent.Type.PROGRESS)
                .extracting(CommandEvent::message).containsExactly("pulling image", "started");
    }
}
