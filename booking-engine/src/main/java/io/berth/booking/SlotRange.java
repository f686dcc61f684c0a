package io.berth.booking;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;

/**
 * A half-open range of hour slots {@code [from, to)} of a {@link SlotCalendar}; may be empty.
 */
public record SlotRange(long from, long to) {
    /** @throws BerthException with {@link ErrorCode#INVALID_PERIOD} when {@code to < from} */
    public SlotRange {
        if (to < from) {
            throw new BerthException(ErrorCode.INVALID_PERIOD, "a slot range must not end before it starts: " + from + ".." + to);
        }
    }

    /** The number of slots. */
    public long length() {
        return to - from;
    }

    /** Whether the range has no slot. */
    public boolean isEmpty() {
        return to == from;
    }
}
