package io.berth.booking;

/** Whether a booking holds capacity, and why. */
public enum BookingStatus {
    /** Admitted: holds its capacity for its spans (including those in the past). */
    ACTIVE,
    /** Released; kept for history. */
    CANCELLED,
    /**
     * Holds capacity for an offer of the access queue that has not been taken yet: becomes ACTIVE when the
     * offer is accepted, CANCELLED when it lapses.
     */
    HELD;

    /** Whether a booking in this status reserves its spans: ACTIVE and HELD do. */
    public boolean holdsCapacity() {
        return this != CANCELLED;
    }
}
