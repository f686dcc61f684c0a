package io.berth.client;

/** A pool of capacity; {@code mode} is SHARED, MANAGED or RESERVED. */
public record PoolView(String id, String name, String mode) {
}
