package io.berth.server.api;

import io.berth.core.provisioning.DeploymentHealth;

import java.time.Instant;

/** A deployment's last health check; {@code checkedAt} is null when it never ran. */
public record HealthView(String status, Instant checkedAt, String message) {

    public static HealthView of(DeploymentHealth health) {
        return new HealthView(health.status().name(), health.checkedAt(), health.message());
    }
}
