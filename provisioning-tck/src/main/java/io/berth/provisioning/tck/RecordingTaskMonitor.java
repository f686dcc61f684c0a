package io.berth.provisioning.tck;

import io.berth.provisioning.spi.TaskMonitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * A {@link TaskMonitor} for tests: it records progress messages in order and lets the test cancel the
 * task from its own thread. Thread safe.
 */
public final class RecordingTaskMonitor implements TaskMonitor {

    private final List<String> progress = new ArrayList<>();
    private final List<Runnable> cancelActions = new ArrayList<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private boolean cancelled;
    private int cancelPolls;

    @Override
    public void progress(String message) {
        requireNonNull(message, "message is null");
        synchronized (this) {
            progress.add(message);
        }
        started.countDown();
    }

    @Override
    public boolean isCancelled() {
        boolean polledBefore;
        boolean result;
        synchronized (this) {
            polledBefore = cancelPolls++ > 0;
            result = cancelled;
        }
        if (polledBefore) {
            started.countDown();
        }
        return result;
    }

    @Override
    public void onCancel(Runnable action) {
        requireNonNull(action, "action is null");
        boolean runNow;
        synchronized (this) {
            runNow = cancelled;
            if (!runNow) {
                cancelActions.add(action);
            }
        }
        started.countDown();
        if (runNow) {
            action.run();
        }
    }

    /**
     * Cancels the task: {@link #isCancelled()} turns true and every registered action runs once, on the
     * calling thread. Later calls do nothing.
     */
    public void cancel() {
        List<Runnable> actions;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            actions = List.copyOf(cancelActions);
            cancelActions.clear();
        }
        // Outside the lock: an action may block while it stops the work, and must not stall progress().
        actions.forEach(Runnable::run);
    }

    /** The progress messages received so far, in order. */
    public synchronized List<String> progress() {
        return List.copyOf(progress);
    }

    /**
     * Waits until the provider shows that the task is under way: it registered a cancel action, reported
     * progress, or asked {@link #isCancelled()} more than once.
     *
     * @return whether that happened within {@code timeout}
     */
    public boolean awaitStarted(Duration timeout) throws InterruptedException {
        return started.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
