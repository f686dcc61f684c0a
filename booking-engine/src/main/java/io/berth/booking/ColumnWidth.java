package io.berth.booking;

/** What one column of an {@link AvailabilityGrid} covers. */
public enum ColumnWidth {
    /** One hour slot, labelled like {@code 14:00}. */
    HOUR,
    /** One local day, labelled {@code Mon}, {@code Tue}, ... */
    DAY,
    /** One ISO week (Monday to Sunday, local days), labelled by its Monday, like {@code May25}. */
    WEEK
}
