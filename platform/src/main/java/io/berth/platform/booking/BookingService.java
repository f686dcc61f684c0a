package io.berth.platform.booking;

import io.berth.booking.AllocationId;
import io.berth.booking.AvailabilityGrid;
import io.berth.booking.Booking;
import io.berth.booking.BookingCheck;
import io.berth.booking.BookingId;
import io.berth.booking.BookingPolicy;
import io.berth.booking.BookingStatus;
import io.berth.booking.CapacityAllocation;
import io.berth.booking.ColumnWidth;
import io.berth.booking.Pool;
import io.berth.booking.PoolId;
import io.berth.booking.QueueEntry;
import io.berth.booking.QueueEntryId;
import io.berth.booking.QueueStatus;
import io.berth.booking.SharingMode;
import io.berth.booking.SlotCalendar;
import io.berth.booking.Span;
import io.berth.core.account.AccountId;
import io.berth.core.account.Principal;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.resource.ResourcePackage;
import io.berth.core.resource.ResourceVector;
import io.berth.platform.auth.AccountService;
import io.berth.platform.store.BookingStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static java.util.Objects.requireNonNull;

/**
 * Pools, capacity, availability, bookings and the access queue, on top of the {@link BookingStore} and this
 * process's {@link IndexMirror}.
 *
 * <p><b>Admission.</b> A decision about a pool is made inside {@link BookingStore#inPool}, which holds the pool's
 * row lock in the database, after the changes other processes committed since this process last looked have
 * been applied to the mirror. So two processes sharing one database never decide on one pool at once, and each
 * decides on the pool as it is. Inside one process a monitor per pool keeps threads from queueing on the
 * database lock. The mirror is changed only after the transaction committed. See
 * docs/architecture/booking-admission.md.
 *
 * <p>Thread safe.
 */
public final class BookingService {
    private static final Logger LOG = LoggerFactory.getLogger(BookingService.class);
    /** How much of the past availability still shows: a month view of this month, with margin. */
    private static final Duration PAST_KEPT = Duration.ofDays(40);
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    private final BookingStore store;
    private final BookingSettings settings;
    private final Clock clock;
    private final SlotCalendar calendar;
    private final IndexMirror mirror;
    private final Map<PoolId, Object> poolMonitors = new ConcurrentHashMap<>();
    private final List<BookingListener> listeners = new CopyOnWriteArrayList<>();

    /** Reads the booking tables and builds the availability index. */
    public BookingService(BookingStore store, BookingSettings settings, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.calendar = new SlotCalendar(settings.zone());
        this.mirror = new IndexMirror(calendar, store.snapshot());
    }

    public void addListener(BookingListener listener) {
        listeners.add(requireNonNull(listener, "listener is null"));
    }

    public BookingSettings settings() {
        return settings;
    }

    public SlotCalendar calendar() {
        return calendar;
    }

    public Clock clock() {
        return clock;
    }

    // ---- packages and pools

    public List<ResourcePackage> packages() {
        return settings.packages();
    }

    /**
     * A package by name; {@code custom} is not one of them (it is made per booking).
     *
     * @throws BerthException PACKAGE_NOT_FOUND
     */
    public ResourcePackage packageNamed(String name) {
        requireNonNull(name, "name is null");
        return settings.packages().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new BerthException(ErrorCode.PACKAGE_NOT_FOUND, "no package '" + name
                        + "'; the packages are " + settings.packages().stream().map(ResourcePackage::name).toList()));
    }

    /** @throws BerthException FORBIDDEN, POOL_EXISTS, INVALID_REQUEST */
    public Pool createPool(Principal caller, String name, SharingMode mode) {
        AccountService.requireAdmin(caller);
        Pool pool = new Pool(PoolId.random(), name, requireNonNull(mode, "mode is null"));
        store.insertPool(pool);
        mirror.addPool(pool);
        return pool;
    }

    /** Pools in name order; other processes' new pools are picked up here. */
    public List<Pool> pools() {
        refreshAll();
        return mirror.pools();
    }

    /** The name of a pool; its id when no such pool exists. */
    public String poolName(PoolId id) {
        requireNonNull(id, "id is null");
        Optional<Pool> known = mirror.pool(id);
        if (known.isEmpty()) {
            refreshAll();
            known = mirror.pool(id);
        }
        return known.map(Pool::name).orElse(id.toString());
    }

    /** @throws BerthException POOL_NOT_FOUND */
    public Pool pool(String name) {
        requireNonNull(name, "name is null");
        // Pools are never renamed or deleted, so one this process knows needs no query; a new one may be.
        for (List<Pool> pools : List.of(mirror.pools(), pools())) {
            for (Pool pool : pools) {
                if (pool.name().equals(name)) {
                    return pool;
                }
            }
        }
        throw new BerthException(ErrorCode.POOL_NOT_FOUND, "no pool named '" + name + "'");
    }

    /**
     * Adds capacity to a pool for a period ({@code until} null: from then on).
     *
     * @throws BerthException FORBIDDEN, POOL_NOT_FOUND, INVALID_PERIOD, INVALID_RESOURCES
     */
    public CapacityAllocation addCapacity(Principal caller, String poolName, ResourceVector size, Instant from,
                                          Instant until) {
        AccountService.requireAdmin(caller);
        Pool pool = pool(poolName);
        checkBounds(from, "from");
        if (until != null) {
            checkBounds(until, "until");
        }
        if (size.isZero() || !size.isNonNegative()) {
            throw new BerthException(ErrorCode.INVALID_RESOURCES, "capacity must be positive in some dimension and"
                    + " negative in none: " + size);
        }
        CapacityAllocation allocation = new CapacityAllocation(AllocationId.random(), pool.id(), size,
                calendar.requireAligned(new Span(from, until == null ? from.plus(SlotCalendar.SLOT) : until)).start(),
                until);
        if (until != null) {
            calendar.requireAligned(new Span(from, until));
        }
        synchronized (monitor(pool.id())) {
            long version = store.inPool(pool.id(), tx -> {
                catchUp(pool.id(), tx);
                tx.insertAllocation(allocation);
                return tx.version();
            });
            mirror.putAllocation(allocation);
            mirror.seen(pool.id(), version + 1);
        }
        offerFreedCapacity(pool.id());
        return allocation;
    }

    /** @throws BerthException FORBIDDEN, POOL_NOT_FOUND, INVALID_REQUEST when the pool has no such allocation */
    public void removeCapacity(Principal caller, String poolName, AllocationId id) {
        AccountService.requireAdmin(caller);
        Pool pool = pool(poolName);
        synchronized (monitor(pool.id())) {
            long version = store.inPool(pool.id(), tx -> {
                catchUp(pool.id(), tx);
                if (!tx.removeAllocation(id)) {
                    throw new BerthException(ErrorCode.INVALID_REQUEST, "pool '" + poolName + "' has no capacity "
                            + "allocation " + id);
                }
                return tx.version();
            });
            mirror.removeAllocation(pool.id(), id);
            mirror.seen(pool.id(), version + 1);
        }
    }

    /** @throws BerthException FORBIDDEN, POOL_NOT_FOUND */
    public List<CapacityAllocation> capacity(Principal caller, String poolName) {
        AccountService.requireAdmin(caller);
        return store.allocationsOf(pool(poolName).id());
    }

    // ---- availability

    /**
     * The availability grid of a pool: how many of each package fit in each column, with the columns the
     * caller's own bookings cover.
     *
     * @throws BerthException POOL_NOT_FOUND, PACKAGE_NOT_FOUND, INVALID_PERIOD
     */
    public Availability availability(Principal caller, String poolNameOrNull, List<String> packageNames,
                                     Instant from, Instant to, ColumnWidth width) {
        requireNonNull(caller, "caller is null");
        Pool pool = poolNameOrNull == null ? defaultPool(caller) : pool(poolNameOrNull);
        refresh(pool.id());
        List<ResourcePackage> packages = packageNames == null || packageNames.isEmpty() ? settings.packages()
                : packageNames.stream().map(this::packageNamed).toList();
        AvailabilityGrid grid = mirror.index().grid(pool.id(), packages, from, to, width);
        List<Booking> own = new ArrayList<>();
        for (Booking booking : store.bookingsOf(caller.account())) {
            if (booking.pool().equals(pool.id()) && booking.status().holdsCapacity()) {
                own.add(booking);
            }
        }
        return new Availability(pool, grid, own);
    }

    /** A grid with the bookings of the caller that fall in it. */
    public record Availability(Pool pool, AvailabilityGrid grid, List<Booking> ownBookings) {
        public Availability {
            ownBookings = List.copyOf(ownBookings);
        }
    }

    /**
     * The earliest start, at or after the current slot, at which {@code count} units of a package fit for
     * {@code length}, searching as far ahead as the caller's level may book.
     */
    public Optional<Instant> earliestStart(Principal caller, String poolNameOrNull, String packageName, int count,
                                           Duration length) {
        requireNonNull(caller, "caller is null");
        ResourcePackage pkg = packageNamed(packageName);
        Pool pool = poolNameOrNull == null ? defaultPool(caller) : pool(poolNameOrNull);
        refresh(pool.id());
        Instant now = clock.instant();
        Instant notBefore = calendar.startOf(calendar.slotOf(now));
        BookingPolicy policy = settings.policies().policyFor(levelOf(caller));
        // as far as the level may book: the booking must end by now + maxAhead
        Instant until = now.plus(policy.maxAhead());
        return mirror.index().earliestStart(pool.id(), pkg.total().times(count), length, notBefore, until);
    }

    /**
     * The pools where {@code count} units of a package fit for the whole of {@code [start, end)}, in name order:
     * one query for the pools' versions, the changes of pools that moved, then the index.
     */
    public List<Pool> poolsFitting(ResourcePackage pkg, int count, Instant start, Instant end) {
        requireNonNull(pkg, "pkg is null");
        refreshAll();
        Set<PoolId> fitting = new HashSet<>(mirror.index().poolsFitting(pkg.total().times(count), start, end));
        return mirror.pools().stream().filter(p -> fitting.contains(p.id())).toList();
    }

    // ---- bookings

    /**
     * What a caller asks to book.
     *
     * @param poolName null: the first bookable pool in name order where it fits
     * @param pkg      a package of the settings, or a custom one (level-n)
     * @param spans    one span, or several booked all or none
     */
    public record BookingRequest(String poolName, ResourcePackage pkg, int count, List<Span> spans) {
        public BookingRequest {
            requireNonNull(pkg, "pkg is null");
            spans = List.copyOf(spans);
        }
    }

    /**
     * Admits a booking atomically, or refuses it.
     *
     * @throws BerthException INVALID_PERIOD, BOOKING_POLICY_VIOLATED, LEVEL_NOT_ALLOWED, POOL_NOT_FOUND,
     *                        CAPACITY_EXHAUSTED
     */
    public Booking book(Principal caller, BookingRequest request) {
        requireNonNull(caller, "caller is null");
        requireNonNull(request, "request is null");
        if (request.count() < 1) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "count must be at least 1, not " + request.count());
        }
        List<Span> spans = checkSpans(request.spans());
        Instant now = clock.instant();
        // The rules that do not depend on the account's other bookings are checked before any lock is taken;
        // all of them again under the lock.
        settings.policies().check(new BookingCheck(levelOf(caller), request.pkg().name(), spans, 0, now,
                calendar.startOf(calendar.slotOf(now))));
        List<Pool> candidates = request.poolName() != null ? List.of(pool(request.poolName())) : bookablePools();
        if (candidates.isEmpty()) {
            throw new BerthException(ErrorCode.CAPACITY_EXHAUSTED, "there is no pool to book in");
        }
        ResourceVector need = request.pkg().total().times(request.count());
        BerthException refusal = null;
        for (Pool pool : candidates) {
            // bookablePools() brought the mirror up to date; a named pool is caught up under its lock
            if (request.poolName() == null && !fitsEverySpan(pool.id(), need, spans)) {
                continue;
            }
            try {
                return admit(caller, pool, request, spans, need, BookingStatus.ACTIVE);
            } catch (BerthException e) {
                if (e.errorCode() != ErrorCode.CAPACITY_EXHAUSTED) {
                    throw e;
                }
                refusal = e;
            }
        }
        throw refusal != null ? refusal : new BerthException(ErrorCode.CAPACITY_EXHAUSTED, request.count() + " × "
                + request.pkg().name() + " does not fit " + describe(spans) + " in any pool");
    }

    private Booking admit(Principal caller, Pool pool, BookingRequest request, List<Span> spans, ResourceVector need,
                          BookingStatus status) {
        Booking booking;
        long version;
        synchronized (monitor(pool.id())) {
            Instant now = clock.instant();
            Booking candidate = new Booking(BookingId.random(), pool.id(), caller.account(), request.pkg().name(),
                    request.pkg().total(), request.count(), spans, status, now);
            version = store.inPool(pool.id(), tx -> {
                catchUp(pool.id(), tx);
                // The account's other bookings are read under the lock too: two requests of one account on one
                // pool cannot both slip under the concurrency limit.
                settings.policies().check(new BookingCheck(levelOf(caller), request.pkg().name(), spans,
                        tx.countRunningBookingsOf(caller.account(), now), now, calendar.startOf(calendar.slotOf(now))));
                if (!fitsEverySpan(pool.id(), need, spans)) {
                    throw new BerthException(ErrorCode.CAPACITY_EXHAUSTED, request.count() + " × "
                            + request.pkg().name() + " does not fit " + describe(spans) + " in pool '" + pool.name()
                            + "'");
                }
                tx.insertBooking(candidate);
                return tx.version();
            });
            booking = candidate;
            mirror.put(booking);
            mirror.seen(pool.id(), version + 1);
        }
        notifyChanged(booking);
        return booking;
    }

    private boolean fitsEverySpan(PoolId pool, ResourceVector need, List<Span> spans) {
        for (Span span : spans) {
            if (!mirror.index().fits(pool, need, span.start(), span.end())) {
                return false;
            }
        }
        return true;
    }

    /** Bookings of the caller (or of everyone, for an admin who asks), the latest start first. */
    public List<Booking> bookings(Principal caller, AccountId ownerOrNull) {
        requireNonNull(caller, "caller is null");
        AccountId owner = ownerOrNull == null ? caller.account() : ownerOrNull;
        if (!caller.mayAccess(owner)) {
            throw new BerthException(ErrorCode.FORBIDDEN, "only admins see other accounts' bookings");
        }
        return store.bookingsOf(owner);
    }

    /** @throws BerthException BOOKING_NOT_FOUND (also for another account's booking) */
    public Booking booking(Principal caller, BookingId id) {
        requireNonNull(caller, "caller is null");
        requireNonNull(id, "id is null");
        return store.findBooking(id).filter(b -> caller.mayAccess(b.owner()))
                .orElseThrow(() -> bookingNotFound(id));
    }

    /** Cancels a booking; it stays listed as CANCELLED. @throws BerthException BOOKING_NOT_FOUND, BOOKING_NOT_ACTIVE */
    public Booking cancel(Principal caller, BookingId id) {
        Booking current = booking(caller, id);
        Booking cancelled;
        synchronized (monitor(current.pool())) {
            long[] version = new long[1];
            cancelled = store.inPool(current.pool(), tx -> {
                catchUp(current.pool(), tx);
                Booking locked = tx.findBooking(id).orElseThrow(() -> bookingNotFound(id));
                if (locked.status() != BookingStatus.ACTIVE) {
                    throw new BerthException(ErrorCode.BOOKING_NOT_ACTIVE, "booking " + id + " is "
                            + locked.status());
                }
                Booking changed = locked.withStatus(BookingStatus.CANCELLED);
                tx.updateBooking(changed);
                version[0] = tx.version();
                return changed;
            });
            mirror.put(cancelled);
            mirror.seen(current.pool(), version[0] + 1);
        }
        notifyChanged(cancelled);
        offerFreedCapacity(cancelled.pool());
        return cancelled;
    }

    /**
     * Moves the end of a booking's last span. When the new end does not fit, the answer is CAPACITY_EXHAUSTED
     * with the detail {@code longestEnd}: the latest end that would.
     *
     * @throws BerthException BOOKING_NOT_FOUND, BOOKING_NOT_ACTIVE, INVALID_PERIOD, BOOKING_POLICY_VIOLATED,
     *                        CAPACITY_EXHAUSTED
     */
    public Booking extend(Principal caller, BookingId id, Instant newEnd) {
        requireNonNull(newEnd, "newEnd is null");
        checkBounds(newEnd, "end");
        Booking current = booking(caller, id);
        if (!calendar.isAligned(newEnd)) {
            throw new BerthException(ErrorCode.INVALID_PERIOD, "the new end " + newEnd + " is not on an hour"
                    + " boundary of " + calendar.zone());
        }
        Booking extended;
        synchronized (monitor(current.pool())) {
            long[] version = new long[1];
            extended = store.inPool(current.pool(), tx -> {
                catchUp(current.pool(), tx);
                Booking locked = tx.findBooking(id).orElseThrow(() -> bookingNotFound(id));
                if (locked.status() != BookingStatus.ACTIVE) {
                    throw new BerthException(ErrorCode.BOOKING_NOT_ACTIVE, "booking " + id + " is " + locked.status());
                }
                Instant oldEnd = locked.end();
                if (!newEnd.isAfter(oldEnd)) {
                    throw new BerthException(ErrorCode.INVALID_PERIOD, "the new end " + newEnd
                            + " is not after the booking's end " + oldEnd);
                }
                Instant now = clock.instant();
                settings.policies().checkExtension(levelOf(caller), locked, newEnd, now);
                ResourceVector need = locked.total();
                if (!mirror.index().fits(locked.pool(), need, oldEnd, newEnd)) {
                    Instant longest = mirror.index().longestEndFrom(locked.pool(), need, oldEnd, newEnd);
                    throw new BerthException(ErrorCode.CAPACITY_EXHAUSTED, "booking " + id + " cannot be extended to "
                            + newEnd + "; the longest extension that fits ends at " + longest,
                            Map.of("longestEnd", longest.toString()));
                }
                List<Span> spans = new ArrayList<>(locked.spans());
                Span last = spans.remove(spans.size() - 1);
                spans.add(new Span(last.start(), newEnd));
                Booking changed = locked.withSpans(spans);
                tx.updateBooking(changed);
                version[0] = tx.version();
                return changed;
            });
            mirror.put(extended);
            mirror.seen(current.pool(), version[0] + 1);
        }
        notifyChanged(extended);
        return extended;
    }

    // ---- the access queue

    /** A queue entry with its position (1-based; 0 once it is no longer open). */
    public record QueuePosition(QueueEntry entry, int position) {
    }

    /**
     * Joins the first-come-first-served queue of a package on a pool. Whoever joins while the package fits gets
     * an offer at once.
     *
     * @throws BerthException PACKAGE_NOT_FOUND, LEVEL_NOT_ALLOWED, BOOKING_POLICY_VIOLATED, ALREADY_QUEUED
     */
    public QueuePosition joinQueue(Principal caller, String poolNameOrNull, String packageName, Duration length) {
        requireNonNull(caller, "caller is null");
        requireNonNull(length, "length is null");
        ResourcePackage pkg = packageNamed(packageName);
        Pool pool = poolNameOrNull == null ? defaultPool(caller) : pool(poolNameOrNull);
        if (length.isNegative() || length.isZero() || length.toMinutes() % 60 != 0) {
            throw new BerthException(ErrorCode.INVALID_PERIOD, "the length must be a positive number of hours: "
                    + length);
        }
        Instant now = clock.instant();
        Instant start = calendar.startOf(calendar.slotOf(now));
        settings.policies().check(new BookingCheck(levelOf(caller), pkg.name(), List.of(new Span(start, start.plus(length))),
                0, now, calendar.startOf(calendar.slotOf(now))));
        QueueEntry entry = new QueueEntry(QueueEntryId.random(), pool.id(), pkg.name(), caller.account(), length, now,
                QueueStatus.WAITING, null, null);
        synchronized (monitor(pool.id())) {
            long version = store.inPool(pool.id(), tx -> {
                catchUp(pool.id(), tx);
                for (QueueEntry open : tx.openQueue(pkg.name())) {
                    if (open.account().equals(caller.account())) {
                        throw new BerthException(ErrorCode.ALREADY_QUEUED, "you are already in the queue for "
                                + pkg.name() + " in pool '" + pool.name() + "', entry " + open.id());
                    }
                }
                tx.insertQueueEntry(entry);
                return tx.version();
            });
            mirror.put(entry);
            mirror.seen(pool.id(), version + 1);
        }
        offer(pool.id(), pkg.name());
        return queueEntry(caller, entry.id());
    }

    /** The caller's open queue entries with their positions. */
    public List<QueuePosition> queueOf(Principal caller) {
        requireNonNull(caller, "caller is null");
        List<QueuePosition> positions = new ArrayList<>();
        for (QueueEntry entry : store.openQueueEntriesOf(caller.account())) {
            refresh(entry.pool());
            positions.add(new QueuePosition(entry, position(entry)));
        }
        return positions;
    }

    /** @throws BerthException QUEUE_ENTRY_NOT_FOUND (also for another account's entry) */
    public QueuePosition queueEntry(Principal caller, QueueEntryId id) {
        requireNonNull(caller, "caller is null");
        QueueEntry entry = store.findQueueEntry(id).filter(e -> caller.mayAccess(e.account()))
                .orElseThrow(() -> queueEntryNotFound(id));
        refresh(entry.pool());
        return new QueuePosition(entry, entry.status().inLine() ? position(entry) : 0);
    }

    private int position(QueueEntry entry) {
        List<QueueEntry> queue = mirror.openQueue(entry.pool(), entry.packageName());
        for (int i = 0; i < queue.size(); i++) {
            if (queue.get(i).id().equals(entry.id())) {
                return i + 1;
            }
        }
        return 0;
    }

    /** Leaves a queue; an offer held is given up and passes on. */
    public QueueEntry leaveQueue(Principal caller, QueueEntryId id) {
        QueueEntry entry = queueEntry(caller, id).entry();
        QueueEntry left = closeEntry(entry.pool(), id, QueueStatus.LEFT);
        offer(left.pool(), left.packageName());
        return left;
    }

    /**
     * Takes an offer: the capacity held becomes the caller's booking.
     *
     * @throws BerthException QUEUE_ENTRY_NOT_FOUND, NO_OFFER when the entry holds no offer (or it expired)
     */
    public Booking acceptOffer(Principal caller, QueueEntryId id) {
        QueueEntry entry = queueEntry(caller, id).entry();
        Booking accepted;
        synchronized (monitor(entry.pool())) {
            long[] version = new long[1];
            QueueEntry[] acceptedEntry = new QueueEntry[1];
            accepted = store.inPool(entry.pool(), tx -> {
                catchUp(entry.pool(), tx);
                QueueEntry locked = tx.openQueue(entry.packageName()).stream().filter(e -> e.id().equals(id))
                        .findFirst().orElseThrow(() -> noOffer(id));
                Instant now = clock.instant();
                if (locked.status() != QueueStatus.OFFERED || locked.booking() == null
                        || !locked.offerExpiresAt().isAfter(now)) {
                    throw noOffer(id);
                }
                Booking held = tx.findBooking(locked.booking()).orElseThrow(() -> noOffer(id));
                // The offer was made without knowing the account's level; its limit of bookings at once applies
                // now (the held booking is one of those counted).
                int limit = settings.policies().policyFor(levelOf(caller)).maxConcurrent();
                if (tx.countRunningBookingsOf(caller.account(), now) > limit) {
                    throw new BerthException(ErrorCode.BOOKING_POLICY_VIOLATED, "max-concurrent: accounts of level "
                            + levelOf(caller) + " may hold at most " + limit + " bookings running or to come; end or"
                            + " cancel one to take this offer", Map.of("rule", "max-concurrent",
                            "limit", Integer.toString(limit)));
                }
                Booking active = held.withStatus(BookingStatus.ACTIVE);
                tx.updateBooking(active);
                QueueEntry done = locked.withStatus(QueueStatus.ACCEPTED);
                tx.updateQueueEntry(done);
                acceptedEntry[0] = done;
                version[0] = tx.version();
                return active;
            });
            mirror.put(acceptedEntry[0]);
            mirror.put(accepted);
            mirror.seen(entry.pool(), version[0] + 1);
        }
        notifyChanged(accepted);
        return accepted;
    }

    /**
     * Expires offers not taken in time and offers freed capacity to the heads of the queues. Run periodically by
     * the server (capacity also frees when bookings end, which no request announces).
     *
     * @return how many offers were made
     */
    public int maintainQueues() {
        Instant now = clock.instant();
        // The index keeps an hour slot per dimension from the oldest capacity on; what lies further back than any
        // grid of this month can show is dropped, so memory stays bounded as time passes.
        mirror.forgetBefore(now.minus(PAST_KEPT));
        for (QueueEntry expired : store.expiredOffers(now)) {
            try {
                QueueEntry closed = closeEntry(expired.pool(), expired.id(), QueueStatus.EXPIRED);
                if (closed.status() == QueueStatus.EXPIRED) {
                    listeners.forEach(l -> safely(() -> l.offerExpired(closed)));
                }
            } catch (BerthException e) {
                LOG.debug("offer {} was closed meanwhile: {}", expired.id(), e.getMessage());
            }
        }
        refreshAll();
        int offers = 0;
        for (Map.Entry<PoolId, String> queue : mirror.waitingQueues()) {
            try {
                offers += offer(queue.getKey(), queue.getValue()) ? 1 : 0;
            } catch (RuntimeException e) {
                // one pool's trouble must not stop the offers of every other
                LOG.warn("access queue of {} in pool {}: {}", queue.getValue(), queue.getKey(), e.toString());
            }
        }
        return offers;
    }

    /** Closes an open entry; its held booking, if any, is cancelled. Returns the entry as it is afterwards. */
    private QueueEntry closeEntry(PoolId pool, QueueEntryId id, QueueStatus status) {
        QueueEntry closed;
        Booking[] released = new Booking[1];
        synchronized (monitor(pool)) {
            long[] version = {-1};
            closed = store.inPool(pool, tx -> {
                // a retried transaction starts again from nothing
                version[0] = -1;
                released[0] = null;
                catchUp(pool, tx);
                QueueEntry entry = tx.findQueueEntry(id).orElseThrow(() -> queueEntryNotFound(id));
                if (!entry.status().inLine()) {
                    return entry;
                }
                if (entry.booking() != null) {
                    Booking held = tx.findBooking(entry.booking()).orElse(null);
                    if (held != null && held.status() == BookingStatus.HELD) {
                        released[0] = held.withStatus(BookingStatus.CANCELLED);
                        tx.updateBooking(released[0]);
                    }
                }
                QueueEntry changed = entry.withStatus(status);
                tx.updateQueueEntry(changed);
                version[0] = tx.version();
                return changed;
            });
            if (version[0] >= 0) {
                mirror.put(closed);
                if (released[0] != null) {
                    mirror.put(released[0]);
                }
                mirror.seen(pool, version[0] + 1);
            }
        }
        return closed;
    }

    private void offerFreedCapacity(PoolId pool) {
        Set<String> packages = new HashSet<>();
        for (Map.Entry<PoolId, String> queue : mirror.waitingQueues()) {
            if (queue.getKey().equals(pool)) {
                packages.add(queue.getValue());
            }
        }
        packages.forEach(name -> offer(pool, name));
    }

    /**
     * Gives the head of a queue an offer when it has none outstanding and its package fits from the current slot
     * for the length it asked: the capacity is held as a HELD booking until the offer is taken or expires.
     */
    private boolean offer(PoolId pool, String packageName) {
        ResourcePackage pkg = settings.packages().stream().filter(p -> p.name().equals(packageName)).findFirst()
                .orElse(null);
        if (pkg == null) {
            return false;
        }
        QueueEntry offered;
        Booking held;
        synchronized (monitor(pool)) {
            Object[] result = new Object[2];
            long[] version = {-1};
            store.inPool(pool, tx -> {
                version[0] = -1;
                result[0] = null;
                result[1] = null;
                catchUp(pool, tx);
                List<QueueEntry> queue = tx.openQueue(packageName);
                if (queue.isEmpty() || queue.stream().anyMatch(e -> e.status() == QueueStatus.OFFERED)) {
                    return null;
                }
                QueueEntry head = queue.get(0);
                Instant now = clock.instant();
                Instant start = calendar.startOf(calendar.slotOf(now));
                Span span = new Span(start, start.plus(head.length()));
                if (!mirror.index().fits(pool, pkg.total(), span.start(), span.end())) {
                    return null;
                }
                Booking booking = new Booking(BookingId.random(), pool, head.account(), pkg.name(), pkg.total(), 1,
                        List.of(span), BookingStatus.HELD, now);
                tx.insertBooking(booking);
                QueueEntry changed = head.offered(now.plus(settings.offerHold()), booking.id());
                tx.updateQueueEntry(changed);
                result[0] = changed;
                result[1] = booking;
                version[0] = tx.version();
                return null;
            });
            if (version[0] < 0) {
                return false;
            }
            offered = (QueueEntry) result[0];
            held = (Booking) result[1];
            mirror.put(held);
            mirror.put(offered);
            mirror.seen(pool, version[0] + 1);
        }
        listeners.forEach(l -> safely(() -> l.offered(offered, held)));
        return true;
    }

    // ---- calendar feed

    /** A new secret for the caller's calendar feed; the previous one stops working. Shown once. */
    public String rotateFeedSecret(Principal caller) {
        requireNonNull(caller, "caller is null");
        String secret = FeedSecrets.generate();
        store.setFeedSecret(caller.account(), FeedSecrets.hash(secret));
        return secret;
    }

    /** The bookings a calendar feed shows: those of the account that hold capacity (ACTIVE, or HELD for an offer). */
    public List<Booking> feedBookings(AccountId owner) {
        requireNonNull(owner, "owner is null");
        return store.bookingsOf(owner).stream().filter(b -> b.status().holdsCapacity()).toList();
    }

    /** The account whose feed secret this is. */
    public Optional<AccountId> feedOwner(String secret) {
        if (!FeedSecrets.isWellFormed(secret)) {
            return Optional.empty();
        }
        return store.accountOfFeedSecret(FeedSecrets.hash(secret));
    }

    // ---- helpers

    /** Under the pool's lock: applies what others committed since this process last looked, if anything. */
    private void catchUp(PoolId pool, BookingStore.PoolTransaction tx) {
        know(pool);
        long seen = mirror.version(pool);
        if (tx.version() > seen) {
            mirror.apply(pool, tx.changesSince(seen));
        }
    }

    private Object monitor(PoolId pool) {
        return poolMonitors.computeIfAbsent(pool, p -> new Object());
    }

    /** Applies what other processes changed in a pool, when its version moved. */
    private void refresh(PoolId pool) {
        Long current = store.poolVersions().get(pool);
        if (current == null) {
            throw new BerthException(ErrorCode.POOL_NOT_FOUND, "no pool " + pool);
        }
        know(pool);
        if (current > mirror.version(pool)) {
            mirror.apply(pool, store.changesSince(pool, mirror.version(pool)));
        }
    }

    /** Adds a pool another process created to the mirror, before any of its changes are applied. */
    private void know(PoolId pool) {
        if (mirror.pool(pool).isEmpty()) {
            store.findPool(pool).ifPresent(mirror::addPool);
        }
    }

    private void refreshAll() {
        Map<PoolId, Long> versions = store.poolVersions();
        for (Map.Entry<PoolId, Long> entry : versions.entrySet()) {
            PoolId pool = entry.getKey();
            if (mirror.pool(pool).isEmpty()) {
                store.findPool(pool).ifPresent(mirror::addPool);
            }
            if (entry.getValue() > mirror.version(pool)) {
                mirror.apply(pool, store.changesSince(pool, mirror.version(pool)));
            }
        }
    }

    /** Pools a booking may go to without naming one: RESERVED pools, in name order. */
    private List<Pool> bookablePools() {
        return pools().stream().filter(p -> p.mode() == SharingMode.RESERVED).toList();
    }

    /** The pool a caller sees without naming one: the first RESERVED pool, else the first pool. */
    private Pool defaultPool(Principal caller) {
        List<Pool> pools = pools();
        if (pools.isEmpty()) {
            throw new BerthException(ErrorCode.POOL_NOT_FOUND, "there are no pools yet; an admin creates them");
        }
        return pools.stream().filter(p -> p.mode() == SharingMode.RESERVED).findFirst().orElse(pools.get(0));
    }

    /** Admins book as the highest level. */
    private static int levelOf(Principal caller) {
        return caller.isAdmin() ? io.berth.core.account.Account.MAX_LEVEL : caller.level();
    }

    /** Instants the index can hold without covering centuries of hours: years 2000 to 2200. */
    private static void checkBounds(Instant instant, String field) {
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new BerthException(ErrorCode.INVALID_PERIOD, field + " must be between " + EARLIEST + " and "
                    + LATEST + ": " + instant);
        }
    }

    private List<Span> checkSpans(List<Span> spans) {
        if (spans.isEmpty()) {
            throw new BerthException(ErrorCode.INVALID_PERIOD, "a booking needs at least one span");
        }
        for (Span span : spans) {
            checkBounds(span.start(), "start");
            checkBounds(span.end(), "end");
        }
        List<Span> sorted = Booking.checkSpans(spans.stream().sorted(java.util.Comparator.comparing(Span::start)).toList());
        for (Span span : sorted) {
            calendar.requireAligned(span);
        }
        return sorted;
    }

    private static String describe(List<Span> spans) {
        return spans.size() == 1 ? "from " + spans.get(0).start() + " to " + spans.get(0).end() : "in all of " + spans;
    }

    private void notifyChanged(Booking booking) {
        listeners.forEach(l -> safely(() -> l.bookingChanged(booking)));
    }

    private static void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("a booking listener failed: {}", e.toString());
        }
    }

    private static BerthException bookingNotFound(BookingId id) {
        return new BerthException(ErrorCode.BOOKING_NOT_FOUND, "no booking " + id);
    }

    private static BerthException queueEntryNotFound(QueueEntryId id) {
        return new BerthException(ErrorCode.QUEUE_ENTRY_NOT_FOUND, "no queue entry " + id);
    }

    private static BerthException noOffer(QueueEntryId id) {
        return new BerthException(ErrorCode.NO_OFFER, "queue entry " + id + " holds no offer (it may have expired)");
    }
}
