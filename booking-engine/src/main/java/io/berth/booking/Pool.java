package io.berth.booking;

import io.berth.core.error.Checks;

import static java.util.Objects.requireNonNull;

/**
 * A set of physical resources that is booked as one: its capacity over time is the sum of its
 * {@link CapacityAllocation}s.
 *
 * @param name a slug ({@link Checks#name})
 */
public record Pool(PoolId id, String name, SharingMode mode) {
    public Pool {
        requireNonNull(id, "id is null");
        Checks.name(name, "pool.name");
        requireNonNull(mode, "mode is null");
    }
}
