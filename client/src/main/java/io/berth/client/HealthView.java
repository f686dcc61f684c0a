package io.berth.client;

import io.berth.core.provisioning.HealthStatus;

import java.time.Instant;

/**
 * The outcome of a deployment's last health check.
 *
 * @param checkedAt when the check ran, or {@code null} if it never has
 */
public record HealthView(HealthStatus status, Instant checkedAt, String message) {
}
