package io.berth.platform.booking;

import io.berth.booking.Booking;
import io.berth.booking.QueueEntry;

/**
 * What other components may subscribe to: bookings made, changed and ended, and offers of the access queue.
 * Called after the change is committed, on the thread that made it; a listener must return quickly and must not
 * throw (what it throws is logged and dropped). Several processes sharing one database each call their own
 * listeners for the changes they make.
 */
public interface BookingListener {

    /** A booking was admitted (from a request or an accepted offer), extended or cancelled. */
    default void bookingChanged(Booking booking) {
    }

    /** The head of a queue got an offer: {@code held} is the capacity held for it until the offer expires. */
    default void offered(QueueEntry entry, Booking held) {
    }

    /** An offer was not taken in time and passes to the next in the queue. */
    default void offerExpired(QueueEntry entry) {
    }
}
