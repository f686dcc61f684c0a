package io.berth.booking;

import io.berth.core.account.AccountId;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.resource.ResourcePackage;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A request to book {@code count} units of a package in a pool for some periods.
 *
 * @param level the owner's account level, which decides the {@link BookingPolicy}
 * @param pkg   the package; one unit reserves {@link ResourcePackage#total()}
 * @param count units, 1 to {@value Booking#MAX_COUNT}
 * @param spans periods, sorted and not overlapping; copied
 */
public record BookingRequest(PoolId pool, AccountId owner, int level, ResourcePackage pkg, int count, List<Span> spans) {
    /**
     * @throws BerthException with {@link ErrorCode#INVALID_RESOURCES} for a bad count, with
     *                        {@link ErrorCode#INVALID_PERIOD} for missing, unsorted or overlapping spans
     */
    public BookingRequest {
        requireNonNull(pool, "pool is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(pkg, "pkg is null");
        if (count < 1 || count > Booking.MAX_COUNT) {
            throw new BerthException(ErrorCode.INVALID_RESOURCES, "a booking holds 1 to " + Booking.MAX_COUNT + " units: " + count);
        }
        spans = Booking.checkSpans(spans);
    }
}
