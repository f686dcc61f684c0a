package io.berth.booking;

import io.berth.core.error.BerthException;
import io.berth.core.error.Checks;
import io.berth.core.error.ErrorCode;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What accounts of one level may book.
 *
 * @param level                 the account level, not negative
 * @param mayBook               false for levels that may not book at all (level 0 lives on a shared pool)
 * @param maxDurationPerPackage the packages this level may book, each with the longest booking of it (the
 *                              sum of its spans); copied
 * @param maxAhead              how far ahead of now a booking (or an extension) may end
 * @param maxConcurrent         how many bookings may be running or still to come at once
 * @param extensionWindow       how long before its end a booking may be extended
 */
public record BookingPolicy(int level, boolean mayBook, Map<String, Duration> maxDurationPerPackage, Duration maxAhead,
                            int maxConcurrent, Duration extensionWindow) {
    /** @throws BerthException with {@link ErrorCode#INVALID_REQUEST} for a negative level, count or duration */
    public BookingPolicy {
        if (level < 0) {
            throw Checks.invalid("policy.level must not be negative: " + level);
        }
        maxDurationPerPackage = Map.copyOf(requireNonNull(maxDurationPerPackage, "maxDurationPerPackage is null"));
        maxDurationPerPackage.forEach((name, duration) -> {
            if (duration.isNegative() || duration.isZero()) {
                throw Checks.invalid("policy.maxDurationPerPackage." + name + " must be positive: " + duration);
            }
        });
        notNegative(maxAhead, "policy.maxAhead");
        if (maxConcurrent < 0) {
            throw Checks.invalid("policy.maxConcurrent must not be negative: " + maxConcurrent);
        }
        notNegative(extensionWindow, "policy.extensionWindow");
    }

    private static void notNegative(Duration duration, String field) {
        Checks.required(duration, field);
        if (duration.isNegative()) {
            throw Checks.invalid(field + " must not be negative: " + duration);
        }
    }

    /** A policy of a level that may not book. */
    public static BookingPolicy noBooking(int level) {
        return new BookingPolicy(level, false, Map.of(), Duration.ZERO, 0, Duration.ZERO);
    }

    /** Whether this level may book {@code packageName} at all. */
    public boolean allows(String packageName) {
        return mayBook && maxDurationPerPackage.containsKey(packageName);
    }

    /** The longest booking of {@code packageName}, when this level may book it. */
    public Optional<Duration> maxDuration(String packageName) {
        return allows(packageName) ? Optional.of(maxDurationPerPackage.get(packageName)) : Optional.empty();
    }
}
