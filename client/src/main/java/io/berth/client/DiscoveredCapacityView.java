package io.berth.client;

import java.time.Instant;
import java.util.List;

/**
 * What a provider read of its backend's capacity for a pool.
 *
 * @param selector the selector asked with; null for none
 * @param applied  the capacity added to the pool; null unless it was applied
 */
public record DiscoveredCapacityView(String pool, String provider, String selector, ResourcesView total,
                                     List<Source> sources, Instant readAt, CapacityView applied) {

    /** One part of the backend; {@code counted} says whether it is in the total, {@code note} why (may be null). */
    public record Source(String kind, String name, ResourcesView resources, boolean counted, String note) {
    }
}
