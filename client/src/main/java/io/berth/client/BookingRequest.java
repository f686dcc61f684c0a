package io.berth.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * What to book; times are dates ({@code 2026-11-25}), ISO times, or {@code now} for the start.
 *
 * @param days  or {@code hours} or {@code end}; null for none
 * @param spans several periods booked all or none, instead of start and end
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BookingRequest(@JsonProperty("package") String packageName, Integer count, String pool, String start,
                             String end, Integer days, Integer hours, List<Span> spans) {

    public record Span(String start, String end) {
    }

    /** {@code count} units of a package from {@code start} for {@code days}. */
    public static BookingRequest forDays(String packageName, int count, String start, int days) {
        return new BookingRequest(packageName, count, null, start, null, days, null, null);
    }
}
