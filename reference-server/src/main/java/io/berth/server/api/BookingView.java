package io.berth.server.api;

import io.berth.booking.Booking;
import io.berth.booking.Span;

import java.time.Instant;
import java.util.List;

/** A booking: {@code count} units of a package in a pool for one or more spans. */
public record BookingView(String id, String pool, String owner, String packageName, int count, ResourcesJson resources,
                          Instant start, Instant end, List<SpanView> spans, String status, Instant created) {

    public record SpanView(Instant start, Instant end) {
        static SpanView of(Span span) {
            return new SpanView(span.start(), span.end());
        }
    }

    public static BookingView of(Booking booking, String poolName) {
        return new BookingView(booking.id().toString(), poolName, booking.owner().toString(), booking.packageName(),
                booking.count(), ResourcesJson.of(booking.total()), booking.start(), booking.end(),
                booking.spans().stream().map(SpanView::of).toList(), booking.status().name(), booking.createdAt());
    }
}
