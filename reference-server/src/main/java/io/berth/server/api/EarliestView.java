package io.berth.server.api;

import java.time.Instant;

/** The answer to "when can I get it": the earliest start, or null (and {@code found} false) within the search. */
public record EarliestView(String pool, String packageName, int count, long lengthHours, boolean found, Instant start,
                           Instant end, Instant searchedUntil) {
}
