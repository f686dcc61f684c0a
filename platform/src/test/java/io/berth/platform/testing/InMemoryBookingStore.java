package io.berth.platform.testing;

import io.berth.booking.AllocationId;
import io.berth.booking.Booking;
import io.berth.booking.BookingId;
import io.berth.booking.CapacityAllocation;
import io.berth.booking.Pool;
import io.berth.booking.PoolId;
import io.berth.booking.QueueEntry;
import io.berth.booking.QueueEntryId;
import io.berth.core.account.AccountId;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.store.BookingStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A {@link BookingStore} in memory, with the same versions and locking as the database one: {@link #inPool}
 * holds a lock per pool, and its writes become visible together when the work returns, or not at all when it
 * throws.
 */
public final class InMemoryBookingStore implements BookingStore {

    private record Versioned<T>(T value, long version, boolean removed) {
    }

    private final Map<PoolId, Pool> pools = new LinkedHashMap<>();
    private final Map<PoolId, Long> versions = new HashMap<>();
    private final Map<AllocationId, Versioned<CapacityAllocation>> allocations = new LinkedHashMap<>();
    private final Map<BookingId, Versioned<Booking>> bookings = new LinkedHashMap<>();
    private final Map<QueueEntryId, Versioned<QueueEntry>> queue = new LinkedHashMap<>();
    private final Map<AccountId, String> feeds = new HashMap<>();
    private final Map<PoolId, ReentrantLock> locks = new ConcurrentHashMap<>();

    @Override
    public synchronized void insertPool(Pool pool) {
        if (pools.values().stream().anyMatch(p -> p.name().equals(pool.name()))) {
            throw new BerthException(ErrorCode.POOL_EXISTS, "a pool named '" + pool.name() + "' exists");
        }
        pools.put(pool.id(), pool);
        versions.put(pool.id(), 0L);
    }

    @Override
    public synchronized List<Pool> listPools() {
        return pools.values().stream().sorted(Comparator.comparing(Pool::name)).toList();
    }

    @Override
    public synchronized Optional<Pool> findPool(PoolId id) {
        return Optional.ofNullable(pools.get(id));
    }

    @Override
    public synchronized Optional<Pool> findPoolByName(String name) {
        return pools.values().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    @Override
    public synchronized Map<PoolId, Long> poolVersions() {
        return Map.copyOf(versions);
    }

    @Override
    public synchronized Snapshot snapshot() {
        return new Snapshot(listPools(),
                allocations.values().stream().filter(v -> !v.removed()).map(Versioned::value).toList(),
                bookings.values().stream().map(Versioned::value).filter(b -> b.status().holdsCapacity()).toList(),
                queue.values().stream().map(Versioned::value).filter(e -> e.status().inLine()).toList(),
                versions);
    }

    @Override
    public synchronized Changes changesSince(PoolId pool, long version) {
        Long current = versions.get(pool);
        if (current == null) {
            throw new BerthException(ErrorCode.POOL_NOT_FOUND, "no pool " + pool);
        }
        return changes(pool, version, current);
    }

    private Changes changes(PoolId pool, long after, long current) {
        List<CapacityAllocation> added = new ArrayList<>();
        List<AllocationId> removed = new ArrayList<>();
        allocations.values().stream().filter(v -> v.value().pool().equals(pool) && v.version() > after).forEach(v -> {
            if (v.removed()) {
                removed.add(v.value().id());
            } else {
                added.add(v.value());
            }
        });
        return new Changes(current, added, removed,
                bookings.values().stream().filter(v -> v.value().pool().equals(pool) && v.version() > after)
                        .map(Versioned::value).toList(),
                queue.values().stream().filter(v -> v.value().pool().equals(pool) && v.version() > after)
                        .map(Versioned::value).toList());
    }

    @Override
    public <T> T inPool(PoolId pool, Function<PoolTransaction, T> work) {
        long version;
        synchronized (this) {
            if (!versions.containsKey(pool)) {
                throw new BerthException(ErrorCode.POOL_NOT_FOUND, "no pool " + pool);
            }
        }
        ReentrantLock lock = locks.computeIfAbsent(pool, p -> new ReentrantLock());
        lock.lock();
        try {
            synchronized (this) {
                version = versions.get(pool);
            }
            Staged staged = new Staged(pool, version);
            T result = work.apply(staged);
            staged.commit();
            return result;
        } finally {
            lock.unlock();
        }
    }

    /** Writes of one locked transaction, applied together on commit. */
    private final class Staged implements PoolTransaction {
        private final PoolId pool;
        private final long version;
        private final List<Runnable> writes = new ArrayList<>();

        Staged(PoolId pool, long version) {
            this.pool = pool;
            this.version = version;
        }

        void commit() {
            if (writes.isEmpty()) {
                return;
            }
            synchronized (InMemoryBookingStore.this) {
                writes.forEach(Runnable::run);
                versions.put(pool, version + 1);
            }
        }

        @Override
        public long version() {
            return version;
        }

        @Override
        public Changes changesSince(long after) {
            synchronized (InMemoryBookingStore.this) {
                return changes(pool, after, version);
            }
        }

        @Override
        public long countRunningBookingsOf(AccountId owner, Instant after) {
            synchronized (InMemoryBookingStore.this) {
                return bookings.values().stream().map(Versioned::value).filter(b -> b.owner().equals(owner)
                        && b.isCurrentAt(after)).count();
            }
        }

        @Override
        public Optional<Booking> findBooking(BookingId id) {
            return InMemoryBookingStore.this.findBooking(id);
        }

        @Override
        public void insertBooking(Booking booking) {
            check(booking.pool());
            writes.add(() -> bookings.put(booking.id(), new Versioned<>(booking, version + 1, false)));
        }

        @Override
        public void updateBooking(Booking booking) {
            check(booking.pool());
            if (findBooking(booking.id()).isEmpty()) {
                throw new BerthException(ErrorCode.BOOKING_NOT_FOUND, "no booking " + booking.id());
            }
            writes.add(() -> bookings.put(booking.id(), new Versioned<>(booking, version + 1, false)));
        }

        @Override
        public void insertAllocation(CapacityAllocation allocation) {
            check(allocation.pool());
            writes.add(() -> allocations.put(allocation.id(), new Versioned<>(allocation, version + 1, false)));
        }

        @Override
        public boolean removeAllocation(AllocationId id) {
            synchronized (InMemoryBookingStore.this) {
                Versioned<CapacityAllocation> known = allocations.get(id);
                if (known == null || known.removed() || !known.value().pool().equals(pool)) {
                    return false;
                }
                writes.add(() -> allocations.put(id, new Versioned<>(known.value(), version + 1, true)));
                return true;
            }
        }

        @Override
        public List<QueueEntry> openQueue(String packageName) {
            synchronized (InMemoryBookingStore.this) {
                return queue.values().stream().map(Versioned::value).filter(e -> e.pool().equals(pool)
                                && e.packageName().equals(packageName) && e.status().inLine())
                        .sorted(Comparator.comparing(QueueEntry::joinedAt).thenComparing(e -> e.id().value()))
                        .toList();
            }
        }

        @Override
        public Optional<QueueEntry> findQueueEntry(QueueEntryId id) {
            return InMemoryBookingStore.this.findQueueEntry(id).filter(e -> e.pool().equals(pool));
        }

        @Override
        public void insertQueueEntry(QueueEntry entry) {
            check(entry.pool());
            writes.add(() -> queue.put(entry.id(), new Versioned<>(entry, version + 1, false)));
        }

        @Override
        public void updateQueueEntry(QueueEntry entry) {
            check(entry.pool());
            if (findQueueEntry(entry.id()).isEmpty()) {
                throw new BerthException(ErrorCode.QUEUE_ENTRY_NOT_FOUND, "no queue entry " + entry.id());
            }
            writes.add(() -> queue.put(entry.id(), new Versioned<>(entry, version + 1, false)));
        }

        private void check(PoolId other) {
            if (!pool.equals(other)) {
                throw new IllegalArgumentException("a write for pool " + other + " while pool " + pool + " is locked");
            }
        }
    }

    @Override
    public synchronized Optional<Booking> findBooking(BookingId id) {
        return Optional.ofNullable(bookings.get(id)).map(Versioned::value);
    }

    @Override
    public synchronized List<Booking> bookingsOf(AccountId owner) {
        return bookings.values().stream().map(Versioned::value).filter(b -> b.owner().equals(owner))
                .sorted(Comparator.comparing(Booking::start).reversed()).toList();
    }

    @Override
    public synchronized List<CapacityAllocation> allocationsOf(PoolId pool) {
        return allocations.values().stream().filter(v -> !v.removed() && v.value().pool().equals(pool))
                .map(Versioned::value).sorted(Comparator.comparing(CapacityAllocation::from)).toList();
    }

    @Override
    public synchronized List<QueueEntry> openQueueEntriesOf(AccountId account) {
        return queue.values().stream().map(Versioned::value).filter(e -> e.account().equals(account)
                && e.status().inLine()).sorted(Comparator.comparing(QueueEntry::joinedAt)).toList();
    }

    @Override
    public synchronized Optional<QueueEntry> findQueueEntry(QueueEntryId id) {
        return Optional.ofNullable(queue.get(id)).map(Versioned::value);
    }

    @Override
    public synchronized List<QueueEntry> expiredOffers(Instant now) {
        return queue.values().stream().map(Versioned::value).filter(e -> e.status() == io.berth.booking.QueueStatus.OFFERED
                && !e.offerExpiresAt().isAfter(now)).toList();
    }

    @Override
    public synchronized void setFeedSecret(AccountId account, String secretHash) {
        feeds.put(account, secretHash);
    }

    @Override
    public synchronized Optional<AccountId> accountOfFeedSecret(String secretHash) {
        return feeds.entrySet().stream().filter(e -> e.getValue().equals(secretHash)).map(Map.Entry::getKey)
                .findFirst();
    }

    /** Deletes an account's queue entries and calendar feed, as the sign-in store's purge does. */
    public synchronized void deleteQueueEntriesOf(AccountId account) {
        queue.values().removeIf(v -> v.value().account().equals(account));
        feeds.remove(account);
    }
}
