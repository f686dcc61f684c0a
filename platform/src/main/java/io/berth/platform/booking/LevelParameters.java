package io.berth.platform.booking;

import io.berth.booking.Booking;
import io.berth.booking.BookingId;
import io.berth.booking.BookingStatus;
import io.berth.booking.Span;
import io.berth.core.account.AccountLevels;
import io.berth.core.account.LevelQuotas;
import io.berth.core.account.Principal;
import io.berth.core.catalog.ServicePlan;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.resource.ResourcePackage;
import io.berth.platform.provisioning.ParameterExpander;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Gives a deployment its caller's level, quotas and resource package as parameters, the names a notebook reads
 * (see {@link LevelQuotas#environment(ResourcePackage)}): {@code account.level}, {@code resources.*},
 * {@code quota.*}, {@code retention.*}.
 *
 * <p>The package is the one of a booking when the request's {@code booking} parameter names one: it must be the
 * caller's own, active, and running now; then the deployment also gets {@code booking.start} and
 * {@code booking.end} (ISO-8601 instants of the booked period running now), {@code booking.pool} and
 * {@code booking.package}. Without a booking the package is the level's default one.
 *
 * <p>These names belong to the platform: their values always replace the request's, and a request parameter
 * under one of these prefixes that the platform does not set (a {@code booking.start} without a
 * {@code booking}, say) is refused rather than passed on.
 */
public final class LevelParameters implements ParameterExpander {
    /** The request parameter that names a booking. */
    public static final String BOOKING = "booking";
    private static final List<String> OWNED_PREFIXES = List.of("resources.", "quota.", "retention.", "booking.");
    private static final String LEVEL = "account.level";

    private final AccountLevels levels;
    private final BookingService bookings;

    public LevelParameters(AccountLevels levels, BookingService bookings) {
        this.levels = requireNonNull(levels, "levels is null");
        this.bookings = requireNonNull(bookings, "bookings is null");
    }

    /**
     * @throws BerthException INVALID_REQUEST for a malformed booking id, a booking of a custom package or a
     *                        platform-owned parameter the platform does not set; BOOKING_NOT_FOUND for an unknown
     *                        booking or another account's; BOOKING_NOT_CURRENT for a booking that is cancelled,
     *                        has ended or has not started
     */
    @Override
    public Map<String, String> expand(Principal caller, ServicePlan plan, Map<String, String> parameters) {
        LevelQuotas quotas = levels.quotasFor(caller.level());
        Map<String, String> expanded = new LinkedHashMap<>();
        ResourcePackage pkg;
        String bookingText = parameters.get(BOOKING);
        if (bookingText == null) {
            pkg = bookings.packageNamed(quotas.defaultPackage());
        } else {
            Booking booking = ownBooking(caller, bookingText);
            Span current = currentSpan(booking, bookings.clock().instant());
            if (ResourcePackage.CUSTOM.equals(booking.packageName())) {
                throw new BerthException(ErrorCode.INVALID_REQUEST, "booking " + booking.id() + " is of a custom"
                        + " package, whose worker limits a deployment cannot be given; book a named package");
            }
            pkg = bookings.packageNamed(booking.packageName());
            expanded.put(BOOKING, booking.id().toString());
            expanded.put("booking.start", current.start().toString());
            expanded.put("booking.end", current.end().toString());
            expanded.put("booking.pool", bookings.poolName(booking.pool()));
            expanded.put("booking.package", booking.packageName());
        }
        expanded.putAll(quotas.environment(pkg));
        for (String key : parameters.keySet()) {
            if (!expanded.containsKey(key) && (key.equals(LEVEL) || OWNED_PREFIXES.stream().anyMatch(key::startsWith))) {
                throw new BerthException(ErrorCode.INVALID_REQUEST, "parameter '" + key + "' is set by the platform"
                        + " from the account level and its booking; it cannot be given");
            }
        }
        return expanded;
    }

    private Booking ownBooking(Principal caller, String text) {
        BookingId id;
        try {
            id = BookingId.parse(text);
        } catch (RuntimeException e) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "parameter 'booking' is not a booking id: '"
                    + (text.length() > 64 ? text.substring(0, 64) + "..." : text) + "'");
        }
        // a deployment belongs to its caller, so even an admin can only run it in a booking of their own
        Optional<Booking> booking = bookings.bookings(caller, caller.account()).stream()
                .filter(b -> b.id().equals(id)).findFirst();
        return booking.orElseThrow(() -> new BerthException(ErrorCode.BOOKING_NOT_FOUND, "no booking " + id
                + " of account '" + caller.name() + "'"));
    }

    private static Span currentSpan(Booking booking, Instant now) {
        if (booking.status() != BookingStatus.ACTIVE) {
            throw new BerthException(ErrorCode.BOOKING_NOT_CURRENT, "booking " + booking.id() + " is "
                    + booking.status().name().toLowerCase(java.util.Locale.ROOT) + ", not active");
        }
        for (Span span : booking.spans()) {
            if (!now.isBefore(span.start()) && now.isBefore(span.end())) {
                return span;
            }
        }
        Span last = booking.spans().get(booking.spans().size() - 1);
        if (!now.isBefore(last.end())) {
            throw new BerthException(ErrorCode.BOOKING_NOT_CURRENT, "booking " + booking.id() + " ended at "
                    + last.end());
        }
        Instant next = booking.spans().stream().map(Span::start).filter(now::isBefore).findFirst().orElseThrow();
        throw new BerthException(ErrorCode.BOOKING_NOT_CURRENT, "booking " + booking.id() + " is not running now;"
                + " its next period starts at " + next, Map.of("startsAt", next.toString()));
    }
}
