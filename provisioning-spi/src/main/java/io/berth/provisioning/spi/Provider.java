package io.berth.provisioning.spi;

import io.berth.core.catalog.TaskSpec;

import java.util.Set;

/**
 * Runs the tasks of the kinds it declares. The executor routes each task to the one provider that
 * declares the task's kind.
 *
 * <p>Implementations must be safe for concurrent use: the executor calls {@link #execute} from several
 * threads at once, for different tasks.
 */
public interface Provider extends AutoCloseable {

    /** The name of the factory that created this provider; never null. */
    String name();

    /**
     * The task kinds this provider runs, e.g. {@code script}. Never null or empty; constant for the
     * provider's life.
     */
    Set<String> kinds();

    /**
     * Checks a task of one of this provider's kinds when a configuration is created, so that a
     * configuration that cannot run is refused before anything runs. Must not run the task or change
     * anything outside the provider. Thread safe.
     *
     * @param spec a task whose {@link TaskSpec#kind()} is in {@link #kinds()}; never null
     * @throws ProviderException with {@link io.berth.core.error.ErrorCode#INVALID_TASK_SPEC} (or
     *                           {@link io.berth.core.error.ErrorCode#SCRIPT_NOT_FOUND}) naming what is wrong
     */
    void validate(TaskSpec spec);

    /**
     * Runs one attempt of a task and blocks until it ends. The provider enforces
     * {@link TaskSpec#timeout()}: when it elapses the work is stopped (for processes, the whole process
     * tree is killed) and {@link TaskOutcome.Status#TIMED_OUT} returned. When
     * {@link TaskMonitor#isCancelled()} becomes true, the provider stops the work as soon as it can and
     * returns {@link TaskOutcome.Status#CANCELLED}.
     *
     * <p>A task that ran and failed is a {@link TaskOutcome} with {@link TaskOutcome.Status#FAILED}, not an
     * exception. The executor may call this again for the same task after a failure (a retry) or after a
     * crash when the task is {@link TaskSpec#repeatable()}; it never calls it twice at the same time for
     * one task.
     *
     * @param request what to run and for whom; never null
     * @param monitor receives progress and tells of cancellation; never null
     * @return the outcome, never null; its output at most {@link io.berth.core.provisioning.ServiceTask#MAX_OUTPUT_CHARS}
     *         characters
     * @throws ProviderException when the task could not be started at all, e.g.
     *                           {@link io.berth.core.error.ErrorCode#SCRIPT_CHECKSUM_MISMATCH},
     *                           {@link io.berth.core.error.ErrorCode#SCRIPT_NOT_FOUND},
     *                           {@link io.berth.core.error.ErrorCode#SCRIPT_FETCH_FAILED} or
     *                           {@link io.berth.core.error.ErrorCode#PROVIDER_UNAVAILABLE}; the executor treats
     *                           it as a failed attempt
     */
    TaskOutcome execute(TaskRequest request, TaskMonitor monitor);

    /**
     * Whether the provider can run tasks now, for readiness checks. Must return within a few seconds and
     * never throw. The default reports the provider up.
     */
    default ProviderHealth health() {
        return ProviderHealth.healthy();
    }

    /**
     * Reads what the provider's backend physically offers (a cluster's nodes, a cloud's hypervisors and
     * quotas), so that a booking pool's capacity comes from the backend instead of a number typed by hand.
     * May take a few seconds; never changes anything in the backend. Thread safe.
     *
     * @param selector which part of the backend to count, in the provider's own terms (for Kubernetes a
     *                 node label selector such as {@code berth.io/pool=gpu}); null or blank: all of it
     * @return the capacity; the default throws, for providers that cannot tell
     * @throws ProviderException with {@link io.berth.core.error.ErrorCode#CAPACITY_DISCOVERY_UNSUPPORTED} when
     *                           the provider cannot read capacity, {@link io.berth.core.error.ErrorCode#INVALID_REQUEST}
     *                           for a malformed selector, or
     *                           {@link io.berth.core.error.ErrorCode#PROVIDER_UNAVAILABLE} when the backend does
     *                           not answer
     */
    default PhysicalCapacity discoverCapacity(String selector) {
        throw new ProviderException(io.berth.core.error.ErrorCode.CAPACITY_DISCOVERY_UNSUPPORTED,
                "provider '" + name() + "' cannot read its backend's capacity");
    }

    /** Releases resources after the last {@link #execute}. Idempotent: a second call does nothing. The default does nothing. */
    @Override
    default void close() {
    }
}
