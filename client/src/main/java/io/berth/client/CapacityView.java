package io.berth.client;

import java.time.Instant;

/** Capacity of a pool for a period; {@code until} is null without an end. */
public record CapacityView(String id, String pool, ResourcesView resources, Instant from, Instant until) {
}
