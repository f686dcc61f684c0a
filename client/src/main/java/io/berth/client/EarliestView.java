package io.berth.client;

import java.time.Instant;

/** The earliest start at which a package fits for a length, if any within what the caller may book. */
public record EarliestView(String pool, String packageName, int count, long lengthHours, boolean found, Instant start,
                           Instant end, Instant searchedUntil) {
}
