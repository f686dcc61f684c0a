package io.berth.platform.store;

import io.berth.booking.Booking;
import io.berth.booking.BookingId;
import io.berth.booking.CapacityAllocation;
import io.berth.booking.AllocationId;
import io.berth.booking.Pool;
import io.berth.booking.PoolId;
import io.berth.booking.QueueEntry;
import io.berth.booking.QueueEntryId;
import io.berth.core.account.AccountId;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Pools, their capacity, bookings and the access queue.
 *
 * <p>Every pool has a version that grows with each change to its capacity, its bookings or its queue, and every
 * row stores the version at which it last changed. A process keeps its availability index in memory and asks
 * for the changes since the version it has seen ({@link #changesSince}), so several processes sharing one
 * database see each other's bookings without reloading everything.
 *
 * <p>Admission is serialized per pool: {@link #inPool} runs its work in one transaction that first locks the
 * pool's row ({@code SELECT ... FOR UPDATE}), so two processes can never decide on one pool at the same time.
 *
 * <p>Every method is one transaction and thread safe; errors are {@link io.berth.core.error.BerthException}s
 * with the codes named.
 */
public interface BookingStore {

    /** @throws io.berth.core.error.BerthException POOL_EXISTS when a pool of that name exists */
    void insertPool(Pool pool);

    /** Ordered by name. */
    List<Pool> listPools();

    Optional<Pool> findPool(PoolId id);

    Optional<Pool> findPoolByName(String name);

    /** The current version of every pool; one query, cheap enough to run before each availability answer. */
    Map<PoolId, Long> poolVersions();

    /** Everything an availability index is built from, read in one transaction. */
    Snapshot snapshot();

    /**
     * What changed in a pool after {@code version}: allocations added or removed, bookings created or changed.
     *
     * @throws io.berth.core.error.BerthException POOL_NOT_FOUND
     */
    Changes changesSince(PoolId pool, long version);

    /**
     * Runs {@code work} in one transaction holding the pool's lock; its writes bump the pool's version once.
     *
     * @throws io.berth.core.error.BerthException POOL_NOT_FOUND, or whatever {@code work} throws (after a
     *                                            rollback)
     */
    <T> T inPool(PoolId pool, Function<PoolTransaction, T> work);

    Optional<Booking> findBooking(BookingId id);

    /** Bookings of an account, every status, the latest start first. */
    List<Booking> bookingsOf(AccountId owner);

    /** Capacity allocations of a pool that were not removed, ordered by start. */
    List<CapacityAllocation> allocationsOf(PoolId pool);

    /** Queue entries of an account that are waiting or hold an offer. */
    List<QueueEntry> openQueueEntriesOf(AccountId account);

    Optional<QueueEntry> findQueueEntry(QueueEntryId id);

    /** Open offers whose hold ended before {@code now}, across pools. */
    List<QueueEntry> expiredOffers(Instant now);

    /** The account's calendar feed secret, stored as a hash; replaces any earlier one. */
    void setFeedSecret(AccountId account, String secretHash);

    Optional<AccountId> accountOfFeedSecret(String secretHash);

    /** Pools, allocations not removed, ACTIVE bookings, open queue entries and the versions they were read at. */
    record Snapshot(List<Pool> pools, List<CapacityAllocation> allocations, List<Booking> bookings,
                    List<QueueEntry> queueEntries, Map<PoolId, Long> versions) {
        public Snapshot {
            pools = List.copyOf(pools);
            allocations = List.copyOf(allocations);
            bookings = List.copyOf(bookings);
            queueEntries = List.copyOf(queueEntries);
            versions = Map.copyOf(versions);
        }
    }

    /**
     * Changes of one pool after some version, up to {@code version}.
     *
     * @param addedAllocations   allocations created in that range and not removed
     * @param removedAllocations allocations removed in that range (whether or not they were seen)
     * @param bookings           bookings created or changed in that range, in their current form
     * @param queueEntries       queue entries created or changed in that range, in their current form
     */
    record Changes(long version, List<CapacityAllocation> addedAllocations, List<AllocationId> removedAllocations,
                   List<Booking> bookings, List<QueueEntry> queueEntries) {
        public Changes {
            addedAllocations = List.copyOf(addedAllocations);
            removedAllocations = List.copyOf(removedAllocations);
            bookings = List.copyOf(bookings);
            queueEntries = List.copyOf(queueEntries);
        }

        public boolean isEmpty() {
            return addedAllocations.isEmpty() && removedAllocations.isEmpty() && bookings.isEmpty()
                    && queueEntries.isEmpty();
        }
    }

    /** The writes allowed while a pool is locked. */
    interface PoolTransaction {
        /** The pool's version when the lock was taken. */
        long version();

        /** Changes after {@code version}, read under the lock. */
        Changes changesSince(long version);

        /**
         * How many bookings of an account, in every pool, hold capacity (ACTIVE or HELD) and end after {@code after}:
         * a count, so that the policy's limit costs one index range scan however many bookings the account has.
         */
        long countRunningBookingsOf(AccountId owner, Instant after);

        Optional<Booking> findBooking(BookingId id);

        void insertBooking(Booking booking);

        /** Replaces status and spans. @throws io.berth.core.error.BerthException BOOKING_NOT_FOUND */
        void updateBooking(Booking booking);

        void insertAllocation(CapacityAllocation allocation);

        /** @return false when no such allocation (not removed) belongs to the pool */
        boolean removeAllocation(AllocationId allocation);

        /** Entries of one package of the pool that are waiting or hold an offer, in order of joining. */
        List<QueueEntry> openQueue(String packageName);

        Optional<QueueEntry> findQueueEntry(QueueEntryId id);

        void insertQueueEntry(QueueEntry entry);

        /** Replaces status, offer expiry and booking. @throws io.berth.core.error.BerthException QUEUE_ENTRY_NOT_FOUND */
        void updateQueueEntry(QueueEntry entry);
    }
}
