package io.berth.booking;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.resource.ResourcePackage;
import io.berth.core.resource.ResourceVector;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Availability of every pool: physical capacity minus reservations, per hour slot of a {@link SlotCalendar},
 * kept in one {@link CapacityTimeline} per pool.
 *
 * <p>The index holds what it is told and decides nothing: it remembers the capacity allocations and the
 * reservations it holds by id, so that adding, reserving and releasing are idempotent (applying the same
 * booking twice reserves once, releasing an unknown one does nothing), which lets a caller re-apply what
 * it read from a store without counting anything twice. Admission is {@link #tryReserve} and
 * {@link #tryReplace}: check and change in one step.
 *
 * <p>Thread-safe, with one read-write lock per pool: queries of a pool run in parallel, a change of a pool
 * excludes the pool's queries for the O(log n) it takes, and pools never wait for each other. A fair lock
 * is not needed (changes are short) and one lock for the whole index would serialize unrelated pools.
 * Queries over several pools ({@link #poolsFitting}) see each pool at a possibly different moment.
 */
public final class AvailabilityIndex {
    /** The most columns one grid may have. */
    public static final int MAX_COLUMNS = 10_000;
    // Labels are English and fixed-width whatever the default locale, so that rendered grids line up.
    private static final String[] DAY_NAMES = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTH_NAMES = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
            "Nov", "Dec"};

    private final SlotCalendar calendar;
    private final int initialWindow;
    /** Slots before this one are forgotten in every pool, new ones included. */
    private volatile long forgottenBefore = Long.MIN_VALUE;
    private final ConcurrentMap<PoolId, PoolState> pools = new ConcurrentHashMap<>();

    private static final class PoolState {
        final Pool pool;
        final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        final CapacityTimeline timeline;
        final Map<AllocationId, CapacityAllocation> allocations = new HashMap<>();
        final Map<BookingId, Booking> reservations = new HashMap<>();

        PoolState(Pool pool, int initialWindow) {
            this.pool = pool;
            this.timeline = new CapacityTimeline(initialWindow);
        }
    }

    /** An index without pools, whose slots and days are those of {@code calendar}. */
    public AvailabilityIndex(SlotCalendar calendar) {
        this(calendar, CapacityTimeline.INITIAL_WINDOW);
    }

    /** An index whose timelines start with {@code initialWindow} slots; tests use tiny ones to make them grow. */
    AvailabilityIndex(SlotCalendar calendar, int initialWindow) {
        this.calendar = requireNonNull(calendar, "calendar is null");
        this.initialWindow = initialWindow;
    }

    /**
     * An index of {@code pools} with their capacity and those of {@code bookings} that hold capacity
     * ({@link BookingStatus#holdsCapacity()}).
     *
     * @throws BerthException with {@link ErrorCode#POOL_NOT_FOUND} when an allocation or booking names a
     *                        pool not among {@code pools}
     */
    public static AvailabilityIndex build(SlotCalendar calendar, Collection<Pool> pools,
                                          Collection<CapacityAllocation> allocations, Collection<Booking> bookings) {
        AvailabilityIndex index = new AvailabilityIndex(calendar);
        pools.forEach(index::addPool);
        allocations.forEach(index::addCapacity);
        for (Booking booking : bookings) {
            if (booking.status().holdsCapacity()) {
                index.reserve(booking);
            }
        }
        return index;
    }

    /** The slots and days every answer is in. */
    public SlotCalendar calendar() {
        return calendar;
    }

    // ---------------------------------------------------------------- pools

    /** @throws BerthException with {@link ErrorCode#POOL_EXISTS} when a pool with that id is there */
    public void addPool(Pool pool) {
        requireNonNull(pool, "pool is null");
        PoolState state = new PoolState(pool, initialWindow);
        // Under the index's monitor, so that a pool added while the past is forgotten cannot miss it.
        synchronized (this) {
            state.timeline.forgetBefore(forgottenBefore);
            if (pools.putIfAbsent(pool.id(), state) != null) {
                throw new BerthException(ErrorCode.POOL_EXISTS, "pool " + pool.id() + " exists");
            }
        }
    }

    /** Forgets a pool with its capacity and reservations; false when it was not there. */
    public boolean removePool(PoolId pool) {
        return pools.remove(requireNonNull(pool, "pool is null")) != null;
    }

    /** The pool with that id, if the index has it. */
    public Optional<Pool> pool(PoolId pool) {
        PoolState state = pools.get(pool);
        return state == null ? Optional.empty() : Optional.of(state.pool);
    }

    /** Every pool, by name, then id. */
    public List<Pool> pools() {
        List<Pool> all = new ArrayList<>();
        pools.values().forEach(state -> all.add(state.pool));
        all.sort(Comparator.comparing(Pool::name).thenComparing(pool -> pool.id().value()));
        return all;
    }

    private PoolState state(PoolId pool) {
        PoolState state = pools.get(requireNonNull(pool, "pool is null"));
        if (state == null) {
            throw new BerthException(ErrorCode.POOL_NOT_FOUND, "no pool " + pool);
        }
        return state;
    }

    private <T> T write(PoolId pool, Function<PoolState, T> change) {
        PoolState state = state(pool);
        Lock lock = state.lock.writeLock();
        lock.lock();
        try {
            return change.apply(state);
        } finally {
            lock.unlock();
        }
    }

    private <T> T read(PoolId pool, Function<PoolState, T> query) {
        PoolState state = state(pool);
        Lock lock = state.lock.readLock();
        lock.lock();
        try {
            return query.apply(state);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forgets the past before the slot containing {@code instant}, in every pool: those slots read 0 (nothing
     * available) from then on, changes there are dropped, and allocations and reservations that ended before
     * it are no longer remembered (releasing one later does nothing, and adding one has no effect). Keeps the
     * timelines as short as what is still bookable; a maintenance job calls it, say, daily with a few days of
     * margin. Forgetting less than before does nothing.
     */
    public synchronized void forgetBefore(Instant instant) {
        long slot = calendar.slotOf(requireNonNull(instant, "instant is null"));
        if (slot <= forgottenBefore) {
            return;
        }
        forgottenBefore = slot;
        Instant mark = calendar.startOf(slot);
        for (PoolState state : pools.values()) {
            Lock lock = state.lock.writeLock();
            lock.lock();
            try {
                state.timeline.forgetBefore(slot);
                state.allocations.values().removeIf(a -> a.until() != null && !a.until().isAfter(mark));
                state.reservations.values().removeIf(b -> !b.end().isAfter(mark));
            } finally {
                lock.unlock();
            }
        }
    }

    /** Whether everything up to {@code end} is forgotten. */
    private boolean isForgotten(Instant end) {
        long mark = forgottenBefore;
        return mark != Long.MIN_VALUE && !end.isAfter(calendar.startOf(mark));
    }

    // ---------------------------------------------------------------- capacity

    /**
     * Adds an allocation's capacity, or replaces the allocation with the same id (no change when equal).
     * Capacity counts for the slots the allocation covers entirely; an open-ended one counts from its
     * first whole slot on, for ever.
     *
     * @throws BerthException with {@link ErrorCode#POOL_NOT_FOUND} for an unknown pool
     */
    public void addCapacity(CapacityAllocation allocation) {
        requireNonNull(allocation, "allocation is null");
        write(allocation.pool(), state -> {
            CapacityAllocation before = state.allocations.get(allocation.id());
            if (allocation.equals(before)) {
                return null;
            }
            if (allocation.until() != null && isForgotten(allocation.until())) {
                if (before != null) {
                    applyCapacity(state, before, -1);
                    state.allocations.remove(allocation.id());
                }
                return null;
            }
            applyCapacity(state, allocation, 1);
            if (before != null) {
                applyCapacity(state, before, -1);
            }
            state.allocations.put(allocation.id(), allocation);
            return null;
        });
    }

    /**
     * Removes the allocation with {@code allocation}'s id as it was added; false when there is none.
     *
     * @throws BerthException with {@link ErrorCode#POOL_NOT_FOUND} for an unknown pool
     */
    public boolean removeCapacity(CapacityAllocation allocation) {
        requireNonNull(allocation, "allocation is null");
        return removeCapacity(allocation.pool(), allocation.id());
    }

    /** Removes the allocation {@code id} of {@code pool}; false when there is none. */
    public boolean removeCapacity(PoolId pool, AllocationId id) {
        return write(pool, state -> {
            CapacityAllocation before = state.allocations.remove(id);
            if (before != null) {
                applyCapacity(state, before, -1);
            }
            return before != null;
        });
    }

    private void applyCapacity(PoolState state, CapacityAllocation allocation, int sign) {
        ResourceVector delta = allocation.size().times(sign);
        if (allocation.isOpenEnded()) {
            state.timeline.addFrom(delta, calendar.slotAtOrAfter(allocation.from()));
        } else {
            SlotRange slots = calendar.slotsWithin(allocation.from(), allocation.until());
            state.timeline.add(delta, slots.from(), slots.to());
        }
    }

    /** The allocations of {@code pool}. */
    public List<CapacityAllocation> allocations(PoolId pool) {
        return read(pool, state -> List.copyOf(state.allocations.values()));
    }

    // ---------------------------------------------------------------- reservations

    /**
     * Makes the index hold {@code booking} as it is: a booking that holds capacity (ACTIVE or HELD) reserves
     * {@code total()} in every slot its spans touch (replacing what an earlier version of it reserved), a
     * CANCELLED one is released. No capacity check: see {@link #tryReserve}.
     *
     * @throws BerthException with {@link ErrorCode#POOL_NOT_FOUND} for an unknown pool
     */
    public void reserve(Booking booking) {
        requireNonNull(booking, "booking is null");
        write(booking.pool(), state -> {
            Booking before = state.reservations.get(booking.id());
            if (!booking.status().holdsCapacity() || isForgotten(booking.end())) {
                if (before != null) {
                    unreserve(state, before);
                }
            } else if (!booking.equals(before)) {
                swap(state, before, null, booking);
            }
            return null;
        });
    }

    /**
     * Releases what the booking with {@code booking}'s id reserved; false when the index holds no such
     * reservation.
     *
     * @throws BerthException with {@link ErrorCode#POOL_NOT_FOUND} for an unknown pool
     */
    public boolean release(Booking booking) {
        requireNonNull(booking, "booking is null");
        return write(booking.pool(), state -> {
            Booking before = state.reservations.get(booking.id());
            if (before != null) {
                unreserve(state, before);
            }
            return before != null;
        });
    }

    /**
     * Releases {@code before} and reserves {@code after} (as {@link #reserve}) in one step: no query sees one
     * without the other. Both must be of the same pool.
     */
    public void replace(Booking before, Booking after) {
        requireNonNull(before, "before is null");
        requireNonNull(after, "after is null");
        samePool(before, after);
        write(after.pool(), state -> {
            Booking held = state.reservations.get(before.id());
            Booking stale = after.id().equals(before.id()) ? null : state.reservations.get(after.id());
            if (after.status().holdsCapacity()) {
                swap(state, held, stale, after);
            } else {
                if (held != null) {
                    unreserve(state, held);
                }
                if (stale != null) {
                    unreserve(state, stale);
                }
            }
            return null;
        });
    }

    /**
     * Reserves {@code after} and then releases {@code held} and {@code stale} (either may be null), so that
     * a failure to grow the window changes nothing.
     */
    private void swap(PoolState state, Booking held, Booking stale, Booking after) {
        applySpans(state, after, -1);
        if (held != null) {
            applySpans(state, held, 1);
            state.reservations.remove(held.id());
        }
        if (stale != null) {
            applySpans(state, stale, 1);
            state.reservations.remove(stale.id());
        }
        state.reservations.put(after.id(), after);
    }

    /**
     * Reserves {@code booking} if its total fits at every slot of every span, else changes nothing. When the
     * index already holds a version of this booking, that version's reservation is not counted against it.
     *
     * @return whether it was reserved
     * @throws BerthException with {@link ErrorCode#POOL_NOT_FOUND} for an unknown pool
     */
    public boolean tryReserve(Booking booking) {
        requireNonNull(booking, "booking is null");
        return tryReplace(booking, booking);
    }

    /**
     * Releases {@code before} and reserves {@code after} if {@code after} then fits at every slot of every
     * span; else changes nothing. The check and the change are one step for every thread using this index.
     *
     * <p>Slots that {@code after} keeps from what the index holds for {@code before}, at the same or a smaller
     * size, are not checked: what a booking already holds is never taken from it, even where the pool is
     * over-booked because capacity was removed after admission. So an extension is judged on the added
     * period alone.
     *
     * @return whether {@code after} is now reserved
     * @throws BerthException with {@link ErrorCode#POOL_NOT_FOUND} for an unknown pool
     */
    public boolean tryReplace(Booking before, Booking after) {
        requireNonNull(before, "before is null");
        requireNonNull(after, "after is null");
        samePool(before, after);
        if (!after.status().holdsCapacity()) {
            throw new IllegalArgumentException("a " + after.status() + " booking holds no capacity: " + after.id());
        }
        return write(after.pool(), state -> {
            Booking held = state.reservations.get(before.id());
            Booking heldAfter = after.id().equals(before.id()) ? null : state.reservations.get(after.id());
            if (held != null) {
                applySpans(state, held, 1);
            }
            if (heldAfter != null) {
                applySpans(state, heldAfter, 1);
            }
            List<SlotRange> kept = held != null && heldAfter == null && after.total().fitsWithin(held.total())
                    ? slotsOf(held) : List.of();
            if (held == null && before != after && after.id().equals(before.id()) && isForgotten(before.end())
                    && after.total().fitsWithin(before.total())) {
                // an extension (not a new booking: tryReserve passes one booking twice) of a booking that ended
                // before the forgotten mark, so the index let go of it: what it had is past,
                // and an extension asks only for its new hours, as for a booking the index still holds
                kept = slotsOf(before);
            }
            if (!fitsOutside(state, after, kept)) {
                restore(state, held, heldAfter);
                return false;
            }
            try {
                applySpans(state, after, -1);
            } catch (BerthException e) {
                restore(state, held, heldAfter);
                throw e;
            }
            state.reservations.remove(before.id());
            state.reservations.remove(after.id());
            state.reservations.put(after.id(), after);
            return true;
        });
    }

    /** Takes again what {@link #tryReplace} gave back for its check; the write lock hid it from every reader. */
    private void restore(PoolState state, Booking held, Booking heldAfter) {
        if (held != null) {
            applySpans(state, held, -1);
        }
        if (heldAfter != null) {
            applySpans(state, heldAfter, -1);
        }
    }

    /** Whether {@code booking}'s total fits at every slot of its spans outside {@code kept}. */
    private boolean fitsOutside(PoolState state, Booking booking, List<SlotRange> kept) {
        ResourceVector total = booking.total();
        for (SlotRange slots : subtract(slotsOf(booking), kept)) {
            if (!state.timeline.fits(total, slots.from(), slots.to())) {
                return false;
            }
        }
        return true;
    }

    /** The slot ranges of a booking's spans, in order, overlapping ones merged. */
    private List<SlotRange> slotsOf(Booking booking) {
        List<SlotRange> ranges = new ArrayList<>(booking.spans().size());
        for (Span span : booking.spans()) {
            SlotRange slots = calendar.slotsOf(span);
            int last = ranges.size() - 1;
            if (last >= 0 && ranges.get(last).to() >= slots.from()) {
                ranges.set(last, new SlotRange(ranges.get(last).from(), Math.max(ranges.get(last).to(), slots.to())));
            } else {
                ranges.add(slots);
            }
        }
        return ranges;
    }

    /** The parts of {@code ranges} outside {@code minus}; both sorted and without overlaps. */
    static List<SlotRange> subtract(List<SlotRange> ranges, List<SlotRange> minus) {
        List<SlotRange> rest = new ArrayList<>();
        int m = 0;
        for (SlotRange range : ranges) {
            long from = range.from();
            while (m < minus.size() && minus.get(m).to() <= from) {
                m++;
            }
            int k = m;
            while (from < range.to() && k < minus.size() && minus.get(k).from() < range.to()) {
                SlotRange cut = minus.get(k);
                if (cut.from() > from) {
                    rest.add(new SlotRange(from, cut.from()));
                }
                from = Math.max(from, cut.to());
                k++;
            }
            if (from < range.to()) {
                rest.add(new SlotRange(from, range.to()));
            }
        }
        return rest;
    }

    private static void samePool(Booking before, Booking after) {
        if (!before.pool().equals(after.pool())) {
            throw new IllegalArgumentException("bookings of different pools: " + before.id() + ", " + after.id());
        }
    }

    private void unreserve(PoolState state, Booking booking) {
        applySpans(state, booking, 1);
        state.reservations.remove(booking.id());
    }

    /** Adds {@code sign × total} over every span; all or nothing when the window cannot grow that far. */
    private void applySpans(PoolState state, Booking booking, int sign) {
        ResourceVector delta = booking.total().times(sign);
        List<SlotRange> done = new ArrayList<>(booking.spans().size());
        try {
            for (Span span : booking.spans()) {
                SlotRange slots = calendar.slotsOf(span);
                state.timeline.add(delta, slots.from(), slots.to());
                done.add(slots);
            }
        } catch (BerthException e) {
            ResourceVector undo = delta.negate();
            done.forEach(slots -> state.timeline.add(undo, slots.from(), slots.to()));
            throw e;
        }
    }

    /** The bookings whose reservations {@code pool} holds. */
    public List<Booking> reservations(PoolId pool) {
        return read(pool, state -> List.copyOf(state.reservations.values()));
    }

    // ---------------------------------------------------------------- queries

    private SlotRange slots(Instant start, Instant end) {
        return calendar.slotsOf(requirePeriod(start, end));
    }

    private static Span requirePeriod(Instant start, Instant end) {
        return new Span(start, end);
    }

    /**
     * Per dimension, the least that is free at any slot that {@code [start, end)} touches (negative where
     * the pool is over-booked, for example after capacity was removed).
     *
     * @throws BerthException with {@link ErrorCode#INVALID_PERIOD} unless {@code end} is after {@code start},
     *                        {@link ErrorCode#POOL_NOT_FOUND} for an unknown pool
     */
    public ResourceVector available(PoolId pool, Instant start, Instant end) {
        SlotRange slots = slots(start, end);
        return read(pool, state -> state.timeline.minAvailable(slots.from(), slots.to()));
    }

    /** Whether {@code need} fits at every slot that {@code [start, end)} touches. */
    public boolean fits(PoolId pool, ResourceVector need, Instant start, Instant end) {
        requireNonNull(need, "need is null");
        SlotRange slots = slots(start, end);
        return read(pool, state -> state.timeline.fits(need, slots.from(), slots.to()));
    }

    /** How many units of {@code unit} fit at every slot that {@code [start, end)} touches. */
    public long countFitting(PoolId pool, ResourceVector unit, Instant start, Instant end) {
        requireNonNull(unit, "unit is null");
        SlotRange slots = slots(start, end);
        return read(pool, state -> state.timeline.countFitting(unit, slots.from(), slots.to()));
    }

    /** The pools where {@code need} fits at every slot that {@code [start, end)} touches, by name. */
    public List<PoolId> poolsFitting(ResourceVector need, Instant start, Instant end) {
        requireNonNull(need, "need is null");
        SlotRange slots = slots(start, end);
        List<PoolId> fitting = new ArrayList<>();
        for (Pool pool : pools()) {
            PoolState state = pools.get(pool.id());
            if (state == null) {
                continue;
            }
            Lock lock = state.lock.readLock();
            lock.lock();
            try {
                if (state.timeline.fits(need, slots.from(), slots.to())) {
                    fitting.add(pool.id());
                }
            } finally {
                lock.unlock();
            }
        }
        return fitting;
    }

    /**
     * The earliest slot start {@code s >= notBefore} such that {@code need} fits for {@code length} (rounded
     * up to whole hours) from {@code s} and the period ends by {@code searchUntil}.
     *
     * @throws BerthException with {@link ErrorCode#INVALID_PERIOD} when {@code length} is not positive
     */
    public Optional<Instant> earliestStart(PoolId pool, ResourceVector need, Duration length, Instant notBefore,
                                           Instant searchUntil) {
        requireNonNull(length, "length is null");
        if (length.isNegative() || length.isZero()) {
            throw new BerthException(ErrorCode.INVALID_PERIOD, "a booking must last a while: " + length);
        }
        long hours = length.toHours() + (length.equals(Duration.ofHours(length.toHours())) ? 0 : 1);
        return earliestStart(pool, need, hours, notBefore, searchUntil);
    }

    /** As {@link #earliestStart(PoolId, ResourceVector, Duration, Instant, Instant)}, with the length in slots. */
    public Optional<Instant> earliestStart(PoolId pool, ResourceVector need, long slots, Instant notBefore,
                                           Instant searchUntil) {
        requireNonNull(need, "need is null");
        long first = calendar.slotAtOrAfter(requireNonNull(notBefore, "notBefore is null"));
        long latestEnd = calendar.slotOf(requireNonNull(searchUntil, "searchUntil is null"));
        OptionalLong start = read(pool, state -> state.timeline.earliestStart(need, slots, first, latestEnd));
        return start.isPresent() ? Optional.of(calendar.startOf(start.getAsLong())) : Optional.empty();
    }

    /**
     * The latest slot boundary {@code end <= wantedEnd} such that {@code need} fits at every slot of
     * {@code [from, end)}; {@code from} itself when it does not fit even in the slot of {@code from}.
     */
    public Instant longestEndFrom(PoolId pool, ResourceVector need, Instant from, Instant wantedEnd) {
        requireNonNull(need, "need is null");
        long first = calendar.slotOf(requireNonNull(from, "from is null"));
        long wanted = calendar.slotOf(requireNonNull(wantedEnd, "wantedEnd is null"));
        long end = read(pool, state -> state.timeline.longestEnd(need, first, wanted));
        return end <= first ? from : calendar.startOf(end);
    }

    /**
     * How many units of each package fit in each column from the column containing {@code from} up to the
     * column containing the instant before {@code to}. Day and week columns follow the zone's local dates
     * (weeks start on Monday); hour columns are slots.
     *
     * @param packages the rows, in order; names must differ
     * @throws BerthException with {@link ErrorCode#INVALID_PERIOD} unless {@code to} is after {@code from},
     *                        or for more than {@value #MAX_COLUMNS} columns
     */
    public AvailabilityGrid grid(PoolId pool, List<ResourcePackage> packages, Instant from, Instant to,
                                 ColumnWidth width) {
        requireNonNull(packages, "packages is null");
        requireNonNull(width, "width is null");
        requirePeriod(from, to);
        List<Instant> starts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        Instant end = columns(from, to, width, starts, labels);

        List<ResourceVector> totals = new ArrayList<>(packages.size());
        LinkedHashSet<String> dimensionSet = new LinkedHashSet<>();
        for (ResourcePackage pkg : packages) {
            ResourceVector total = pkg.total();
            totals.add(total);
            dimensionSet.addAll(total.dimensions());
        }
        String[] dimensions = dimensionSet.toArray(String[]::new);
        long[][] units = new long[packages.size()][dimensions.length];
        for (int p = 0; p < packages.size(); p++) {
            for (int d = 0; d < dimensions.length; d++) {
                units[p][d] = totals.get(p).get(dimensions[d]);
            }
        }
        long[][] counts = new long[packages.size()][starts.size()];
        PoolState state = state(pool);
        Lock lock = state.lock.readLock();
        lock.lock();
        try {
            countColumns(state.timeline, starts, end, dimensions, units, counts);
        } finally {
            lock.unlock();
        }
        List<AvailabilityGrid.Row> rows = new ArrayList<>(packages.size());
        for (int p = 0; p < packages.size(); p++) {
            rows.add(new AvailabilityGrid.Row(packages.get(p).name(), counts[p], Set.of()));
        }
        return new AvailabilityGrid(pool, calendar.zone(), width, starts, end, labels, rows);
    }

    /** Per package and column, how many units fit at every slot of the column. */
    private void countColumns(CapacityTimeline timeline, List<Instant> starts, Instant end, String[] dimensions,
                              long[][] units, long[][] counts) {
        long[] free = new long[dimensions.length];
        for (int column = 0; column < starts.size(); column++) {
            long first = calendar.slotOf(starts.get(column));
            long last = calendar.slotAtOrAfter(column + 1 < starts.size() ? starts.get(column + 1) : end);
            for (int d = 0; d < dimensions.length; d++) {
                free[d] = timeline.min(dimensions[d], first, last);
            }
            for (int p = 0; p < units.length; p++) {
                long count = Long.MAX_VALUE;
                for (int d = 0; d < dimensions.length; d++) {
                    if (units[p][d] > 0) {
                        count = Math.min(count, free[d] <= 0 ? 0 : free[d] / units[p][d]);
                    }
                }
                counts[p][column] = count;
            }
        }
    }

    /** Fills the columns' starts and labels; returns the end of the last column. */
    private Instant columns(Instant from, Instant to, ColumnWidth width, List<Instant> starts, List<String> labels) {
        switch (width) {
            case HOUR -> {
                long slot = calendar.slotOf(from);
                long last = calendar.slotAtOrAfter(to);
                checkColumns(last - slot);
                for (; slot < last; slot++) {
                    Instant start = calendar.startOf(slot);
                    starts.add(start);
                    labels.add(hourLabel(start));
                }
                return calendar.startOf(last);
            }
            case DAY, WEEK -> {
                boolean weeks = width == ColumnWidth.WEEK;
                LocalDate day = weeks ? SlotCalendar.mondayOf(calendar.dayOf(from)) : calendar.dayOf(from);
                Instant start = calendar.startOfDay(day);
                while (start.isBefore(to)) {
                    checkColumns(starts.size() + 1);
                    starts.add(start);
                    labels.add(weeks ? MONTH_NAMES[day.getMonthValue() - 1] + twoDigits(day.getDayOfMonth())
                            : DAY_NAMES[day.getDayOfWeek().getValue() - 1]);
                    day = day.plusDays(weeks ? 7 : 1);
                    start = calendar.startOfDay(day);
                }
                return start;
            }
            default -> throw new IllegalArgumentException("unknown column width " + width);
        }
    }

    /** Local time of {@code start} as {@code HH:mm}. */
    private String hourLabel(Instant start) {
        long local = start.getEpochSecond() + calendar.zone().getRules().getOffset(start).getTotalSeconds();
        int minuteOfDay = (int) (Math.floorMod(local, 86_400L) / 60);
        return twoDigits(minuteOfDay / 60) + ":" + twoDigits(minuteOfDay % 60);
    }

    private static String twoDigits(int value) {
        return value < 10 ? "0" + value : Integer.toString(value);
    }

    private static void checkColumns(long columns) {
        if (columns > MAX_COLUMNS) {
            throw new BerthException(ErrorCode.INVALID_PERIOD, "a grid has at most " + MAX_COLUMNS + " columns");
        }
    }
}
