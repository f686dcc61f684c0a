package io.berth.provisioning.openstack;

import io.berth.provisioning.spi.TaskMonitor;
import io.berth.provisioning.spi.TaskOutcome;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The waiting of one task attempt: pauses between status reads, and ends the attempt when the task's timeout
 * (or the provider's {@code wait.timeout}, whichever is shorter) has passed or the task is cancelled. A pause
 * ends at once on cancellation. Elapsed time is measured with {@link System#nanoTime()}, which only counts.
 */
final class Wait {

    private final Duration limit;
    private final String limitName;
    private final Duration pollInterval;
    private final TaskMonitor monitor;
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private final long start = System.nanoTime();

    /** Ends the attempt with an outcome (timed out, cancelled). */
    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient TaskOutcome outcome;

        Stopped(TaskOutcome outcome) {
            super(outcome.reason(), null, false, false);
            this.outcome = outcome;
        }

        TaskOutcome outcome() {
            return outcome;
        }
    }

    Wait(Duration taskTimeout, Duration waitTimeout, Duration pollInterval, TaskMonitor monitor) {
        boolean taskFirst = taskTimeout.compareTo(waitTimeout) <= 0;
        this.limit = taskFirst ? taskTimeout : waitTimeout;
        this.limitName = taskFirst ? "the task's timeout" : "wait.timeout";
        this.pollInterval = pollInterval;
        this.monitor = monitor;
        monitor.onCancel(cancelled::countDown);
    }

    /** Ends the attempt when it is cancelled or out of time. */
    void check(String waitingFor) {
        if (monitor.isCancelled() || cancelled.getCount() == 0) {
            throw new Stopped(new TaskOutcome(TaskOutcome.Status.CANCELLED, null, "", "cancelled while " + waitingFor));
        }
        if (remainingNanos() <= 0) {
            throw new Stopped(new TaskOutcome(TaskOutcome.Status.TIMED_OUT, null, "",
                    "timed out after " + limit + " (" + limitName + ") while " + waitingFor));
        }
    }

    /** Waits one poll interval (less when the time runs out), then {@link #check}s. */
    void pause(String waitingFor) {
        check(waitingFor);
        long nanos = Math.min(pollInterval.toNanos(), remainingNanos());
        try {
            cancelled.await(Math.max(nanos, 0), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped(new TaskOutcome(TaskOutcome.Status.CANCELLED, null, "", "interrupted while " + waitingFor));
        }
        check(waitingFor);
    }

    private long remainingNanos() {
        return limit.toNanos() - (System.nanoTime() - start);
    }
}
