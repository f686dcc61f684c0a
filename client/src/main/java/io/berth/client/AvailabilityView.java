package io.berth.client;

import java.time.Instant;
import java.util.List;

/** An availability grid: how many units of each package fit per column, and the caller's own columns. */
public record AvailabilityView(String pool, String zone, String columnWidth, List<Column> columns, List<Row> packages) {

    public record Column(Instant start, Instant end, String label) {
    }

    public record Row(String name, List<Long> counts, List<Boolean> own) {
    }
}
