package io.berth.booking;

import io.berth.core.account.AccountId;
import io.berth.core.error.BerthException;
import io.berth.core.error.Checks;
import io.berth.core.error.ErrorCode;
import io.berth.core.resource.ResourceVector;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A reservation of {@code count} units of a package in a pool, for one or more periods (several spans book
 * interruptible work: weekends, nights).
 *
 * @param packageName the package's name ({@code [a-z][a-z0-9-]{0,31}})
 * @param unit        what one unit reserves (the package's total when booked); not negative, not zero
 * @param count       units, 1 to {@value #MAX_COUNT}
 * @param spans       1 to {@value #MAX_SPANS} periods, sorted, not overlapping (they may touch); copied
 * @param createdAt   when the booking was admitted
 */
public record Booking(BookingId id, PoolId pool, AccountId owner, String packageName, ResourceVector unit, int count,
                      List<Span> spans, BookingStatus status, Instant createdAt) {
    /** The most units one booking holds. */
    public static final int MAX_COUNT = 10_000;
    /** The most periods one booking holds. */
    public static final int MAX_SPANS = 1_000;

    private static final Pattern PACKAGE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    /**
     * @throws BerthException with {@link ErrorCode#INVALID_PERIOD} for missing, unsorted or overlapping spans,
     *                        with {@link ErrorCode#INVALID_RESOURCES} for a bad unit or count, with
     *                        {@link ErrorCode#INVALID_REQUEST} for a malformed package name
     */
    public Booking {
        requireNonNull(id, "id is null");
        requireNonNull(pool, "pool is null");
        requireNonNull(owner, "owner is null");
        if (packageName == null || !PACKAGE_NAME.matcher(packageName).matches()) {
            throw Checks.invalid("booking.packageName is not a package name: '" + packageName + "'");
        }
        requireNonNull(unit, "unit is null");
        if (unit.isZero() || !unit.isNonNegative()) {
            throw new BerthException(ErrorCode.INVALID_RESOURCES, "a booked unit must be positive: " + unit);
        }
        if (count < 1 || count > MAX_COUNT) {
            throw new BerthException(ErrorCode.INVALID_RESOURCES,
                    "a booking holds 1 to " + MAX_COUNT + " units: " + count);
        }
        spans = checkSpans(spans);
        requireNonNull(status, "status is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    /**
     * Copies {@code spans} after checking that they are sorted and do not overlap.
     *
     * @throws BerthException with {@link ErrorCode#INVALID_PERIOD} otherwise
     */
    public static List<Span> checkSpans(List<Span> spans) {
        if (spans == null || spans.isEmpty()) {
            throw new BerthException(ErrorCode.INVALID_PERIOD, "a booking needs at least one period");
        }
        if (spans.size() > MAX_SPANS) {
            throw new BerthException(ErrorCode.INVALID_PERIOD, "a booking holds at most " + MAX_SPANS + " periods");
        }
        List<Span> copy = List.copyOf(spans);
        for (int i = 1; i < copy.size(); i++) {
            if (copy.get(i).start().isBefore(copy.get(i - 1).end())) {
                throw new BerthException(ErrorCode.INVALID_PERIOD,
                        "periods must be sorted and must not overlap: " + copy.get(i - 1) + ", " + copy.get(i));
            }
        }
        return copy;
    }

    /** What the booking reserves at each instant of its spans: {@code unit × count}. */
    public ResourceVector total() {
        return unit.times(count);
    }

    /** Start of the first span. */
    public Instant start() {
        return spans.get(0).start();
    }

    /** End of the last span. */
    public Instant end() {
        return spans.get(spans.size() - 1).end();
    }

    /** The sum of the spans' durations. */
    public Duration bookedDuration() {
        Duration sum = Duration.ZERO;
        for (Span span : spans) {
            sum = sum.plus(span.duration());
        }
        return sum;
    }

    /** Whether this holds capacity (ACTIVE or HELD) and is not over at {@code now}: it is running or still to come. */
    public boolean isCurrentAt(Instant now) {
        return status.holdsCapacity() && end().isAfter(now);
    }

    /** This booking in {@code newStatus}. */
    public Booking withStatus(BookingStatus newStatus) {
        return new Booking(id, pool, owner, packageName, unit, count, spans, newStatus, createdAt);
    }

    /**
     * This booking over {@code newSpans}.
     *
     * @throws BerthException with {@link ErrorCode#INVALID_PERIOD} for missing, unsorted or overlapping spans
     */
    public Booking withSpans(List<Span> newSpans) {
        return new Booking(id, pool, owner, packageName, unit, count, newSpans, status, createdAt);
    }
}
