package io.berth.server.api;

import io.berth.booking.Pool;

/** A pool of physical capacity. */
public record PoolView(String id, String name, String mode) {
    public static PoolView of(Pool pool) {
        return new PoolView(pool.id().toString(), pool.name(), pool.mode().name());
    }
}
