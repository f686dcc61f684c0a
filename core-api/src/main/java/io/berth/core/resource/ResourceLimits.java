package io.berth.core.resource;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;

/**
 * The limits of one worker (a notebook worker or a Spark worker) in a {@link ResourcePackage}.
 *
 * @param milliCores processor cores in millicores (1000 = one core), not negative
 * @param memoryMiB  memory in MiB, not negative
 */
public record ResourceLimits(long milliCores, long memoryMiB) {
    /** @throws BerthException with {@link ErrorCode#INVALID_RESOURCES} when an amount is negative */
    public ResourceLimits {
        if (milliCores < 0 || memoryMiB < 0) {
            throw new BerthException(ErrorCode.INVALID_RESOURCES,
                    "worker limits must not be negative: cores=" + milliCores + "m memory=" + memoryMiB + "Mi");
        }
    }

    /** Whole cores and GiB, the way packages are usually written down. */
    public static ResourceLimits ofCoresAndGiB(long cores, long memoryGiB) {
        return new ResourceLimits(Math.multiplyExact(cores, 1000), Math.multiplyExact(memoryGiB, 1024));
    }

    /** These limits as a vector of {@link ResourceVector#CORES} and {@link ResourceVector#MEMORY}. */
    public ResourceVector toVector() {
        return ResourceVector.of(milliCores, memoryMiB, 0);
    }
}
