package io.berth.store.jpa;

import io.berth.booking.AllocationId;
import io.berth.booking.Booking;
import io.berth.booking.BookingId;
import io.berth.booking.BookingStatus;
import io.berth.booking.CapacityAllocation;
import io.berth.booking.Pool;
import io.berth.booking.PoolId;
import io.berth.booking.QueueEntry;
import io.berth.booking.QueueEntryId;
import io.berth.booking.QueueStatus;
import io.berth.booking.SharingMode;
import io.berth.booking.Span;
import io.berth.core.account.AccountId;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.resource.ResourceVector;
import io.berth.platform.store.BookingStore;
import jakarta.persistence.EntityManager;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * The booking tables through plain JDBC on the transaction's connection.
 *
 * <p>Admission is the hot path of booking (a lock, a handful of reads and two inserts), and its rows are small
 * and fixed, so they are written out here rather than mapped as entities, as for the executor's claims (see
 * {@link Jdbc}). Resource vectors are stored as text ({@code cores=2000,memory=4096}) so that extra dimensions
 * need no schema change.
 */
final class JpaBookingStore implements BookingStore {
    /** Statuses whose spans hold capacity. */
    private static final String HOLDING = "('ACTIVE', 'HELD')";
    private static final String OPEN_QUEUE = "('WAITING', 'OFFERED')";

    private static final String BOOKING_COLUMNS = "b.id, b.pool_id, b.owner_id, b.package_name, b.unit, b.unit_count,"
            + " b.status, b.created, s.span_start, s.span_end";
    private static final String BOOKING_FROM = " FROM booking b JOIN booking_span s ON s.booking_id = b.id";
    private static final String BOOKING_ORDER = " ORDER BY b.id, s.span_index";
    private static final String QUEUE_COLUMNS = "id, pool_id, package_name, account_id, length_ms, joined, status,"
            + " offer_expires, booking_id";
    private static final String ALLOCATION_COLUMNS = "id, pool_id, resources, valid_from, valid_until";

    private final Transactions transactions;

    JpaBookingStore(Transactions transactions) {
        this.transactions = transactions;
    }

    // ---- pools

    @Override
    public void insertPool(Pool pool) {
        requireNonNull(pool, "pool is null");
        transactions.execute("insertPool", em -> {
            if (!Jdbc.query(em, "SELECT id FROM pool WHERE name = ?", rs -> rs.getString(1), pool.name()).isEmpty()) {
                throw poolExists(pool.name());
            }
            try {
                Jdbc.update(em, "INSERT INTO pool (id, name, sharing, version) VALUES (?, ?, ?, 0)",
                        pool.id().value(), pool.name(), pool.mode().name());
            } catch (RuntimeException e) {
                if (StoreErrors.isUniqueViolation(e, "uk_pool_name")) {
                    throw poolExists(pool.name());
                }
                throw e;
            }
        });
    }

    private static BerthException poolExists(String name) {
        return new BerthException(ErrorCode.POOL_EXISTS, "a pool named '" + name + "' exists");
    }

    @Override
    public List<Pool> listPools() {
        return transactions.read("listPools", JpaBookingStore::pools);
    }

    private static List<Pool> pools(EntityManager em) {
        return Jdbc.query(em, "SELECT id, name, sharing FROM pool ORDER BY name", JpaBookingStore::pool);
    }

    @Override
    public Optional<Pool> findPool(PoolId id) {
        requireNonNull(id, "id is null");
        return transactions.read("findPool", em -> Jdbc.query(em, "SELECT id, name, sharing FROM pool WHERE id = ?",
                JpaBookingStore::pool, id.value()).stream().findFirst());
    }

    @Override
    public Optional<Pool> findPoolByName(String name) {
        requireNonNull(name, "name is null");
        return transactions.read("findPoolByName", em -> Jdbc.query(em,
                "SELECT id, name, sharing FROM pool WHERE name = ?", JpaBookingStore::pool, name).stream().findFirst());
    }

    @Override
    public Map<PoolId, Long> poolVersions() {
        return transactions.read("poolVersions", JpaBookingStore::versions);
    }

    private static Map<PoolId, Long> versions(EntityManager em) {
        Map<PoolId, Long> versions = new HashMap<>();
        Jdbc.query(em, "SELECT id, version FROM pool", rs -> versions.put(new PoolId(Jdbc.uuid(rs, 1)), rs.getLong(2)));
        return versions;
    }

    @Override
    public Snapshot snapshot() {
        return transactions.read("snapshot", em -> {
            // Versions first: rows read afterwards are at least that new, and applying a change twice is harmless
            // to an index that replaces what it knows.
            Map<PoolId, Long> versions = versions(em);
            List<Pool> pools = pools(em);
            List<CapacityAllocation> allocations = Jdbc.query(em, "SELECT " + ALLOCATION_COLUMNS
                    + " FROM capacity_allocation WHERE removed = FALSE ORDER BY valid_from, id", JpaBookingStore::allocation);
            List<Booking> bookings = bookings(em, " WHERE b.status IN " + HOLDING);
            List<QueueEntry> queue = Jdbc.query(em, "SELECT " + QUEUE_COLUMNS + " FROM queue_entry WHERE status IN "
                    + OPEN_QUEUE + " ORDER BY joined, id", JpaBookingStore::queueEntry);
            return new Snapshot(pools, allocations, bookings, queue, versions);
        });
    }

    @Override
    public Changes changesSince(PoolId pool, long version) {
        requireNonNull(pool, "pool is null");
        return transactions.read("changesSince", em -> {
            long current = Jdbc.query(em, "SELECT version FROM pool WHERE id = ?", rs -> rs.getLong(1), pool.value())
                    .stream().findFirst().orElseThrow(() -> poolNotFound(pool));
            return changes(em, pool, version, current);
        });
    }

    private static Changes changes(EntityManager em, PoolId pool, long after, long current) {
        if (current <= after) {
            return new Changes(current, List.of(), List.of(), List.of(), List.of());
        }
        List<CapacityAllocation> added = new ArrayList<>();
        List<AllocationId> removed = new ArrayList<>();
        Jdbc.query(em, "SELECT " + ALLOCATION_COLUMNS + ", removed FROM capacity_allocation"
                + " WHERE pool_id = ? AND version > ? ORDER BY valid_from, id", rs -> {
                    if (rs.getBoolean(6)) {
                        removed.add(new AllocationId(Jdbc.uuid(rs, 1)));
                    } else {
                        added.add(allocation(rs));
                    }
                    return null;
                }, pool.value(), after);
        List<Booking> bookings = bookings(em, " WHERE b.pool_id = ? AND b.version > ?", pool.value(), after);
        List<QueueEntry> queue = Jdbc.query(em, "SELECT " + QUEUE_COLUMNS + " FROM queue_entry"
                + " WHERE pool_id = ? AND version > ? ORDER BY joined, id", JpaBookingStore::queueEntry, pool.value(), after);
        return new Changes(current, added, removed, bookings, queue);
    }

    private static BerthException poolNotFound(PoolId pool) {
        return new BerthException(ErrorCode.POOL_NOT_FOUND, "no pool " + pool);
    }

    @Override
    public <T> T inPool(PoolId pool, Function<PoolTransaction, T> work) {
        requireNonNull(pool, "pool is null");
        requireNonNull(work, "work is null");
        return transactions.write("inPool", em -> {
            // The pool row is the lock: every decision about the pool's capacity is made while holding it.
            long version = Jdbc.query(em, "SELECT version FROM pool WHERE id = ? FOR UPDATE", rs -> rs.getLong(1),
                    pool.value()).stream().findFirst().orElseThrow(() -> poolNotFound(pool));
            return work.apply(new LockedPool(em, pool, version));
        });
    }

    // ---- bookings

    @Override
    public Optional<Booking> findBooking(BookingId id) {
        requireNonNull(id, "id is null");
        return transactions.read("findBooking", em -> bookings(em, " WHERE b.id = ?", id.value()).stream().findFirst());
    }

    @Override
    public List<Booking> bookingsOf(AccountId owner) {
        requireNonNull(owner, "owner is null");
        return transactions.read("bookingsOf", em -> {
            List<Booking> bookings = new ArrayList<>(bookings(em, " WHERE b.owner_id = ?", owner.value()));
            bookings.sort((a, b) -> b.spans().get(0).start().compareTo(a.spans().get(0).start()));
            return bookings;
        });
    }

    @Override
    public List<CapacityAllocation> allocationsOf(PoolId pool) {
        requireNonNull(pool, "pool is null");
        return transactions.read("allocationsOf", em -> Jdbc.query(em, "SELECT " + ALLOCATION_COLUMNS
                + " FROM capacity_allocation WHERE pool_id = ? AND removed = FALSE ORDER BY valid_from, id",
                JpaBookingStore::allocation, pool.value()));
    }

    // ---- queue

    @Override
    public List<QueueEntry> openQueueEntriesOf(AccountId account) {
        requireNonNull(account, "account is null");
        return transactions.read("openQueueEntriesOf", em -> Jdbc.query(em, "SELECT " + QUEUE_COLUMNS
                + " FROM queue_entry WHERE account_id = ? AND status IN " + OPEN_QUEUE + " ORDER BY joined, id",
                JpaBookingStore::queueEntry, account.value()));
    }

    @Override
    public Optional<QueueEntry> findQueueEntry(QueueEntryId id) {
        requireNonNull(id, "id is null");
        return transactions.read("findQueueEntry", em -> Jdbc.query(em, "SELECT " + QUEUE_COLUMNS
                + " FROM queue_entry WHERE id = ?", JpaBookingStore::queueEntry, id.value()).stream().findFirst());
    }

    @Override
    public List<QueueEntry> expiredOffers(Instant now) {
        requireNonNull(now, "now is null");
        return transactions.read("expiredOffers", em -> Jdbc.query(em, "SELECT " + QUEUE_COLUMNS
                + " FROM queue_entry WHERE status = 'OFFERED' AND offer_expires <= ? ORDER BY offer_expires, id",
                JpaBookingStore::queueEntry, now));
    }

    // ---- calendar feeds

    @Override
    public void setFeedSecret(AccountId account, String secretHash) {
        requireNonNull(account, "account is null");
        requireNonNull(secretHash, "secretHash is null");
        // Update first: two rotations at once then meet on the row instead of both inserting it. (Two first
        // rotations at once can still race to insert; the store retries neither, and one of them fails.)
        transactions.execute("setFeedSecret", em -> {
            if (Jdbc.update(em, "UPDATE calendar_feed SET secret_hash = ? WHERE account_id = ?", secretHash,
                    account.value()) == 0) {
                Jdbc.update(em, "INSERT INTO calendar_feed (account_id, secret_hash) VALUES (?, ?)", account.value(),
                        secretHash);
            }
        });
    }

    @Override
    public Optional<AccountId> accountOfFeedSecret(String secretHash) {
        requireNonNull(secretHash, "secretHash is null");
        return transactions.read("accountOfFeedSecret", em -> Jdbc.query(em,
                "SELECT account_id FROM calendar_feed WHERE secret_hash = ?", rs -> new AccountId(Jdbc.uuid(rs, 1)),
                secretHash).stream().findFirst());
    }

    // ---- the locked pool

    private static final class LockedPool implements PoolTransaction {
        private final EntityManager em;
        private final PoolId pool;
        private final long version;
        private boolean bumped;

        LockedPool(EntityManager em, PoolId pool, long version) {
            this.em = em;
            this.pool = pool;
            this.version = version;
        }

        @Override
        public long version() {
            return version;
        }

        @Override
        public Changes changesSince(long after) {
            return changes(em, pool, after, version);
        }

        /** The version this transaction's rows carry; the pool's row is bumped once, on the first write. */
        private long writeVersion() {
            if (!bumped) {
                Jdbc.update(em, "UPDATE pool SET version = ? WHERE id = ?", version + 1, pool.value());
                bumped = true;
            }
            return version + 1;
        }

        @Override
        public long countRunningBookingsOf(AccountId owner, Instant after) {
            return Jdbc.query(em, "SELECT count(*) FROM booking WHERE owner_id = ? AND last_end > ? AND status IN "
                    + HOLDING, rs -> rs.getLong(1), owner.value(), after).get(0);
        }

        @Override
        public Optional<Booking> findBooking(BookingId id) {
            return bookings(em, " WHERE b.id = ?", id.value()).stream().findFirst();
        }

        @Override
        public void insertBooking(Booking booking) {
            checkPool(booking.pool());
            long stamp = writeVersion();
            Jdbc.update(em, "INSERT INTO booking (id, pool_id, owner_id, package_name, unit, unit_count, status,"
                            + " first_start, last_end, created, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    booking.id().value(), pool.value(), booking.owner().value(), booking.packageName(),
                    format(booking.unit()), booking.count(), booking.status().name(), first(booking), last(booking),
                    booking.createdAt(), stamp);
            insertSpans(booking);
        }

        @Override
        public void updateBooking(Booking booking) {
            checkPool(booking.pool());
            long stamp = writeVersion();
            int updated = Jdbc.update(em, "UPDATE booking SET status = ?, first_start = ?, last_end = ?, version = ?"
                            + " WHERE id = ? AND pool_id = ?", booking.status().name(), first(booking), last(booking),
                    stamp, booking.id().value(), pool.value());
            if (updated == 0) {
                throw new BerthException(ErrorCode.BOOKING_NOT_FOUND, "no booking " + booking.id());
            }
            Jdbc.update(em, "DELETE FROM booking_span WHERE booking_id = ?", booking.id().value());
            insertSpans(booking);
        }

        private void insertSpans(Booking booking) {
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < booking.spans().size(); i++) {
                Span span = booking.spans().get(i);
                rows.add(new Object[]{booking.id().value(), i, span.start(), span.end()});
            }
            Jdbc.batch(em, "INSERT INTO booking_span (booking_id, span_index, span_start, span_end) VALUES (?, ?, ?, ?)",
                    rows);
        }

        @Override
        public void insertAllocation(CapacityAllocation allocation) {
            checkPool(allocation.pool());
            long stamp = writeVersion();
            Jdbc.update(em, "INSERT INTO capacity_allocation (id, pool_id, resources, valid_from, valid_until, removed,"
                            + " version) VALUES (?, ?, ?, ?, ?, FALSE, ?)", allocation.id().value(), pool.value(),
                    format(allocation.size()), allocation.from(), allocation.until(), stamp);
        }

        @Override
        public boolean removeAllocation(AllocationId allocation) {
            long stamp = writeVersion();
            return Jdbc.update(em, "UPDATE capacity_allocation SET removed = TRUE, version = ?"
                    + " WHERE id = ? AND pool_id = ? AND removed = FALSE", stamp, allocation.value(), pool.value()) == 1;
        }

        @Override
        public List<QueueEntry> openQueue(String packageName) {
            return Jdbc.query(em, "SELECT " + QUEUE_COLUMNS + " FROM queue_entry WHERE pool_id = ? AND package_name = ?"
                    + " AND status IN " + OPEN_QUEUE + " ORDER BY joined, id", JpaBookingStore::queueEntry,
                    pool.value(), packageName);
        }

        @Override
        public Optional<QueueEntry> findQueueEntry(QueueEntryId id) {
            return Jdbc.query(em, "SELECT " + QUEUE_COLUMNS + " FROM queue_entry WHERE id = ? AND pool_id = ?",
                    JpaBookingStore::queueEntry, id.value(), pool.value()).stream().findFirst();
        }

        @Override
        public void insertQueueEntry(QueueEntry entry) {
            checkPool(entry.pool());
            long stamp = writeVersion();
            Jdbc.update(em, "INSERT INTO queue_entry (" + QUEUE_COLUMNS + ", version)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", entry.id().value(), pool.value(),
                    entry.packageName(), entry.account().value(), Times.millis(entry.length(), "length"),
                    entry.joinedAt(), entry.status().name(), entry.offerExpiresAt(),
                    entry.booking() == null ? null : entry.booking().value(), stamp);
        }

        @Override
        public void updateQueueEntry(QueueEntry entry) {
            checkPool(entry.pool());
            long stamp = writeVersion();
            int updated = Jdbc.update(em, "UPDATE queue_entry SET status = ?, offer_expires = ?, booking_id = ?,"
                            + " version = ? WHERE id = ? AND pool_id = ?", entry.status().name(), entry.offerExpiresAt(),
                    entry.booking() == null ? null : entry.booking().value(), stamp, entry.id().value(), pool.value());
            if (updated == 0) {
                throw new BerthException(ErrorCode.QUEUE_ENTRY_NOT_FOUND, "no queue entry " + entry.id());
            }
        }

        private void checkPool(PoolId other) {
            if (!pool.equals(other)) {
                throw new IllegalArgumentException("a write for pool " + other + " while pool " + pool + " is locked");
            }
        }
    }

    // ---- rows

    private static List<Booking> bookings(EntityManager em, String where, Object... parameters) {
        Map<UUID, BookingRow> rows = new LinkedHashMap<>();
        Jdbc.query(em, "SELECT " + BOOKING_COLUMNS + BOOKING_FROM + where + BOOKING_ORDER, rs -> {
            UUID id = Jdbc.uuid(rs, 1);
            BookingRow row = rows.get(id);
            if (row == null) {
                row = new BookingRow(rs);
                rows.put(id, row);
            }
            row.spans.add(new Span(Jdbc.instant(rs, 9), Jdbc.instant(rs, 10)));
            return null;
        }, parameters);
        return rows.values().stream().map(BookingRow::toBooking).toList();
    }

    /** A booking being read: one result row per span. */
    private static final class BookingRow {
        final BookingId id;
        final PoolId pool;
        final AccountId owner;
        final String packageName;
        final ResourceVector unit;
        final int count;
        final BookingStatus status;
        final Instant created;
        final List<Span> spans = new ArrayList<>();

        BookingRow(ResultSet rs) throws SQLException {
            id = new BookingId(Jdbc.uuid(rs, 1));
            pool = new PoolId(Jdbc.uuid(rs, 2));
            owner = new AccountId(Jdbc.uuid(rs, 3));
            packageName = rs.getString(4);
            unit = parse(rs.getString(5));
            count = rs.getInt(6);
            status = BookingStatus.valueOf(rs.getString(7));
            created = Jdbc.instant(rs, 8);
        }

        Booking toBooking() {
            return new Booking(id, pool, owner, packageName, unit, count, spans, status, created);
        }
    }

    private static Pool pool(ResultSet rs) throws SQLException {
        return new Pool(new PoolId(Jdbc.uuid(rs, 1)), rs.getString(2), SharingMode.valueOf(rs.getString(3)));
    }

    private static CapacityAllocation allocation(ResultSet rs) throws SQLException {
        return new CapacityAllocation(new AllocationId(Jdbc.uuid(rs, 1)), new PoolId(Jdbc.uuid(rs, 2)),
                parse(rs.getString(3)), Jdbc.instant(rs, 4), Jdbc.instant(rs, 5));
    }

    private static QueueEntry queueEntry(ResultSet rs) throws SQLException {
        UUID booking = Jdbc.uuid(rs, 9);
        return new QueueEntry(new QueueEntryId(Jdbc.uuid(rs, 1)), new PoolId(Jdbc.uuid(rs, 2)), rs.getString(3),
                new AccountId(Jdbc.uuid(rs, 4)), Duration.ofMillis(rs.getLong(5)), Jdbc.instant(rs, 6),
                QueueStatus.valueOf(rs.getString(7)), Jdbc.instant(rs, 8), booking == null ? null : new BookingId(booking));
    }

    private static Instant first(Booking booking) {
        return booking.spans().get(0).start();
    }

    private static Instant last(Booking booking) {
        return booking.spans().get(booking.spans().size() - 1).end();
    }

    /** {@code cores=2000,memory=4096}: dimensions in name order, so equal vectors are equal text. */
    static String format(ResourceVector vector) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(vector.amounts()).forEach((name, amount) -> {
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(name).append('=').append(amount);
        });
        return text.toString();
    }

    static ResourceVector parse(String text) {
        Map<String, Long> amounts = new HashMap<>();
        if (!text.isEmpty()) {
            for (String part : text.split(",")) {
                int equals = part.indexOf('=');
                amounts.put(part.substring(0, equals), Long.parseLong(part.substring(equals + 1)));
            }
        }
        return ResourceVector.of(amounts);
    }
}
