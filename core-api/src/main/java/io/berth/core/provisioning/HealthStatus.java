package io.berth.core.provisioning;

/** The outcome of a deployment's last health check. */
public enum HealthStatus {
    /** Not checked yet, or the configuration has no health check. */
    UNKNOWN,
    HEALTHY,
    UNHEALTHY
}
