package io.berth.booking;

/** Where an {@link QueueEntry} stands. WAITING and OFFERED are in line; the others are final. */
public enum QueueStatus {
    /** In line, no offer yet. */
    WAITING,
    /** At the head of the line with an offer that holds until {@link QueueEntry#offerExpiresAt()}. */
    OFFERED,
    /** Took the offer. */
    ACCEPTED,
    /** Let the offer lapse. */
    EXPIRED,
    /** Left the line. */
    LEFT;

    /** Whether the entry still counts in the line. */
    public boolean inLine() {
        return this == WAITING || this == OFFERED;
    }
}
