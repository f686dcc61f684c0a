package io.berth.booking;

import io.berth.core.account.AccountId;
import io.berth.core.error.Checks;

import java.time.Duration;
import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * An account waiting for access to a package on a pool.
 *
 * @param packageName    the package waited for
 * @param length         how long the account asks to have the package once offered; positive, or null when
 *                       it did not say
 * @param joinedAt       when the account joined; the line is in this order
 * @param offerExpiresAt when the offer lapses; set exactly when the status is OFFERED
 * @param booking        the booking that holds capacity for the offer (HELD while OFFERED), once there was an
 *                       offer backed by one; null while WAITING and for offers without a booking
 */
public record QueueEntry(QueueEntryId id, PoolId pool, String packageName, AccountId account, Duration length,
                         Instant joinedAt, QueueStatus status, Instant offerExpiresAt, BookingId booking) {
    public QueueEntry {
        requireNonNull(id, "id is null");
        requireNonNull(pool, "pool is null");
        Checks.required(packageName, "queueEntry.packageName");
        requireNonNull(account, "account is null");
        if (length != null && (length.isNegative() || length.isZero())) {
            throw Checks.invalid("queueEntry.length must be positive: " + length);
        }
        requireNonNull(joinedAt, "joinedAt is null");
        requireNonNull(status, "status is null");
        if ((status == QueueStatus.OFFERED) != (offerExpiresAt != null)) {
            throw new IllegalArgumentException("an offer expiry is set exactly for OFFERED entries: " + status);
        }
        if (status == QueueStatus.WAITING && booking != null) {
            throw new IllegalArgumentException("a WAITING entry holds no booking");
        }
    }

    /** An entry without a length or a booking. */
    public QueueEntry(QueueEntryId id, PoolId pool, String packageName, AccountId account, Instant joinedAt,
                      QueueStatus status, Instant offerExpiresAt) {
        this(id, pool, packageName, account, null, joinedAt, status, offerExpiresAt, null);
    }

    /**
     * This entry in {@code newStatus}, which is not OFFERED (see {@link #offered}); the offer expiry is
     * cleared, the booking kept for the record.
     */
    public QueueEntry withStatus(QueueStatus newStatus) {
        if (requireNonNull(newStatus, "newStatus is null") == QueueStatus.OFFERED) {
            throw new IllegalArgumentException("an offer needs an expiry: use offered(...)");
        }
        return new QueueEntry(id, pool, packageName, account, length, joinedAt, newStatus, null,
                newStatus == QueueStatus.WAITING ? null : booking);
    }

    /**
     * This entry OFFERED until {@code expiresAt}.
     *
     * @param heldBooking the booking holding capacity for the offer; null when the offer has none
     */
    public QueueEntry offered(Instant expiresAt, BookingId heldBooking) {
        return new QueueEntry(id, pool, packageName, account, length, joinedAt, QueueStatus.OFFERED,
                requireNonNull(expiresAt, "expiresAt is null"), heldBooking);
    }
}
