package io.berth.server.api;

import io.berth.booking.QueueEntry;

import java.time.Instant;

/**
 * A place in the access queue. {@code position} counts from 1 while the entry waits or holds an offer, and is 0
 * afterwards; {@code booking} is the capacity held for an offer.
 */
public record QueueView(String id, String pool, String packageName, String status, int position, Instant joined,
                        long lengthHours, Instant offerExpiresAt, String booking, String message) {

    public static QueueView of(QueueEntry entry, String poolName, int position) {
        String message = switch (entry.status()) {
            case WAITING -> "You are in position " + position + " of the queue.";
            case OFFERED -> "A " + entry.packageName() + " package is held for you until " + entry.offerExpiresAt()
                    + "; accept the offer to book it.";
            case ACCEPTED -> "You accepted the offer; the booking is yours.";
            case EXPIRED -> "The offer expired and passed to the next in the queue.";
            case LEFT -> "You left the queue.";
        };
        return new QueueView(entry.id().toString(), poolName, entry.packageName(), entry.status().name(), position,
                entry.joinedAt(), entry.length().toHours(), entry.offerExpiresAt(),
                entry.booking() == null ? null : entry.booking().toString(), message);
    }
}
