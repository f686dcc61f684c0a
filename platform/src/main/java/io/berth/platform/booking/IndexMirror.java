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
import java.util.concurrent.ConcurrentHashMap;

/**
 * This process's copy of the booking tables: the availability index, and what was applied to it, up to a version
 * per pool.
 *
 * <p>Changes are applied by replacing what is known of a row with its current form, so applying one twice is
 * harmless: a snapshot may contain rows newer than its versions, and the changes read afterwards repeat them.
 * Every method is guarded by the mirror's monitor; the index answers queries on its own (it is thread safe).
 */
final class IndexMirror {
    private final AvailabilityIndex index;
    private final Map<PoolId, Pool> pools = new ConcurrentHashMap<>();
    private final Map<PoolId, Long> versions = new HashMap<>();
    private final Map<AllocationId, CapacityAllocation> allocations = new HashMap<>();
    /** Bookings whose spans are reserved in the index (ACTIVE or HELD). */
    private final Map<BookingId, Booking> holding = new HashMap<>();
    /** Queue entries that wait or hold an offer. */
    private final Map<QueueEntryId, QueueEntry> queue = new HashMap<>();

    IndexMirror(SlotCalendar calendar, BookingStore.Snapshot snapshot) {
        this.index = AvailabilityIndex.build(calendar, snapshot.pools(), snapshot.allocations(), snapshot.bookings());
        snapshot.pools().forEach(pool -> pools.put(pool.id(), pool));
        versions.putAll(snapshot.versions());
        snapshot.allocations().forEach(allocation -> allocations.put(allocation.id(), allocation));
        snapshot.bookings().forEach(booking -> holding.put(booking.id(), booking));
        snapshot.queueEntries().forEach(entry -> queue.put(entry.id(), entry));
    }

    AvailabilityIndex index() {
        return index;
    }

    Optional<Pool> pool(PoolId id) {
        return Optional.ofNullable(pools.get(id));
    }

    /** Pools in name order. */
    List<Pool> pools() {
        return pools.values().stream().sorted(Comparator.comparing(Pool::name)).toList();
    }

    synchronized void addPool(Pool pool) {
        if (!pools.containsKey(pool.id())) {
            index.addPool(pool);
            pools.put(pool.id(), pool);
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
            removeAllocation(removed);
        }
        for (CapacityAllocation added : changes.addedAllocations()) {
            putAllocation(added);
        }
        changes.bookings().forEach(this::put);
        changes.queueEntries().forEach(this::put);
        versions.merge(pool, changes.version(), Math::max);
    }

    /** Records a booking in its current form: its reservation follows its status and spans. */
    synchronized void put(Booking booking) {
        Booking known = holding.get(booking.id());
        if (booking.equals(known)) {
            return;
        }
        if (known != null) {
            index.release(known);
            holding.remove(booking.id());
        }
        if (booking.status().holdsCapacity()) {
            index.reserve(booking);
            holding.put(booking.id(), booking);
        }
    }

    synchronized void put(QueueEntry entry) {
        if (entry.status().inLine()) {
            queue.put(entry.id(), entry);
        } else {
            queue.remove(entry.id());
        }
    }

    /** The index first: an allocation the index refused is not recorded as applied. */
    synchronized void putAllocation(CapacityAllocation allocation) {
        if (!allocations.containsKey(allocation.id())) {
            index.addCapacity(allocation);
            allocations.put(allocation.id(), allocation);
        }
    }

    synchronized void removeAllocation(AllocationId id) {
        CapacityAllocation known = allocations.get(id);
        if (known != null) {
            index.removeCapacity(known);
            allocations.remove(id);
        }
    }

    /**
     * Forgets availability, bookings and capacity that ended before {@code instant}: the index no longer holds
     * them, and neither do the maps that say what was applied to it.
     */
    synchronized void forgetBefore(Instant instant) {
        index.forgetBefore(instant);
        holding.values().removeIf(booking -> !booking.end().isAfter(instant));
        allocations.values().removeIf(allocation -> allocation.until() != null && !allocation.until().isAfter(instant));
    }

    /** Marks the pool as seen up to {@code version}: this process wrote that version itself. */
    synchronized void seen(PoolId pool, long version) {
        versions.merge(pool, version, Math::max);
    }

    synchronized Optional<Booking> holdingBooking(BookingId id) {
        return Optional.ofNullable(holding.get(id));
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
