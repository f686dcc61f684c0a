package io.berth.booking;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.resource.ResourceVector;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Physical capacity added to a pool for a period. The capacity of a pool at an instant is the sum of the
 * allocations covering it, so a pool can grow for a while (a temporary cluster) or for good.
 *
 * @param size  not negative
 * @param from  first instant covered
 * @param until end (exclusive) of the period, after {@code from}; null for open-ended
 */
public record CapacityAllocation(AllocationId id, PoolId pool, ResourceVector size, Instant from, Instant until) {
    /**
     * @throws BerthException with {@link ErrorCode#INVALID_RESOURCES} for a negative size, with
     *                        {@link ErrorCode#INVALID_PERIOD} when {@code until} is not after {@code from}
     */
    public CapacityAllocation {
        requireNonNull(id, "id is null");
        requireNonNull(pool, "pool is null");
        requireNonNull(size, "size is null");
        if (!size.isNonNegative()) {
            throw new BerthException(ErrorCode.INVALID_RESOURCES, "capacity must not be negative: " + size);
        }
        if (from == null) {
            throw new BerthException(ErrorCode.INVALID_PERIOD, "capacity needs a start");
        }
        if (until != null && !until.isAfter(from)) {
            throw new BerthException(ErrorCode.INVALID_PERIOD, "capacity must end after it starts: " + from + "/" + until);
        }
    }

    /** Whether the capacity stays for good. */
    public boolean isOpenEnded() {
        return until == null;
    }

    /** The end of the period; empty when open-ended. */
    public Optional<Instant> end() {
        return Optional.ofNullable(until);
    }
}
