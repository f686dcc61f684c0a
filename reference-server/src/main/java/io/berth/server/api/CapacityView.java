package io.berth.server.api;

import io.berth.booking.CapacityAllocation;

import java.time.Instant;

/** Capacity added to a pool for a period; {@code until} is null when it has no end. */
public record CapacityView(String id, String pool, ResourcesJson resources, Instant from, Instant until) {
    public static CapacityView of(String poolName, CapacityAllocation allocation) {
        return new CapacityView(allocation.id().toString(), poolName, ResourcesJson.of(allocation.size()),
                allocation.from(), allocation.until());
    }
}
