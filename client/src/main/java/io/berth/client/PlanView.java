package io.berth.client;

import java.time.Instant;

/**
 * A service plan: a named, versioned recipe that deployments are made from.
 *
 * @param latestVersion the newest configuration version, or {@code null} while the plan has none (it
 *                      cannot be installed then)
 */
public record PlanView(String id, String name, String description, Instant created, Integer latestVersion) {
}
