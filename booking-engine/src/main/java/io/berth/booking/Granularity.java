package io.berth.booking;

/**
 * The unit in which a booking period is chosen. The engine itself always works in hour slots
 * ({@link SlotCalendar}); a day is the 23, 24 or 25 slots of a local date.
 */
public enum Granularity {
    /** Local days of the calendar's zone, from start of day to start of the next day. */
    DAY,
    /** Hour slots. */
    HOUR
}
