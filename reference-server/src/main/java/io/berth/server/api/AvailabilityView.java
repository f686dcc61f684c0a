package io.berth.server.api;

import io.berth.booking.AvailabilityGrid;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An availability grid as JSON: per package, how many units fit in each column, and which columns the caller's
 * own bookings of that package cover.
 */
public record AvailabilityView(String pool, String zone, String columnWidth, List<Column> columns, List<Row> packages) {

    public record Column(Instant start, Instant end, String label) {
    }

    public record Row(String name, List<Long> counts, List<Boolean> own) {
    }

    public static AvailabilityView of(String poolName, AvailabilityGrid grid) {
        List<Column> columns = new ArrayList<>();
        for (int c = 0; c < grid.columns(); c++) {
            columns.add(new Column(grid.columnStarts().get(c), grid.columnEnd(c), grid.labels().get(c)));
        }
        List<Row> rows = new ArrayList<>();
        for (AvailabilityGrid.Row row : grid.rows()) {
            List<Long> counts = new ArrayList<>();
            List<Boolean> own = new ArrayList<>();
            for (int c = 0; c < grid.columns(); c++) {
                counts.add(row.count(c));
                own.add(row.ownColumns().contains(c));
            }
            rows.add(new Row(row.packageName(), counts, own));
        }
        return new AvailabilityView(poolName, grid.zone().getId(), grid.width().name(), columns, rows);
    }
}
