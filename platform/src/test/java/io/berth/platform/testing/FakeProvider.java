package io.berth.platform.testing;

import io.berth.core.catalog.TaskSpec;
import io.berth.core.error.ErrorCode;
import io.berth.provisioning.spi.Provider;
import io.berth.provisioning.spi.ProviderException;
import io.berth.provisioning.spi.TaskMonitor;
import io.berth.provisioning.spi.TaskOutcome;
import io.berth.provisioning.spi.TaskRequest;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A provider of kind {@code fake} whose tasks do what the test says, by task name; every call is recorded.
 * Unknown names succeed. A task whose settings contain {@code invalid} is refused by validate.
 */
public final class FakeProvider implements Provider {

    /** What a task does when run. */
    @FunctionalInterface
    public interface Behavior {
        TaskOutcome run(TaskRequest request, TaskMonitor monitor) throws InterruptedException;
    }

    /** One call of execute. */
    public record Call(String task, int attempt, String action, Map<String, String> parameters) {
    }

    private final Map<String, Behavior> behaviors = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    public FakeProvider on(String taskName, Behavior behavior) {
        behaviors.put(taskName, behavior);
        return this;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<String> callNames() {
        return calls.stream().map(c -> c.task() + "#" + c.attempt()).toList();
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public Set<String> kinds() {
        return Set.of("fake");
    }

    @Override
    public void validate(TaskSpec spec) {
        if (spec.settings().containsKey("invalid")) {
            throw new ProviderException(ErrorCode.INVALID_TASK_SPEC, "task '" + spec.name() + "' is invalid");
        }
    }

    @Override
    public TaskOutcome execute(TaskRequest request, TaskMonitor monitor) {
        calls.add(new Call(request.spec().name(), request.attempt(),
                request.action() == null ? "health" : request.action().name(), request.parameters()));
        Behavior behavior = behaviors.get(request.spec().name());
        if (behavior == null) {
            return TaskOutcome.succeeded(0, "ok " + request.spec().name());
        }
        try {
            return behavior.run(request, monitor);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TaskOutcome(TaskOutcome.Status.CANCELLED, null, "", "interrupted");
        }
    }

    // ---- ready-made behaviours

    public static Behavior exit(int code) {
        return (request, monitor) -> code == 0 ? TaskOutcome.succeeded(0, "done")
                : TaskOutcome.failed(code, "output of failure", "exit code " + code);
    }

    /** Fails the first {@code failures} attempts, then succeeds. */
    public static Behavior failTimes(int failures) {
        return (request, monitor) -> request.attempt() <= failures
                ? TaskOutcome.failed(1, "attempt " + request.attempt(), "exit code 1")
                : TaskOutcome.succeeded(0, "attempt " + request.attempt());
    }

    /** A task that blocks until the gate opens or it is cancelled. */
    public static final class Gate implements Behavior {
        private final CountDownLatch started = new CountDownLatch(1);
        private final CountDownLatch open = new CountDownLatch(1);

        @Override
        public TaskOutcome run(TaskRequest request, TaskMonitor monitor) throws InterruptedException {
            CountDownLatch cancelled = new CountDownLatch(1);
            monitor.onCancel(cancelled::countDown);
            monitor.progress("waiting at the gate");
            started.countDown();
            while (true) {
                if (open.await(10, TimeUnit.MILLISECONDS)) {
                    return TaskOutcome.succeeded(0, "passed the gate");
                }
                if (cancelled.await(0, TimeUnit.MILLISECONDS)) {
                    return new TaskOutcome(TaskOutcome.Status.CANCELLED, null, "stopped at the gate", "cancelled");
                }
            }
        }

        public void awaitStarted() throws InterruptedException {
            if (!started.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the task did not start");
            }
        }

        public void open() {
            open.countDown();
        }
    }
}
