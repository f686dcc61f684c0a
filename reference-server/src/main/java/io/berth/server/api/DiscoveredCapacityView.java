package io.berth.server.api;

import io.berth.provisioning.spi.PhysicalCapacity;

import java.time.Instant;
import java.util.List;

/**
 * What a provider read of its backend's capacity for a pool, and the allocation it became when applied.
 *
 * @param selector the selector asked with; null for none
 * @param applied  the capacity added to the pool; null when the request did not apply it
 */
public record DiscoveredCapacityView(String pool, String provider, String selector, ResourcesJson total,
                                     List<SourceView> sources, Instant readAt, CapacityView applied) {

    /** One part of the backend that was read; {@code note} is null when nothing needs saying. */
    public record SourceView(String kind, String name, ResourcesJson resources, boolean counted, String note) {
    }

    public static DiscoveredCapacityView of(String pool, String provider, String selector, PhysicalCapacity capacity,
                                            CapacityView applied) {
        return new DiscoveredCapacityView(pool, provider, selector, ResourcesJson.of(capacity.total()),
                capacity.sources().stream().map(s -> new SourceView(s.kind(), s.name(),
                        ResourcesJson.of(s.resources()), s.counted(), s.note())).toList(),
                capacity.readAt(), applied);
    }
}
