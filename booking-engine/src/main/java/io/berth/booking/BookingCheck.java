package io.berth.booking;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What {@link BookingPolicies#check} needs to judge a new booking.
 *
 * @param level        the booker's account level
 * @param packageName  the package to book
 * @param spans        the periods, sorted and not overlapping
 * @param ownBookings  the booker's other bookings; only those holding capacity (ACTIVE or HELD) and still
 *                     running or to come at {@code now} count (the check filters), so passing all of them is
 *                     fine; copied
 * @param now          the current instant
 * @param notBefore    the earliest start allowed: {@link BookingEngine} passes the start of the slot
 *                     containing {@code now}, so that the current hour can still be booked
 */
public record BookingCheck(int level, String packageName, List<Span> spans, Collection<Booking> ownBookings, Instant now,
                           Instant notBefore) {
    public BookingCheck {
        requireNonNull(packageName, "packageName is null");
        spans = Booking.checkSpans(spans);
        ownBookings = List.copyOf(ownBookings);
        requireNonNull(now, "now is null");
        requireNonNull(notBefore, "notBefore is null");
    }
}
