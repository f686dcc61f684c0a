package io.berth.booking;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What {@link BookingPolicies#check} needs to judge a new booking.
 *
 * @param level           the booker's account level
 * @param packageName     the package to book
 * @param spans           the periods, sorted and not overlapping
 * @param runningBookings how many bookings of the booker hold capacity and have not ended at {@code now}
 *                        (running or still to come); a store counts them without reading them
 * @param now             the current instant
 * @param notBefore       the earliest start allowed: {@link BookingEngine} passes the start of the slot
 *                        containing {@code now}, so that the current hour can still be booked
 */
public record BookingCheck(int level, String packageName, List<Span> spans, long runningBookings, Instant now,
                           Instant notBefore) {
    public BookingCheck {
        requireNonNull(packageName, "packageName is null");
        spans = Booking.checkSpans(spans);
        if (runningBookings < 0) {
            throw new IllegalArgumentException("runningBookings must not be negative: " + runningBookings);
        }
        requireNonNull(now, "now is null");
        requireNonNull(notBefore, "notBefore is null");
    }

    /**
     * A check that counts the booker's running bookings among {@code ownBookings} (any status; only those that
     * hold capacity and have not ended at {@code now} count).
     */
    public static BookingCheck of(int level, String packageName, List<Span> spans, Collection<Booking> ownBookings,
                                  Instant now, Instant notBefore) {
        long running = ownBookings.stream().filter(b -> b.isCurrentAt(now)).count();
        return new BookingCheck(level, packageName, spans, running, now, notBefore);
    }
}
