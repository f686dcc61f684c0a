package io.berth.booking;

import io.berth.core.error.BerthException;
import io.berth.core.error.Checks;
import io.berth.core.error.ErrorCode;
import io.berth.core.resource.ResourcePackage;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * The booking rules per account level, and the checks that apply them.
 *
 * <p>A level without a policy of its own gets the policy of the highest configured level below it; so the
 * highest configured level is "level n" and covers every level above it.
 *
 * <p>Every refusal is a {@link BerthException} whose message names the rule and whose details hold
 * {@code rule} (one of {@value #MAX_DURATION}, {@value #MAX_AHEAD}, {@value #MAX_CONCURRENT},
 * {@value #EXTENSION_WINDOW}, {@value #PACKAGE_NOT_ALLOWED}, {@value #PAST_START}) and {@code level}. The
 * code is {@link ErrorCode#LEVEL_NOT_ALLOWED} for {@value #PACKAGE_NOT_ALLOWED} (the level may not book
 * the package, or may not book at all) and {@link ErrorCode#BOOKING_POLICY_VIOLATED} for the others.
 *
 * <p>Immutable and thread-safe.
 */
public final class BookingPolicies {
    /** Rule: a booking (the sum of its spans) is longer than its package's maximum for the level. */
    public static final String MAX_DURATION = "max-duration";
    /** Rule: a booking or an extension would end further ahead of now than the level may book. */
    public static final String MAX_AHEAD = "max-ahead";
    /** Rule: the booker would hold more bookings running or to come than the level may. */
    public static final String MAX_CONCURRENT = "max-concurrent";
    /** Rule: an extension outside the window before the booking's end (or after it ended). */
    public static final String EXTENSION_WINDOW = "extension-window";
    /** Rule: the level may not book this package, or may not book at all. */
    public static final String PACKAGE_NOT_ALLOWED = "package-not-allowed";
    /** Rule: a booking would start before the slot that contains now. */
    public static final String PAST_START = "past-start";

    private final NavigableMap<Integer, BookingPolicy> byLevel;

    /** @throws BerthException with {@link ErrorCode#INVALID_REQUEST} when empty or when two policies share a level */
    public BookingPolicies(Collection<BookingPolicy> policies) {
        TreeMap<Integer, BookingPolicy> levels = new TreeMap<>();
        for (BookingPolicy policy : policies) {
            if (levels.put(policy.level(), policy) != null) {
                throw Checks.invalid("two booking policies for level " + policy.level());
            }
        }
        if (levels.isEmpty()) {
            throw Checks.invalid("at least one booking policy is needed");
        }
        this.byLevel = levels;
    }

    /**
     * The default rules:
     * <ul>
     *   <li>level 0 may not book (it gets the tiny package on a shared pool);</li>
     *   <li>level 1: small up to 14 days, medium up to 7, large up to 3; bookings end at most 30 days ahead;
     *       2 at once; extensions in the last 2 days of a booking;</li>
     *   <li>level 2 and above ("level n"): tiny, small, medium, large and custom, each up to 30 days; 90 days
     *       ahead; 5 at once; extensions in the last 7 days.</li>
     * </ul>
     */
    public static BookingPolicies defaults() {
        Map<String, Duration> levelN = new LinkedHashMap<>();
        for (ResourcePackage standard : ResourcePackage.standard()) {
            levelN.put(standard.name(), Duration.ofDays(30));
        }
        levelN.put(ResourcePackage.CUSTOM, Duration.ofDays(30));
        return new BookingPolicies(List.of(
                BookingPolicy.noBooking(0),
                new BookingPolicy(1, true,
                        Map.of("small", Duration.ofDays(14), "medium", Duration.ofDays(7), "large", Duration.ofDays(3)),
                        Duration.ofDays(30), 2, Duration.ofDays(2)),
                new BookingPolicy(2, true, levelN, Duration.ofDays(90), 5, Duration.ofDays(7))));
    }

    /** The configured policies, by level. */
    public Collection<BookingPolicy> policies() {
        return List.copyOf(byLevel.values());
    }

    /**
     * The policy that applies to {@code level}.
     *
     * @throws BerthException with {@link ErrorCode#LEVEL_NOT_ALLOWED} when no policy is at or below it
     */
    public BookingPolicy policyFor(int level) {
        Map.Entry<Integer, BookingPolicy> entry = byLevel.floorEntry(level);
        if (entry == null) {
            throw refuse(ErrorCode.LEVEL_NOT_ALLOWED, PACKAGE_NOT_ALLOWED, level, "accounts of level " + level + " may not book",
                    Map.of());
        }
        return entry.getValue();
    }

    /**
     * Checks a new booking against the policy of its level: that the level may book the package, that it
     * does not start before {@link BookingCheck#notBefore}, lasts no longer than the package's maximum (the
     * sum of its spans), ends at most {@code maxAhead} after now, and that the booker does not then hold more
     * than {@code maxConcurrent} bookings running or to come.
     *
     * @throws BerthException as described in the class comment; nothing when the booking is allowed
     */
    public void check(BookingCheck check) {
        requireNonNull(check, "check is null");
        int level = check.level();
        BookingPolicy policy = allowing(level, check.packageName());
        Instant start = check.spans().get(0).start();
        Instant end = check.spans().get(check.spans().size() - 1).end();
        if (start.isBefore(check.notBefore())) {
            throw refuse(ErrorCode.BOOKING_POLICY_VIOLATED, PAST_START, level,
                    "a booking may not start in the past: " + start + " is before " + check.notBefore(),
                    Map.of("notBefore", check.notBefore().toString()));
        }
        Duration booked = Duration.ZERO;
        for (Span span : check.spans()) {
            booked = booked.plus(span.duration());
        }
        checkDuration(policy, check.packageName(), booked);
        checkAhead(policy, end, check.now());
        long running = check.runningBookings();
        if (running + 1 > policy.maxConcurrent()) {
            throw refuse(ErrorCode.BOOKING_POLICY_VIOLATED, MAX_CONCURRENT, level,
                    "accounts of level " + level + " may hold at most " + policy.maxConcurrent()
                            + " bookings running or to come, and hold " + running,
                    Map.of("limit", Integer.toString(policy.maxConcurrent())));
        }
    }

    /**
     * Checks extending {@code booking} so that its last span ends at {@code newEnd}: the level may still book
     * the package, it is the last {@code extensionWindow} of the booking (and the booking has not ended),
     * the booking stays within the package's maximum duration, and it ends at most {@code maxAhead} after
     * now.
     *
     * @throws BerthException as described in the class comment; nothing when the extension is allowed
     */
    public void checkExtension(int level, Booking booking, Instant newEnd, Instant now) {
        requireNonNull(booking, "booking is null");
        requireNonNull(newEnd, "newEnd is null");
        requireNonNull(now, "now is null");
        BookingPolicy policy = allowing(level, booking.packageName());
        Instant end = booking.end();
        Instant opens = end.minus(policy.extensionWindow());
        if (now.isBefore(opens) || !now.isBefore(end)) {
            throw refuse(ErrorCode.BOOKING_POLICY_VIOLATED, EXTENSION_WINDOW, level,
                    "a booking may be extended only in the " + describe(policy.extensionWindow())
                            + " before it ends (" + opens + " to " + end + ")",
                    Map.of("opens", opens.toString(), "closes", end.toString()));
        }
        Duration booked = booking.bookedDuration().plus(Duration.between(end, newEnd));
        checkDuration(policy, booking.packageName(), booked);
        checkAhead(policy, newEnd, now);
    }

    private BookingPolicy allowing(int level, String packageName) {
        BookingPolicy policy = policyFor(level);
        if (!policy.mayBook()) {
            throw refuse(ErrorCode.LEVEL_NOT_ALLOWED, PACKAGE_NOT_ALLOWED, level,
                    "accounts of level " + level + " may not book", Map.of("package", packageName));
        }
        if (!policy.allows(packageName)) {
            throw refuse(ErrorCode.LEVEL_NOT_ALLOWED, PACKAGE_NOT_ALLOWED, level,
                    "accounts of level " + level + " may not book the " + packageName + " package",
                    Map.of("package", packageName));
        }
        return policy;
    }

    private static final Duration DST_ALLOWANCE = Duration.ofHours(1);

    private static void checkDuration(BookingPolicy policy, String packageName, Duration booked) {
        Duration max = policy.maxDurationPerPackage().get(packageName);
        // A limit in days allows the hour a daylight-saving change adds to a run of local days (3 days across
        // the autumn change are 73 hours).
        Duration allowed = max.toHours() % 24 == 0 ? max.plus(DST_ALLOWANCE) : max;
        if (booked.compareTo(allowed) > 0) {
            throw refuse(ErrorCode.BOOKING_POLICY_VIOLATED, MAX_DURATION, policy.level(),
                    "accounts of level " + policy.level() + " may book the " + packageName + " package for at most "
                            + describe(max) + ", not " + describe(booked),
                    Map.of("package", packageName, "limit", max.toString()));
        }
    }

    private static void checkAhead(BookingPolicy policy, Instant end, Instant now) {
        Instant latest = now.plus(policy.maxAhead());
        if (end.isAfter(latest)) {
            throw refuse(ErrorCode.BOOKING_POLICY_VIOLATED, MAX_AHEAD, policy.level(),
                    "accounts of level " + policy.level() + " may book up to " + describe(policy.maxAhead())
                            + " ahead: the booking would end at " + end + ", after " + latest,
                    Map.of("limit", policy.maxAhead().toString(), "latestEnd", latest.toString()));
        }
    }

    private static BerthException refuse(ErrorCode code, String rule, int level, String message,
                                         Map<String, String> more) {
        Map<String, String> details = new LinkedHashMap<>(more);
        details.put("rule", rule);
        details.put("level", Integer.toString(level));
        return new BerthException(code, rule + ": " + message, details);
    }

    /** "3 days", "36 hours", "90 minutes": whole units people read at a glance. */
    static String describe(Duration duration) {
        if (duration.isZero()) {
            return "0 hours";
        }
        if (duration.toHours() % 24 == 0 && duration.equals(Duration.ofDays(duration.toDays()))) {
            return plural(duration.toDays(), "day");
        }
        if (duration.equals(Duration.ofHours(duration.toHours()))) {
            return plural(duration.toHours(), "hour");
        }
        return plural(duration.toMinutes(), "minute");
    }

    private static String plural(long amount, String unit) {
        return amount + " " + unit + (amount == 1 ? "" : "s");
    }
}
