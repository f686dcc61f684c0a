package io.berth.store.jpa;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** How instants and durations are stored. */
final class Times {
    private Times() {
    }

    /**
     * PostgreSQL keeps microseconds and rounds finer instants; truncating before writing makes both databases
     * return exactly what a caller can predict, and comparisons in queries agree with what was read back.
     */
    static Instant stored(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Durations are stored as whole milliseconds. A finer one is refused rather than silently changed, so that
     * a stored configuration always reads back equal to what was given.
     */
    static long millis(Duration duration, String field) {
        if (duration.getNano() % 1_000_000 != 0) {
            throw new BerthException(ErrorCode.INVALID_REQUEST,
                    field + " must be a whole number of milliseconds: " + duration);
        }
        return duration.toMillis();
    }
}
