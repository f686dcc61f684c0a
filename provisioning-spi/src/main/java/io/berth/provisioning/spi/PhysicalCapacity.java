package io.berth.provisioning.spi;

import io.berth.core.resource.ResourceVector;

import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What a provider's backend physically offers, as read by {@link Provider#discoverCapacity}: the total that
 * bookings may draw on, and how it was made up, so an operator can see why the figure is what it is.
 *
 * @param total   the usable capacity (cores in millicores, memory in MiB, disk in GiB, extras in units)
 * @param sources the parts the total was computed from (nodes, hypervisors, quotas), in the order read;
 *                never null, possibly empty
 * @param readAt  when the backend was read, by the provider's clock
 */
public record PhysicalCapacity(ResourceVector total, List<Source> sources, Instant readAt) {

    public PhysicalCapacity {
        requireNonNull(total, "total is null");
        sources = List.copyOf(requireNonNull(sources, "sources is null"));
        requireNonNull(readAt, "readAt is null");
    }

    /**
     * One part of the backend that was read.
     *
     * @param kind      what it is, e.g. {@code node}, {@code hypervisor}, {@code project-quota}
     * @param name      its name in the backend
     * @param resources what it offers
     * @param counted   whether it counts toward the total (false: filtered out, cordoned, not ready, or a
     *                  limit that was not the smaller one)
     * @param note      why it was or was not counted; null when nothing needs saying
     */
    public record Source(String kind, String name, ResourceVector resources, boolean counted, String note) {
        public Source {
            requireNonNull(kind, "kind is null");
            requireNonNull(name, "name is null");
            requireNonNull(resources, "resources is null");
        }
    }
}
