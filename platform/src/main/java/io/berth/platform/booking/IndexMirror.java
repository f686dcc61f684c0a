package io.berth.platform.booking;

import io.berth.booking.AllocationId;
import io.berth.booking.AvailabilityIndex;
import io.berth.booking.Booking;
import io.berth.booking.BookingId;
import io.berth.booking.CapacityAllocation;
import io.berth.booking.Pool;
import io.berth.booking.PoolId;
import io.berth.booking.QueueEntry;
import io.berth.booking.QueueEntryId;
import io.berth.booking.SlotCalendar;
import io.berth.platform.store.BookingStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * This process's copy of the booking tables: the availability index (which keeps pools, allocations and
 * reservations by id), the open queue entries, and the version of each pool they are up to.
 *
 * <p>Changes are applied by replacing what is known of a row with its current form (the index replaces by id), so
 * applying one twice is harmless: a snapshot may contain rows newer than its versions, and the changes read afterwards repeat them.
 * Every method is guarded by the mirror's monitor; the index answers queries on its own (it is thread safe).
 */
final class IndexMirror {
    private final AvailabilityIndex index;
    private final Map<PoolId, Long> versions = new HashMap<>();
    /** Queue entries that wait or hold an offer. */
    private final Map<QueueEntryId, QueueEntry> queue = new HashMap<>();

    IndexMirror(SlotCalendar calendar, BookingStore.Snapshot snapshot) {
        this.index = AvailabilityIndex.build(calendar, snapshot.pools(), snapshot.allocations(), snapshot.bookings());
        versions.putAll(snapshot.versions());
        snapshot.queueEntries().forEach(entry -> queue.put(entry.id(), entry));
    }

    AvailabilityIndex index() {
        return index;
    }

    Optional<Pool> pool(PoolId id) {
        return index.pool(id);
    }

    /** Pools in name order. */
    List<Pool> pools() {
        return index.pools();
    }

    synchronized void addPool(Pool pool) {
        if (index.pool(pool.id()).isEmpty()) {
            index.addPool(pool);
        }
    }

    synchronized long version(PoolId pool) {
        return versions.getOrDefault(pool, -1L);
    }

    /**
     * Applies what changed in a pool. Changes read at or below the version this mirror is at are dropped: they
     * were read before something newer was applied, and applying them would bring old rows back.
     */
    synchronized void apply(PoolId pool, BookingStore.Changes changes) {
        if (changes.version() <= version(pool)) {
            return;
        }
        for (AllocationId removed : changes.removedAllocations()) {
            index.removeCapacity(pool, removed);
        }
        for (CapacityAllocation added : changes.addedAllocations()) {
            index.addCapacity(added);
        }
        changes.bookings().forEach(this::put);
        changes.queueEntries().forEach(this::put);
        versions.merge(pool, changes.version(), Math::max);
    }

    /**
     * Records a booking in its current form. The index keeps reservations by id, so this replaces what an earlier
     * form of the booking reserved, and releases a cancelled one.
     */
    synchronized void put(Booking booking) {
        index.reserve(booking);
    }

    synchronized void put(QueueEntry entry) {
        if (entry.status().inLine()) {
            queue.put(entry.id(), entry);
        } else {
            queue.remove(entry.id());
        }
    }

    /** Adds an allocation, or replaces the one with its id. */
    synchronized void putAllocation(CapacityAllocation allocation) {
        index.addCapacity(allocation);
    }

    synchronized void removeAllocation(PoolId pool, AllocationId id) {
        index.removeCapacity(pool, id);
    }

    /** Forgets availability, bookings and capacity that ended before {@code instant}. */
    synchronized void forgetBefore(Instant instant) {
        index.forgetBefore(instant);
    }

    /** Marks the pool as seen up to {@code version}: this process wrote that version itself. */
    synchronized void seen(PoolId pool, long version) {
        versions.merge(pool, version, Math::max);
    }

    /** The booking as the index reserves it; empty when it reserves nothing for it. */
    Optional<Booking> reservation(PoolId pool, BookingId id) {
        return index.reservations(pool).stream().filter(b -> b.id().equals(id)).findFirst();
    }

    /** Open entries of a pool and package, in order of joining. */
    synchronized List<QueueEntry> openQueue(PoolId pool, String packageName) {
        List<QueueEntry> entries = new ArrayList<>();
        for (QueueEntry entry : queue.values()) {
            if (entry.pool().equals(pool) && entry.packageName().equals(packageName)) {
                entries.add(entry);
            }
        }
        entries.sort(Comparator.comparing(QueueEntry::joinedAt).thenComparing(e -> e.id().value()));
        return entries;
    }

    /** The pools and packages that have someone waiting. */
    synchronized List<Map.Entry<PoolId, String>> waitingQueues() {
        return queue.values().stream().map(e -> Map.entry(e.pool(), e.packageName())).distinct().toList();
    }
}
