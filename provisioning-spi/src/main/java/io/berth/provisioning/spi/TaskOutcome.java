package io.berth.provisioning.spi;

import io.berth.core.provisioning.ServiceTask;

import static java.util.Objects.requireNonNull;

/**
 * How one attempt of a task ended.
 *
 * @param exitCode the process exit code where there is one, else null
 * @param output   captured output, bounded; never null
 * @param reason   a short explanation for anything but SUCCEEDED (e.g. "exit code 3", "timed out after PT10S"),
 *                 never null
 */
public record TaskOutcome(Status status, Integer exitCode, String output, String reason) {

    public enum Status {
        SUCCEEDED,
        FAILED,
        TIMED_OUT,
        CANCELLED
    }

    public TaskOutcome {
        requireNonNull(status, "status is null");
        output = ServiceTask.bound(output == null ? "" : output);
        reason = reason == null ? "" : reason;
    }

    public static TaskOutcome succeeded(Integer exitCode, String output) {
        return new TaskOutcome(Status.SUCCEEDED, exitCode, output, "");
    }

    public static TaskOutcome failed(Integer exitCode, String output, String reason) {
        return new TaskOutcome(Status.FAILED, exitCode, output, reason);
    }

    public boolean succeeded() {
        return status == Status.SUCCEEDED;
    }
}
