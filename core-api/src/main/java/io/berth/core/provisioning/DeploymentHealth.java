package io.berth.core.provisioning;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * Health of a deployment as last observed.
 *
 * @param checkedAt when the check ran, {@code null} when never
 * @param message   the check's reason or bounded output, never {@code null}
 */
public record DeploymentHealth(HealthStatus status, Instant checkedAt, String message) {
    public static final DeploymentHealth UNKNOWN = new DeploymentHealth(HealthStatus.UNKNOWN, null, "");

    public DeploymentHealth {
        requireNonNull(status, "status is null");
        message = message == null ? "" : message;
    }
}
