package io.berth.client;

import java.time.Instant;

/** A place in the access queue; {@code message} says it in words ("You are in position 1 of the queue."). */
public record QueueView(String id, String pool, String packageName, String status, int position, Instant joined,
                        long lengthHours, Instant offerExpiresAt, String booking, String message) {
}
