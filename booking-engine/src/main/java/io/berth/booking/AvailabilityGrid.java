package io.berth.booking;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * How many units of each package fit, column by column (hours, days or weeks of the calendar's zone): the
 * answer to "what is available this week" and the data behind the booking calendar.
 *
 * <p>A unit fits a column when it fits at every slot of the column, so a count is the minimum over the
 * column's slots.
 *
 * @param pool         the pool the grid is about
 * @param zone         the zone of the columns' local days
 * @param width        what one column covers
 * @param columnStarts the first instant of each column, ascending
 * @param end          the end (exclusive) of the last column
 * @param labels       one per column: {@code Mon} for days, {@code May25} (the Monday) for weeks, {@code 14:00} for hours
 * @param rows         one per package, in the order asked for
 */
public record AvailabilityGrid(PoolId pool, ZoneId zone, ColumnWidth width, List<Instant> columnStarts, Instant end,
                               List<String> labels, List<Row> rows) {
    /** The cell of a column where at least one unit fits. */
    public static final char FREE = '=';
    /** The cell of a column where no unit fits. */
    public static final char FULL = '-';
    /** The cell of a column that one's own booking of the package covers. */
    public static final char OWN = '#';

    public AvailabilityGrid {
        requireNonNull(pool, "pool is null");
        requireNonNull(zone, "zone is null");
        requireNonNull(width, "width is null");
        columnStarts = List.copyOf(columnStarts);
        requireNonNull(end, "end is null");
        labels = List.copyOf(labels);
        rows = List.copyOf(rows);
        if (labels.size() != columnStarts.size()) {
            throw new IllegalArgumentException("one label per column");
        }
        for (Row row : rows) {
            if (row.counts.length != columnStarts.size()) {
                throw new IllegalArgumentException("one count per column in row " + row.packageName);
            }
        }
    }

    /**
     * One package's counts.
     *
     * @param counts     units that fit, one per column (copied; 0 when none fit)
     * @param ownColumns columns that one's own booking of this package covers, marked by {@link #withOwnBookings}
     */
    public record Row(String packageName, long[] counts, Set<Integer> ownColumns) {
        public Row {
            requireNonNull(packageName, "packageName is null");
            counts = counts.clone();
            ownColumns = Set.copyOf(ownColumns);
        }

        /** A copy of the counts. */
        @Override
        public long[] counts() {
            return counts.clone();
        }

        /** Units that fit in {@code column}. */
        public long count(int column) {
            return counts[column];
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Row that && packageName.equals(that.packageName)
                    && Arrays.equals(counts, that.counts) && ownColumns.equals(that.ownColumns);
        }

        @Override
        public int hashCode() {
            return packageName.hashCode() * 31 + Arrays.hashCode(counts) * 17 + ownColumns.hashCode();
        }

        @Override
        public String toString() {
            return packageName + Arrays.toString(counts) + (ownColumns.isEmpty() ? "" : " own " + new TreeSet<>(ownColumns));
        }
    }

    /** The number of columns. */
    public int columns() {
        return columnStarts.size();
    }

    /** The end (exclusive) of {@code column}. */
    public Instant columnEnd(int column) {
        return column + 1 < columnStarts.size() ? columnStarts.get(column + 1) : end;
    }

    /** The row of {@code packageName}. */
    public Row row(String packageName) {
        for (Row row : rows) {
            if (row.packageName.equals(packageName)) {
                return row;
            }
        }
        throw new IllegalArgumentException("no row for package " + packageName);
    }

    /** Units of {@code packageName} that fit in {@code column}. */
    public long count(String packageName, int column) {
        return row(packageName).count(column);
    }

    /**
     * This grid with the columns marked that {@code bookings} of this pool cover, per package: a column is
     * marked in the row of a booking's package when a span of a booking that holds capacity (ACTIVE or HELD)
     * overlaps it. Other pools' bookings and cancelled ones are ignored.
     */
    public AvailabilityGrid withOwnBookings(Collection<Booking> bookings) {
        List<Row> marked = new ArrayList<>(rows.size());
        for (Row row : rows) {
            Set<Integer> own = new TreeSet<>(row.ownColumns);
            for (Booking booking : bookings) {
                if (booking.pool().equals(pool) && booking.status().holdsCapacity()
                        && booking.packageName().equals(row.packageName)) {
                    for (Span span : booking.spans()) {
                        markOverlapped(span, own);
                    }
                }
            }
            marked.add(new Row(row.packageName, row.counts, own));
        }
        return new AvailabilityGrid(pool, zone, width, columnStarts, end, labels, marked);
    }

    private void markOverlapped(Span span, Set<Integer> own) {
        for (int column = 0; column < columns(); column++) {
            if (span.start().isBefore(columnEnd(column)) && columnStarts.get(column).isBefore(span.end())) {
                own.add(column);
            }
        }
    }

    /**
     * The grid as text, one row per package in order, then the labels:
     *
     * <pre>
     * large  --- --- --- --- --- === ===
     * medium === --- --- --- === === ===
     * small  === === --- ### ### === ===
     * tiny   === === === === === === ===
     *        Mon Tue Wed Thu Fri Sat Sun
     * </pre>
     *
     * Package names are padded on the right to a common width plus one space; a cell is as wide as the widest
     * label and shows {@value #OWN} where one's own booking covers the column, else {@value #FREE} when at
     * least one unit fits, else {@value #FULL}; cells and labels are separated by one space. Every line,
     * the last included, ends with {@code \n}; no line has trailing spaces.
     */
    public String render() {
        int nameWidth = 0;
        for (Row row : rows) {
            nameWidth = Math.max(nameWidth, row.packageName.length());
        }
        int cellWidth = 0;
        for (String label : labels) {
            cellWidth = Math.max(cellWidth, label.length());
        }
        StringBuilder text = new StringBuilder();
        for (Row row : rows) {
            text.append(row.packageName).append(" ".repeat(nameWidth - row.packageName.length() + 1));
            for (int column = 0; column < columns(); column++) {
                char cell = row.ownColumns.contains(column) ? OWN : row.counts[column] > 0 ? FREE : FULL;
                if (column > 0) {
                    text.append(' ');
                }
                text.append(String.valueOf(cell).repeat(cellWidth));
            }
            text.append('\n');
        }
        text.append(" ".repeat(nameWidth + 1));
        for (int column = 0; column < columns(); column++) {
            if (column > 0) {
                text.append(' ');
            }
            String label = labels.get(column);
            text.append(label);
            if (column + 1 < columns()) {
                text.append(" ".repeat(cellWidth - label.length()));
            }
        }
        text.append('\n');
        return text.toString();
    }
}
