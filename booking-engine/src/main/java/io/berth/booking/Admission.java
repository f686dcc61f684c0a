package io.berth.booking;

import static java.util.Objects.requireNonNull;

/**
 * A booking request that passed validation and the policy of its level: what to reserve and store, if the
 * capacity is there ({@link AvailabilityIndex#tryReserve}).
 *
 * @param booking the booking to store, ACTIVE, with a new id
 * @param policy  the policy it was checked against
 */
public record Admission(Booking booking, BookingPolicy policy) {
    public Admission {
        requireNonNull(booking, "booking is null");
        requireNonNull(policy, "policy is null");
    }
}
