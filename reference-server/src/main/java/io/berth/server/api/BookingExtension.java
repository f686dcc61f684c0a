package io.berth.server.api;

/** The body of {@code POST /bookings/{id}/extend}: a new end (date or ISO time), or {@code days} or {@code hours} more. */
public record BookingExtension(String end, Integer days, Integer hours) {
}
