package io.berth.platform.provisioning;

import io.berth.core.catalog.ServiceConfiguration;
import io.berth.core.catalog.TaskSpec;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.provisioning.CommandAction;
import io.berth.core.provisioning.CommandEvent;
import io.berth.core.provisioning.CommandId;
import io.berth.core.provisioning.DeploymentHealth;
import io.berth.core.provisioning.ServiceCommand;
import io.berth.core.provisioning.ServiceDeployment;
import io.berth.core.provisioning.ServiceTask;
import io.berth.core.state.State;
import io.berth.platform.catalog.CatalogService;
import io.berth.platform.provider.ProviderRegistry;
import io.berth.platform.store.Claim;
import io.berth.platform.store.LeaseStatus;
import io.berth.platform.store.ProvisioningStore;
import io.berth.platform.store.Step;
import io.berth.provisioning.spi.Provider;
import io.berth.provisioning.spi.ProviderException;
import io.berth.provisioning.spi.TaskMonitor;
import io.berth.provisioning.spi.TaskOutcome;
import io.berth.provisioning.spi.TaskRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import static java.util.Objects.requireNonNull;

/**
 * Runs stored commands: claims one with a lease, runs its tasks in order through their providers, and
 * records every step before and after it happens, so that a crash at any point is resumed by whichever
 * process claims the command next.
 *
 * <p>Recovery rule: a task recorded as started but not finished was interrupted. If its spec is
 * {@linkplain TaskSpec#repeatable() repeatable} it runs again; otherwise it is FAILED with reason
 * "interrupted" and never run twice. See {@code docs/architecture/executor.md}.
 */
public final class Executor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Executor.class);
    /** Progress lines kept per attempt; a chatty provider cannot flood the event table. */
    private static final int MAX_PROGRESS_EVENTS = 200;
    /** Re-runs of an interrupted repeatable task beyond its retries; stops a task that kills its host from looping. */
    private static final int MAX_EXTRA_INTERRUPTIONS = 3;

    private final ProvisioningStore store;
    private final CatalogService catalog;
    private final ProviderRegistry providers;
    private final Clock clock;
    private final ExecutorSettings settings;
    private final CommandListener listener;

    private final Map<CommandId, Run> running = new ConcurrentHashMap<>();
    /** Writes take the read side; {@link #halt()} takes the write side so that nothing is written after it. */
    private final ReentrantReadWriteLock writeGate = new ReentrantReadWriteLock();
    private final ReentrantLock idleLock = new ReentrantLock();
    private final Condition workArrived = idleLock.newCondition();
    private volatile boolean wakeSignal;
    private volatile boolean stopping;
    private volatile boolean halted;
    private ExecutorService workers;
    private ScheduledExecutorService leaseKeeper;

    public Executor(ProvisioningStore store, CatalogService catalog, ProviderRegistry providers, Clock clock,
            ExecutorSettings settings, CommandListener listener) {
        this.store = requireNonNull(store, "store is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.providers = requireNonNull(providers, "providers is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.listener = requireNonNull(listener, "listener is null");
    }

    public ExecutorSettings settings() {
        return settings;
    }

    /** Starts the worker threads and the lease keeper. */
    public synchronized void start() {
        if (workers != null) {
            throw new IllegalStateException("already started");
        }
        workers = Executors.newFixedThreadPool(settings.workers(), daemon("berth-executor-"));
        for (int i = 0; i < settings.workers(); i++) {
            workers.execute(this::workLoop);
        }
        leaseKeeper = Executors.newSingleThreadScheduledExecutor(daemon("berth-lease-"));
        long every = settings.renewInterval().toMillis();
        leaseKeeper.scheduleWithFixedDelay(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
    }

    /** Tells idle workers that work may have arrived (e.g. a command was just submitted). */
    public void wake() {
        idleLock.lock();
        try {
            wakeSignal = true;
            workArrived.signalAll();
        } finally {
            idleLock.unlock();
        }
    }

    /** Looks at running commands' leases now, to notice a cancellation request without waiting. */
    public void checkLeasesNow() {
        if (leaseKeeper != null && !leaseKeeper.isShutdown()) {
            leaseKeeper.execute(this::renewLeases);
        } else {
            renewLeases();
        }
    }

    /** Number of commands this executor is running now. */
    public int runningCount() {
        return running.size();
    }

    /**
     * Claims and runs commands on the calling thread until none is runnable; for tests and tools that want
     * execution to happen deterministically.
     *
     * @return how many claims were run
     */
    public int runPending() {
        int count = 0;
        while (!stopping) {
            Optional<Claim> claim = store.claim(settings.owner(), clock.instant(), settings.lease());
            if (claim.isEmpty()) {
                return count;
            }
            execute(claim.get());
            count++;
        }
        return count;
    }

    private void workLoop() {
        while (!stopping) {
            try {
                Optional<Claim> claim = store.claim(settings.owner(), clock.instant(), settings.lease());
                if (claim.isPresent()) {
                    execute(claim.get());
                    continue;
                }
                idle();
            } catch (BerthException e) {
                if (!stopping) {
                    LOG.warn("executor {}: {}", settings.owner(), e.getMessage());
                    idle();
                }
            } catch (RuntimeException e) {
                if (!stopping) {
                    LOG.error("executor {} failed a round", settings.owner(), e);
                    idle();
                }
            }
        }
    }

    private void idle() {
        idleLock.lock();
        try {
            if (!wakeSignal && !stopping) {
                workArrived.await(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            }
            wakeSignal = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        } finally {
            idleLock.unlock();
        }
    }

    private void renewLeases() {
        Instant until = clock.instant().plus(settings.lease());
        for (Run run : running.values()) {
            try {
                LeaseStatus status = store.renew(run.command.id(), settings.owner(), until);
                if (!status.held()) {
                    run.leaseLost();
                } else if (status.cancelRequested()) {
                    run.cancel("cancelled by a remove command for the deployment");
                }
            } catch (RuntimeException e) {
                LOG.warn("renewing the lease of command {} failed: {}", run.command.id(), e.toString());
            }
        }
    }

    private void execute(Claim claim) {
        Run run = new Run(claim);
        running.put(claim.command().id(), run);
        try {
            run.execute();
        } catch (Abort e) {
            LOG.info("command {} left to be taken over: {}", claim.command().id(), e.getMessage());
        } finally {
            running.remove(claim.command().id());
        }
    }

    /**
     * Stops claiming, lets running tasks finish for up to the shutdown grace, then stops the rest; those
     * are left unfinished in the store and resumed by the next claimer (by the recovery rule).
     */
    @Override
    public void close() {
        stopping = true;
        wake();
        ExecutorService pool;
        synchronized (this) {
            pool = workers;
        }
        if (pool != null) {
            pool.shutdown();
            try {
                if (!pool.awaitTermination(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                    running.values().forEach(Run::stopForShutdown);
                    pool.awaitTermination(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (leaseKeeper != null) {
            leaseKeeper.shutdownNow();
        }
    }

    /**
     * Stops at once and writes nothing more, as a crash would: running tasks are stopped (their processes
     * killed) but their ends are not recorded, and leases are left to expire. Used by tests of recovery and
     * by an operator's emergency stop.
     */
    public void halt() {
        writeGate.writeLock().lock();
        try {
            halted = true;
            stopping = true;
        } finally {
            writeGate.writeLock().unlock();
        }
        running.values().forEach(Run::stopForShutdown);
        wake();
        if (workers != null) {
            workers.shutdownNow();
        }
        if (leaseKeeper != null) {
            leaseKeeper.shutdownNow();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Thrown inside a run to stop it without writing: the lease is lost, the executor halted or stopping. */
    private static final class Abort extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Abort(String message) {
            super(message, null, false, false);
        }
    }

    /** One claimed command being run. Store writes are serialised on this object. */
    private final class Run implements TaskMonitor {
        private ServiceCommand command;
        private ServiceDeployment deployment;
        private final List<ServiceTask> tasks;
        private final ServiceConfiguration configuration;
        private final String planName;
        private long seq;

        private volatile String cancelReason;
        private volatile boolean leaseLost;
        private volatile boolean shutdownStop;
        private final List<Runnable> cancelActions = new CopyOnWriteArrayList<>();
        private volatile ServiceTask current;
        private int progressEvents;
        private ServiceDeployment deferredDeployment;
        private final List<ServiceTask> deferredTasks = new ArrayList<>();
        private final List<CommandEvent> deferredEvents = new ArrayList<>();

        Run(Claim claim) {
            this.command = claim.command();
            this.deployment = claim.deployment();
            this.tasks = new ArrayList<>(claim.tasks());
            this.seq = claim.lastEventSeq();
            this.configuration = catalog.configuration(command.configuration());
            this.planName = catalog.plan(command.plan()).name();
            if (claim.cancelRequested()) {
                this.cancelReason = "cancelled by a remove command for the deployment";
            }
        }

        void execute() {
            if (cancelReason != null && command.state() == State.INITIATED) {
                finishCancelledBeforeStart();
                return;
            }
            if (command.state() == State.INITIATED) {
                start();
            }
            for (int i = 0; i < tasks.size(); i++) {
                ServiceTask task = tasks.get(i);
                if (task.state().isTerminal()) {
                    continue;
                }
                if (stopping && !halted) {
                    // a stopping server starts no further task: what is done is stored, the rest resumes elsewhere
                    releaseForShutdown();
                    throw new Abort("stopping before task '" + task.name() + "'");
                }
                if (!runTask(i)) {
                    return;
                }
            }
            complete();
        }

        private void start() {
            Instant now = clock.instant();
            List<CommandEvent> events = new ArrayList<>();
            command = command.moveTo(State.PENDING, "", now);
            events.add(event(CommandEvent.Type.COMMAND, null, State.PENDING, "started on " + settings.owner()));
            ServiceDeployment dep = deployment;
            if (command.action() == CommandAction.CONFIGURE) {
                dep = dep.withConfiguration(command.configuration(), command.parameters(), now);
            }
            if (dep.state() != State.PENDING) {
                dep = dep.moveTo(State.PENDING, describeStart(), now);
            }
            deployment = dep;
            defer(deployment, List.of(), events);
        }

        private String describeStart() {
            return switch (command.action()) {
                case INSTALL -> "installing";
                case CONFIGURE -> "configuring";
                case REMOVE -> "removing";
            };
        }

        /** @return whether the command goes on with the next task */
        private boolean runTask(int index) {
            ServiceTask task = tasks.get(index);
            TaskSpec spec = configuration.tasks(task.phase()).get(task.index());
            boolean interrupted = task.state() == State.PENDING && task.startedAt() != null && task.finishedAt() == null;
            if (interrupted) {
                if (!spec.repeatable()) {
                    ServiceTask failed = task.finished(State.FAILED, null, task.output(),
                            "interrupted: the process running it stopped, and the task is not safe to repeat",
                            clock.instant());
                    fail(index, failed);
                    return false;
                }
                if (task.attempt() > spec.retries() + MAX_EXTRA_INTERRUPTIONS) {
                    fail(index, task.finished(State.FAILED, null, task.output(),
                            "interrupted " + task.attempt() + " times", clock.instant()));
                    return false;
                }
            }
            if (cancelReason != null) {
                cancel(index);
                return false;
            }

            ServiceTask startedTask = task.started(clock.instant());
            tasks.set(index, startedTask);
            current = startedTask;
            progressEvents = 0;
            String startMessage = interrupted ? "attempt " + startedTask.attempt() + " started (re-run after interruption)"
                    : "attempt " + startedTask.attempt() + " started";
            write(new Step(command, null, null, List.of(startedTask),
                    List.of(event(CommandEvent.Type.TASK, startedTask, State.PENDING, startMessage)), false, null));

            TaskOutcome outcome = invoke(spec, startedTask);
            current = null;
            if (shutdownStop && !leaseLost && !halted) {
                // the task stays recorded as started: whoever claims the command next applies the recovery rule
                releaseForShutdown();
            }
            if (shutdownStop || leaseLost || halted) {
                throw new Abort("stopped while task '" + task.name() + "' ran");
            }
            Instant now = clock.instant();
            if (outcome.succeeded()) {
                ServiceTask done = startedTask.finished(State.COMPLETED, outcome.exitCode(), outcome.output(), "", now);
                tasks.set(index, done);
                defer(null, List.of(done), List.of(event(CommandEvent.Type.TASK, done,
                        State.COMPLETED, outcome.exitCode() == null ? "completed" : "exit code " + outcome.exitCode())));
                return true;
            }
            if (outcome.status() == TaskOutcome.Status.CANCELLED || cancelReason != null) {
                ServiceTask stopped = startedTask.finished(State.FAILED, outcome.exitCode(), outcome.output(),
                        cancelReason == null ? "cancelled" : cancelReason, now);
                tasks.set(index, stopped);
                cancel(index);
                return false;
            }
            String reason = outcome.reason().isEmpty() ? outcome.status().name().toLowerCase(java.util.Locale.ROOT)
                    : outcome.reason();
            if (startedTask.attempt() <= spec.retries()) {
                java.time.Duration delay = spec.backoffAfter(startedTask.attempt());
                ServiceTask waiting = startedTask.retryLater(outcome.exitCode(), outcome.output(), reason, now);
                tasks.set(index, waiting);
                write(new Step(command, null, null, List.of(waiting),
                        List.of(event(CommandEvent.Type.TASK, waiting, State.PENDING, "attempt " + waiting.attempt()
                                + " failed (" + reason + "); retrying in " + delay)), true, now.plus(delay)));
                return false;
            }
            fail(index, startedTask.finished(State.FAILED, outcome.exitCode(), outcome.output(), reason, now));
            return false;
        }

        /** Hands the command back at once, so that a restarted server need not wait for the lease to expire. */
        private void releaseForShutdown() {
            write(new Step(command, null, null, List.of(), List.of(), true, clock.instant()));
        }

        private TaskOutcome invoke(TaskSpec spec, ServiceTask task) {
            try {
                Provider provider = providers.require(spec.kind());
                TaskRequest request = new TaskRequest(spec, task.phase(), command.action(), command.id(), task.id(),
                        task.attempt(), command.deployment(), deployment.owner(), planName, command.parameters());
                TaskOutcome outcome = provider.execute(request, this);
                return outcome == null ? TaskOutcome.failed(null, "", "provider returned no outcome") : outcome;
            } catch (ProviderException e) {
                return TaskOutcome.failed(null, "", e.errorCode().code() + ": " + e.getMessage());
            } catch (BerthException e) {
                return TaskOutcome.failed(null, "", e.errorCode().code() + ": " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("provider failed on task {} of command {}", task.name(), command.id(), e);
                return TaskOutcome.failed(null, "", "provider error: " + e);
            }
        }

        private void complete() {
            Instant now = clock.instant();
            command = command.moveTo(State.COMPLETED, "", now);
            Instant healthDue = null;
            if (command.action() == CommandAction.REMOVE) {
                deployment = deployment.moveTo(State.REMOVED, "removed", now);
            } else {
                deployment = deployment.moveTo(State.COMPLETED, "", now);
                healthDue = configuration.healthCheckTask().isPresent() ? now : null;
            }
            write(new Step(command, deployment, healthDue, List.of(),
                    List.of(event(CommandEvent.Type.COMMAND, null, State.COMPLETED, "completed; deployment "
                            + deployment.state() + "(" + deployment.state().code() + ")")), true, now));
            if (deployment.state() == State.REMOVED) {
                // a removed deployment has no health; the last check's result would mislead
                store.recordHealth(deployment.id(), DeploymentHealth.UNKNOWN, null);
            }
        }

        private void fail(int index, ServiceTask failedTask) {
            tasks.set(index, failedTask);
            String reason = "task '" + failedTask.name() + "' failed: " + failedTask.reason();
            finishFailed(index, reason, failedTask);
        }

        private void cancel(int index) {
            ServiceTask task = tasks.get(index);
            ServiceTask stopped = task.state() == State.FAILED ? task
                    : task.state() == State.INITIATED ? task.finished(State.REMOVED, null, "", cancelReason, clock.instant())
                    : task.finished(State.FAILED, task.exitCode(), task.output(), cancelReason, clock.instant());
            tasks.set(index, stopped);
            finishFailed(index, cancelReason, stopped);
        }

        /** Fails the command and deployment; tasks after {@code index} are withdrawn (REMOVED). */
        private void finishFailed(int index, String reason, ServiceTask failedTask) {
            Instant now = clock.instant();
            List<ServiceTask> changed = new ArrayList<>();
            List<CommandEvent> events = new ArrayList<>();
            changed.add(failedTask);
            events.add(event(CommandEvent.Type.TASK, failedTask, failedTask.state(), failedTask.reason()));
            for (int i = index + 1; i < tasks.size(); i++) {
                ServiceTask later = tasks.get(i);
                if (later.state() == State.INITIATED) {
                    ServiceTask withdrawn = later.finished(State.REMOVED, null, "",
                            "not run: task '" + failedTask.name() + "' did not complete", now);
                    tasks.set(i, withdrawn);
                    changed.add(withdrawn);
                    events.add(event(CommandEvent.Type.TASK, withdrawn, State.REMOVED, withdrawn.reason()));
                }
            }
            command = command.moveTo(State.FAILED, reason, now);
            deployment = deployment.moveTo(State.FAILED, reason, now);
            events.add(event(CommandEvent.Type.COMMAND, null, State.FAILED, reason));
            write(new Step(command, deployment, null, changed, events, true, now));
        }

        private void finishCancelledBeforeStart() {
            Instant now = clock.instant();
            List<ServiceTask> changed = new ArrayList<>();
            List<CommandEvent> events = new ArrayList<>();
            for (int i = 0; i < tasks.size(); i++) {
                ServiceTask withdrawn = tasks.get(i).finished(State.REMOVED, null, "", cancelReason, now);
                tasks.set(i, withdrawn);
                changed.add(withdrawn);
                events.add(event(CommandEvent.Type.TASK, withdrawn, State.REMOVED, cancelReason));
            }
            command = command.moveTo(State.FAILED, cancelReason + " before it started", now);
            events.add(event(CommandEvent.Type.COMMAND, null, State.FAILED, command.reason()));
            // a command that never started leaves its deployment as it was
            write(new Step(command, null, null, changed, events, true, now));
        }

        private synchronized CommandEvent event(CommandEvent.Type type, ServiceTask task, State state, String message) {
            seq++;
            return new CommandEvent(command.id(), seq, clock.instant(), type, task == null ? null : task.id(),
                    task == null ? null : task.name(), state, task == null ? 0 : task.attempt(), message);
        }

        /**
         * Keeps a change to be written with the next step instead of in a transaction of its own: a finished task
         * is stored together with the start of the next one (or the command's end), and the command's start
         * with its first task. Nothing runs between the two, so the records stay as durable as before with half
         * the transactions. A deferred change is always flushed before a provider is called.
         */
        private synchronized void defer(ServiceDeployment changedDeployment, List<ServiceTask> changedTasks,
                List<CommandEvent> newEvents) {
            if (changedDeployment != null) {
                deferredDeployment = changedDeployment;
            }
            deferredTasks.addAll(changedTasks);
            deferredEvents.addAll(newEvents);
        }

        private synchronized void write(Step step) {
            if (deferredDeployment != null || !deferredTasks.isEmpty() || !deferredEvents.isEmpty()) {
                List<ServiceTask> allTasks = new ArrayList<>(deferredTasks);
                allTasks.addAll(step.tasks());
                List<CommandEvent> allEvents = new ArrayList<>(deferredEvents);
                allEvents.addAll(step.events());
                ServiceDeployment dep = step.deployment() != null ? step.deployment() : deferredDeployment;
                Instant healthDue = step.deployment() != null ? step.healthDueAt() : null;
                step = new Step(step.command(), dep, healthDue, allTasks, allEvents, step.release(), step.notBefore());
                deferredDeployment = null;
                deferredTasks.clear();
                deferredEvents.clear();
            }
            writeGate.readLock().lock();
            try {
                if (halted) {
                    throw new Abort("halted");
                }
                if (leaseLost) {
                    throw new Abort("lease lost");
                }
                store.apply(settings.owner(), step);
            } catch (BerthException e) {
                if (e.errorCode() == ErrorCode.LEASE_LOST) {
                    leaseLost = true;
                    throw new Abort("lease lost");
                }
                throw e;
            } finally {
                writeGate.readLock().unlock();
            }
            listener.changed(command.id());
        }

        // --- TaskMonitor, called by providers from their own threads

        @Override
        public void progress(String message) {
            ServiceTask task = current;
            if (task == null || message == null || halted || leaseLost) {
                return;
            }
            synchronized (this) {
                if (progressEvents >= MAX_PROGRESS_EVENTS || current != task) {
                    return;
                }
                progressEvents++;
                try {
                    write(new Step(command, null, null, List.of(),
                            List.of(event(CommandEvent.Type.PROGRESS, task, State.PENDING, message)), false, null));
                } catch (Abort | BerthException e) {
                    LOG.debug("progress of command {} not recorded: {}", command.id(), e.getMessage());
                }
            }
        }

        @Override
        public boolean isCancelled() {
            return cancelReason != null || leaseLost || shutdownStop || halted;
        }

        @Override
        public void onCancel(Runnable action) {
            cancelActions.add(action);
            if (isCancelled()) {
                runCancelActions();
            }
        }

        void cancel(String reason) {
            if (cancelReason == null) {
                cancelReason = reason;
                runCancelActions();
            }
        }

        void leaseLost() {
            leaseLost = true;
            runCancelActions();
        }

        void stopForShutdown() {
            shutdownStop = true;
            runCancelActions();
        }

        private void runCancelActions() {
            for (Runnable action : cancelActions) {
                cancelActions.remove(action);
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.warn("cancelling a task of command {} failed", command.id(), e);
                }
            }
        }
    }
}
