package io.berth.booking;

import io.berth.core.account.AccountId;
import io.berth.core.error.BerthException;
import io.berth.core.error.Checks;
import io.berth.core.error.ErrorCode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The line of accounts waiting for one package on one pool, as a state machine: entries join WAITING, the
 * head gets an offer that holds for a while (OFFERED), and the offer is accepted (ACCEPTED) or lapses
 * (EXPIRED), after which the next in line can be offered; anyone may leave (LEFT). At most one offer is
 * outstanding at a time.
 *
 * <p>One queue per pool × package: lines are independent, and a caller persisting them locks one line at a
 * time. The queue publishes nothing; a caller turns the entries it returns into notifications.
 *
 * <p>Thread-safe (every method is synchronized on the queue).
 */
public final class AccessQueue {
    private final PoolId pool;
    private final String packageName;
    /** In join order. */
    private final Map<QueueEntryId, QueueEntry> entries = new LinkedHashMap<>();

    /** An empty line for {@code packageName} on {@code pool}. */
    public AccessQueue(PoolId pool, String packageName) {
        this.pool = requireNonNull(pool, "pool is null");
        this.packageName = Checks.required(packageName, "packageName");
    }

    /**
     * A queue holding {@code entries} (of any status), all of one pool and package, in join order (ties by id).
     *
     * @throws BerthException with {@link ErrorCode#INVALID_REQUEST} when an entry is of another line, or two
     *                        entries of one account are in line
     */
    public static AccessQueue restore(PoolId pool, String packageName, Collection<QueueEntry> entries) {
        AccessQueue queue = new AccessQueue(pool, packageName);
        List<QueueEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(QueueEntry::joinedAt).thenComparing(e -> e.id().value()));
        for (QueueEntry entry : sorted) {
            if (!entry.pool().equals(pool) || !entry.packageName().equals(packageName)) {
                throw Checks.invalid("queue entry " + entry.id() + " is of another line");
            }
            if (entry.status().inLine() && queue.inLine(entry.account()).isPresent()) {
                throw Checks.invalid("account " + entry.account() + " is in line twice");
            }
            queue.entries.put(entry.id(), entry);
        }
        return queue;
    }

    /**
     * As {@link #restore(PoolId, String, Collection)}, the line taken from the entries.
     *
     * @throws BerthException with {@link ErrorCode#INVALID_REQUEST} when {@code entries} is empty
     */
    public static AccessQueue restore(Collection<QueueEntry> entries) {
        if (entries.isEmpty()) {
            throw Checks.invalid("cannot tell the line of no entries");
        }
        QueueEntry any = entries.iterator().next();
        return restore(any.pool(), any.packageName(), entries);
    }

    /** The pool of this line. */
    public PoolId pool() {
        return pool;
    }

    /** The package of this line. */
    public String packageName() {
        return packageName;
    }

    /**
     * Puts {@code account} at the end of the line, without saying for how long it wants the package.
     *
     * @throws BerthException with {@link ErrorCode#ALREADY_QUEUED} when it is in line already (waiting or offered)
     */
    public QueueEntry join(AccountId account, Instant now) {
        return join(account, null, now);
    }

    /**
     * Puts {@code account} at the end of the line, asking for the package for {@code length} (null: not said).
     *
     * @throws BerthException with {@link ErrorCode#ALREADY_QUEUED} when it is in line already (waiting or offered)
     */
    public synchronized QueueEntry join(AccountId account, Duration length, Instant now) {
        requireNonNull(account, "account is null");
        requireNonNull(now, "now is null");
        Optional<QueueEntry> present = inLine(account);
        if (present.isPresent()) {
            throw new BerthException(ErrorCode.ALREADY_QUEUED,
                    "already in line for " + packageName + " on pool " + pool + " at position "
                            + position(present.get().id()),
                    Map.of("entry", present.get().id().toString()));
        }
        QueueEntry entry = new QueueEntry(QueueEntryId.random(), pool, packageName, account, length, now, QueueStatus.WAITING,
                null, null);
        entries.put(entry.id(), entry);
        return entry;
    }

    private Optional<QueueEntry> inLine(AccountId account) {
        return entries.values().stream().filter(e -> e.account().equals(account) && e.status().inLine()).findFirst();
    }

    /**
     * The 1-based place of the entry among the entries in line (waiting or offered), in join order; 0 when
     * the entry is no longer in line.
     *
     * @throws BerthException with {@link ErrorCode#QUEUE_ENTRY_NOT_FOUND} for an unknown entry
     */
    public synchronized int position(QueueEntryId id) {
        QueueEntry entry = entry(id);
        if (!entry.status().inLine()) {
            return 0;
        }
        int position = 0;
        for (QueueEntry other : entries.values()) {
            if (other.status().inLine()) {
                position++;
            }
            if (other.id().equals(id)) {
                break;
            }
        }
        return position;
    }

    /**
     * Takes the entry out of the line (its offer, if any, goes with it). An entry no longer in line is
     * returned unchanged.
     *
     * @throws BerthException with {@link ErrorCode#QUEUE_ENTRY_NOT_FOUND} for an unknown entry
     */
    public synchronized QueueEntry leave(QueueEntryId id) {
        QueueEntry entry = entry(id);
        if (!entry.status().inLine()) {
            return entry;
        }
        return put(entry.withStatus(QueueStatus.LEFT));
    }

    /**
     * Offers access to the first WAITING entry, holding for {@code hold}, unless an offer is outstanding (an
     * OFFERED entry, even one past its expiry: {@link #expireOffers} first).
     *
     * @return the entry now OFFERED; empty when an offer is outstanding or nobody waits
     */
    public Optional<QueueEntry> offerNext(Instant now, Duration hold) {
        return offerNext(now, hold, null);
    }

    /**
     * As {@link #offerNext(Instant, Duration)}, the offer backed by {@code heldBooking} (a HELD booking the
     * caller made for the head of the line; null for none).
     */
    public synchronized Optional<QueueEntry> offerNext(Instant now, Duration hold, BookingId heldBooking) {
        requireNonNull(now, "now is null");
        Checks.positive(hold, "hold", Duration.ofDays(365));
        QueueEntry head = null;
        for (QueueEntry entry : entries.values()) {
            if (entry.status() == QueueStatus.OFFERED) {
                return Optional.empty();
            }
            if (head == null && entry.status() == QueueStatus.WAITING) {
                head = entry;
            }
        }
        return head == null ? Optional.empty() : Optional.of(put(head.offered(now.plus(hold), heldBooking)));
    }

    /** Marks EXPIRED every offer whose expiry is at or before {@code now}; returns them. */
    public synchronized List<QueueEntry> expireOffers(Instant now) {
        requireNonNull(now, "now is null");
        List<QueueEntry> expired = new ArrayList<>();
        for (QueueEntry entry : List.copyOf(entries.values())) {
            if (entry.status() == QueueStatus.OFFERED && !entry.offerExpiresAt().isAfter(now)) {
                expired.add(put(entry.withStatus(QueueStatus.EXPIRED)));
            }
        }
        return expired;
    }

    /**
     * Accepts the entry's offer.
     *
     * @throws BerthException with {@link ErrorCode#NO_OFFER} when the entry has no offer or it has lapsed at
     *                        {@code now}; {@link ErrorCode#QUEUE_ENTRY_NOT_FOUND} for an unknown entry
     */
    public synchronized QueueEntry accept(QueueEntryId id, Instant now) {
        requireNonNull(now, "now is null");
        QueueEntry entry = entry(id);
        if (entry.status() != QueueStatus.OFFERED || !now.isBefore(entry.offerExpiresAt())) {
            throw new BerthException(ErrorCode.NO_OFFER, "queue entry " + id + " holds no offer"
                    + (entry.status() == QueueStatus.OFFERED ? " any more: it lapsed at " + entry.offerExpiresAt() : ""));
        }
        return put(entry.withStatus(QueueStatus.ACCEPTED));
    }

    /**
     * The entry {@code id}.
     *
     * @throws BerthException with {@link ErrorCode#QUEUE_ENTRY_NOT_FOUND} for an unknown entry
     */
    public synchronized QueueEntry entry(QueueEntryId id) {
        QueueEntry entry = entries.get(requireNonNull(id, "id is null"));
        if (entry == null) {
            throw new BerthException(ErrorCode.QUEUE_ENTRY_NOT_FOUND, "no queue entry " + id);
        }
        return entry;
    }

    /** Every entry, final ones included, in join order. */
    public synchronized List<QueueEntry> entries() {
        return List.copyOf(entries.values());
    }

    /** The head of the line: the first WAITING entry, if any (whether or not an offer is outstanding). */
    public synchronized Optional<QueueEntry> nextWaiting() {
        return entries.values().stream().filter(e -> e.status() == QueueStatus.WAITING).findFirst();
    }

    /** The entries in line (waiting or offered), in order. */
    public synchronized List<QueueEntry> line() {
        return entries.values().stream().filter(e -> e.status().inLine()).toList();
    }

    private QueueEntry put(QueueEntry entry) {
        entries.put(entry.id(), entry);
        return entry;
    }
}
