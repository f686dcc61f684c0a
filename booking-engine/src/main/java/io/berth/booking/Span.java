package io.berth.booking;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;

import java.time.Duration;
import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A half-open period {@code [start, end)}.
 *
 * @throws BerthException with {@link ErrorCode#INVALID_PERIOD} unless {@code end} is after {@code start}
 */
public record Span(Instant start, Instant end) {
    public Span {
        if (start == null || end == null) {
            throw new BerthException(ErrorCode.INVALID_PERIOD, "a period needs a start and an end");
        }
        if (!end.isAfter(start)) {
            throw new BerthException(ErrorCode.INVALID_PERIOD, "a period must end after it starts: " + start + "/" + end);
        }
    }

    /** How long the period lasts. */
    public Duration duration() {
        return Duration.between(start, end);
    }

    /** Whether the two periods share an instant (touching periods do not). */
    public boolean overlaps(Span other) {
        requireNonNull(other, "other is null");
        return start.isBefore(other.end) && other.start.isBefore(end);
    }

    /** Whether {@code instant} is in {@code [start, end)}. */
    public boolean contains(Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(end);
    }

    /** ISO 8601 interval, {@code start/end}. */
    @Override
    public String toString() {
        return start + "/" + end;
    }
}
