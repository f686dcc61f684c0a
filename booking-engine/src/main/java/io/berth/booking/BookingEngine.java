package io.berth.booking;

import io.berth.core.account.AccountId;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Admission of bookings in memory: validation, the policy of the booker's level, and an atomic capacity
 * check on an {@link AvailabilityIndex}; bookings are kept in a map.
 *
 * <p>The decision before capacity ({@link #decide}, {@link #extension}) is separate from the change, so a
 * caller that keeps bookings elsewhere (a database) can decide, then reserve with
 * {@link AvailabilityIndex#tryReserve} inside its own transaction.
 *
 * <p>Thread-safe. Capacity is checked and reserved in one step per pool by the index, so no pool is ever
 * over-booked; operations of one owner are serialized (by a lock stripe per owner), so that two requests
 * racing cannot both pass the {@code max-concurrent} rule.
 */
public final class BookingEngine {
    private static final int OWNER_STRIPES = 64;

    private final AvailabilityIndex index;
    private final BookingPolicies policies;
    private final Clock clock;
    private final ConcurrentMap<BookingId, Booking> bookings = new ConcurrentHashMap<>();
    private final Object[] ownerLocks = new Object[OWNER_STRIPES];

    /**
     * An engine with no bookings, admitting into {@code index} under {@code policies}; {@code clock} says what
     * "now" is for past starts, horizons and concurrency.
     */
    public BookingEngine(AvailabilityIndex index, BookingPolicies policies, Clock clock) {
        this.index = requireNonNull(index, "index is null");
        this.policies = requireNonNull(policies, "policies is null");
        this.clock = requireNonNull(clock, "clock is null");
        for (int i = 0; i < OWNER_STRIPES; i++) {
            ownerLocks[i] = new Object();
        }
    }

    /** The index bookings are reserved in. */
    public AvailabilityIndex index() {
        return index;
    }

    /** The rules bookings are checked against. */
    public BookingPolicies policies() {
        return policies;
    }

    private <T> T asOwner(AccountId owner, Supplier<T> action) {
        synchronized (ownerLocks[Math.floorMod(owner.hashCode(), OWNER_STRIPES)]) {
            return action.get();
        }
    }

    /**
     * Takes bookings that were admitted before (read back from a store): kept, and those holding capacity reserved
     * in the index without a capacity check.
     */
    public void load(Collection<Booking> existing) {
        for (Booking booking : existing) {
            bookings.put(booking.id(), booking);
            index.reserve(booking);
        }
    }

    /**
     * Decides a request without touching capacity: the pool exists, every span starts and ends on a slot
     * boundary, and the policy of the level allows it (see {@link BookingPolicies#check}; a span may start in
     * the slot containing now, not earlier).
     *
     * @param ownBookings the owner's bookings (only those holding capacity, running or to come, count)
     * @return the booking to reserve and store
     * @throws BerthException with {@link ErrorCode#POOL_NOT_FOUND}, {@link ErrorCode#INVALID_PERIOD},
     *                        {@link ErrorCode#LEVEL_NOT_ALLOWED} or {@link ErrorCode#BOOKING_POLICY_VIOLATED}
     */
    public Admission decide(BookingRequest request, Collection<Booking> ownBookings) {
        requireNonNull(request, "request is null");
        requireNonNull(ownBookings, "ownBookings is null");
        if (index.pool(request.pool()).isEmpty()) {
            throw new BerthException(ErrorCode.POOL_NOT_FOUND, "no pool " + request.pool());
        }
        SlotCalendar calendar = index.calendar();
        request.spans().forEach(calendar::requireAligned);
        Instant now = clock.instant();
        Instant notBefore = calendar.startOf(calendar.slotOf(now));
        policies.check(BookingCheck.of(request.level(), request.pkg().name(), request.spans(), ownBookings, now,
                notBefore));
        Booking booking = new Booking(BookingId.random(), request.pool(), request.owner(), request.pkg().name(),
                request.pkg().total(), request.count(), request.spans(), BookingStatus.ACTIVE, now);
        return new Admission(booking, policies.policyFor(request.level()));
    }

    /**
     * Books: {@link #decide}, then reserves every span or none.
     *
     * @throws BerthException as {@link #decide}, or with {@link ErrorCode#CAPACITY_EXHAUSTED} when a span does
     *                        not fit (details: {@code pool})
     */
    public Booking book(BookingRequest request) {
        requireNonNull(request, "request is null");
        return asOwner(request.owner(), () -> {
            Booking booking = decide(request, ownedBy(request.owner())).booking();
            if (!index.tryReserve(booking)) {
                throw new BerthException(ErrorCode.CAPACITY_EXHAUSTED,
                        "pool " + request.pool() + " has no room for " + request.count() + " × " + request.pkg().name()
                                + " in " + request.spans(),
                        Map.of("pool", request.pool().toString()));
            }
            bookings.put(booking.id(), booking);
            return booking;
        });
    }

    /**
     * Cancels a booking of {@code requester}'s and releases its capacity.
     *
     * @throws BerthException with {@link ErrorCode#BOOKING_NOT_FOUND} when there is no such booking of the
     *                        requester's (someone else's booking is "not found" too, so ids reveal nothing),
     *                        {@link ErrorCode#BOOKING_NOT_ACTIVE} when it is not ACTIVE (cancelled, or HELD for
     *                        an offer of the access queue)
     */
    public Booking cancel(BookingId id, AccountId requester) {
        requireNonNull(id, "id is null");
        requireNonNull(requester, "requester is null");
        return asOwner(requester, () -> {
            Booking booking = activeOwned(id, requester);
            Booking cancelled = booking.withStatus(BookingStatus.CANCELLED);
            index.release(booking);
            bookings.put(id, cancelled);
            return cancelled;
        });
    }

    /**
     * Decides an extension without touching capacity: the new end is a slot boundary after the current
     * end, and the policy allows it ({@link BookingPolicies#checkExtension}).
     *
     * @return {@code booking} with its last span ending at {@code newEnd}
     * @throws BerthException with {@link ErrorCode#INVALID_PERIOD}, {@link ErrorCode#LEVEL_NOT_ALLOWED} or
     *                        {@link ErrorCode#BOOKING_POLICY_VIOLATED}
     */
    public Booking extension(Booking booking, int level, Instant newEnd) {
        requireNonNull(booking, "booking is null");
        requireNonNull(newEnd, "newEnd is null");
        if (!index.calendar().isAligned(newEnd)) {
            throw new BerthException(ErrorCode.INVALID_PERIOD,
                    "a booking must end on a whole hour of " + index.calendar().zone() + ": " + newEnd);
        }
        if (!newEnd.isAfter(booking.end())) {
            throw new BerthException(ErrorCode.INVALID_PERIOD,
                    "an extension must end after the booking's end " + booking.end() + ": " + newEnd);
        }
        policies.checkExtension(level, booking, newEnd, clock.instant());
        List<Span> spans = new ArrayList<>(booking.spans());
        Span last = spans.remove(spans.size() - 1);
        spans.add(new Span(last.start(), newEnd));
        return booking.withSpans(spans);
    }

    /**
     * Extends the last span of a booking of {@code requester}'s to {@code newEnd}.
     *
     * @throws BerthException as {@link #cancel} and {@link #extension}, or with
     *                        {@link ErrorCode#CAPACITY_EXHAUSTED} when the extension does not fit; its details
     *                        then hold {@code longestEnd}, the ISO instant of the latest end that would fit
     *                        (the current end when none does)
     */
    public Booking extend(BookingId id, AccountId requester, int level, Instant newEnd) {
        requireNonNull(id, "id is null");
        requireNonNull(requester, "requester is null");
        return asOwner(requester, () -> {
            Booking booking = activeOwned(id, requester);
            Booking extended = extension(booking, level, newEnd);
            if (!index.tryReplace(booking, extended)) {
                // The added period lies after every span of the booking, so its own reservation is not in the way.
                Instant longest = index.longestEndFrom(booking.pool(), booking.total(), booking.end(), newEnd);
                throw new BerthException(ErrorCode.CAPACITY_EXHAUSTED,
                        "pool " + booking.pool() + " has no room to extend booking " + id + " to " + newEnd
                                + "; it could end at " + longest,
                        Map.of("longestEnd", longest.toString(), "pool", booking.pool().toString()));
            }
            bookings.put(id, extended);
            return extended;
        });
    }

    private Booking activeOwned(BookingId id, AccountId requester) {
        Booking booking = bookings.get(id);
        if (booking == null || !booking.owner().equals(requester)) {
            throw new BerthException(ErrorCode.BOOKING_NOT_FOUND, "no booking " + id);
        }
        if (booking.status() != BookingStatus.ACTIVE) {
            throw new BerthException(ErrorCode.BOOKING_NOT_ACTIVE, "booking " + id + " is " + booking.status());
        }
        return booking;
    }

    /** The booking {@code id} in its current form, whoever owns it. */
    public Optional<Booking> booking(BookingId id) {
        return Optional.ofNullable(bookings.get(id));
    }

    /** The bookings of {@code owner}, cancelled ones included, by start. A scan of all bookings. */
    public List<Booking> bookingsOf(AccountId owner) {
        requireNonNull(owner, "owner is null");
        return ownedBy(owner);
    }

    private List<Booking> ownedBy(AccountId owner) {
        List<Booking> owned = new ArrayList<>();
        for (Booking booking : bookings.values()) {
            if (booking.owner().equals(owner)) {
                owned.add(booking);
            }
        }
        owned.sort(Comparator.comparing(Booking::start).thenComparing(b -> b.id().value()));
        return owned;
    }

    /** Every booking kept, by start. */
    public List<Booking> bookings() {
        List<Booking> all = new ArrayList<>(bookings.values());
        all.sort(Comparator.comparing(Booking::start).thenComparing(b -> b.id().value()));
        return all;
    }
}
