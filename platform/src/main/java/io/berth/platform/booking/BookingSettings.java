package io.berth.platform.booking;

import io.berth.booking.BookingPolicies;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.resource.ResourcePackage;

import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * How the booking service is set up.
 *
 * @param zone      the zone in which days (and so day columns and day-long bookings) are computed
 * @param packages  the packages users may name, in display order (smallest first)
 * @param policies  what each level may book
 * @param offerHold how long an offer of the access queue holds its capacity
 */
public record BookingSettings(ZoneId zone, List<ResourcePackage> packages, BookingPolicies policies,
                              Duration offerHold) {
    public BookingSettings {
        requireNonNull(zone, "zone is null");
        packages = List.copyOf(packages);
        requireNonNull(policies, "policies is null");
        requireNonNull(offerHold, "offerHold is null");
        if (offerHold.isNegative() || offerHold.isZero()) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "the offer hold must be positive: " + offerHold);
        }
        Map<String, ResourcePackage> byName = new LinkedHashMap<>();
        for (ResourcePackage p : packages) {
            if (byName.put(p.name(), p) != null) {
                throw new BerthException(ErrorCode.INVALID_REQUEST, "package '" + p.name() + "' is named twice");
            }
        }
    }

    /** The standard packages, the default policies, days in {@code zone}, offers held for 15 minutes. */
    public static BookingSettings defaults(ZoneId zone) {
        return new BookingSettings(zone, ResourcePackage.standard(), BookingPolicies.defaults(), Duration.ofMinutes(15));
    }

    public BookingSettings withOfferHold(Duration hold) {
        return new BookingSettings(zone, packages, policies, hold);
    }
}
