package io.berth.server.api;

import java.util.List;

/**
 * The answer of {@code GET /health/ready}.
 *
 * @param status {@code UP} when every check is up, else {@code DOWN}
 */
public record ReadinessView(String status, List<Check> checks) {

    /**
     * One dependency's state.
     *
     * @param name {@code store}, or {@code provider:<name>}
     */
    public record Check(String name, String status, String detail) {
    }
}
