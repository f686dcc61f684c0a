package io.berth.platform.provisioning;

import java.time.Duration;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Tuning of an {@link Executor}.
 *
 * @param owner          this executor's name in leases; unique per process
 * @param workers        commands run at once by this process
 * @param lease          how long a claim holds without renewal; a crashed process's commands are taken over
 *                       after this
 * @param renewInterval  how often leases are renewed (and cancellation requests noticed); well below lease
 * @param pollInterval   how long an idle worker waits before looking for work again, unless woken
 * @param shutdownGrace  how long a graceful stop waits for running tasks before stopping them
 */
public record ExecutorSettings(String owner, int workers, Duration lease, Duration renewInterval,
        Duration pollInterval, Duration shutdownGrace) {

    public ExecutorSettings {
        requireNonNull(owner, "owner is null");
        if (workers < 1 || workers > 256) {
            throw new IllegalArgumentException("workers must be 1-256: " + workers);
        }
        if (renewInterval.compareTo(lease.dividedBy(2)) > 0) {
            throw new IllegalArgumentException("renewInterval must be at most half the lease");
        }
        requireNonNull(pollInterval, "pollInterval is null");
        requireNonNull(shutdownGrace, "shutdownGrace is null");
    }

    public static ExecutorSettings defaults() {
        return new ExecutorSettings("executor-" + UUID.randomUUID(), 4, Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(10));
    }

    public ExecutorSettings withWorkers(int workers) {
        return new ExecutorSettings(owner, workers, lease, renewInterval, pollInterval, shutdownGrace);
    }

    public ExecutorSettings withOwner(String owner) {
        return new ExecutorSettings(owner, workers, lease, renewInterval, pollInterval, shutdownGrace);
    }

    public ExecutorSettings withLease(Duration lease, Duration renewInterval) {
        return new ExecutorSettings(owner, workers, lease, renewInterval, pollInterval, shutdownGrace);
    }

    public ExecutorSettings withPollInterval(Duration pollInterval) {
        return new ExecutorSettings(owner, workers, lease, renewInterval, pollInterval, shutdownGrace);
    }

    public ExecutorSettings withShutdownGrace(Duration shutdownGrace) {
        return new ExecutorSettings(owner, workers, lease, renewInterval, pollInterval, shutdownGrace);
    }
}
