package io.berth.server.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The body of {@code POST /bookings}.
 *
 * @param packageName a package name, or {@code custom} with {@code custom} limits (level 2 and above)
 * @param count       units of the package, default 1
 * @param pool        a pool name; absent: the first RESERVED pool where it fits
 * @param start       a date, an ISO time or {@code now} (the current hour); default now
 * @param end         a date or an ISO time; or give {@code days} or {@code hours}
 * @param spans       several periods booked all or none, instead of start and end
 */
public record NewBooking(@JsonProperty("package") String packageName, Integer count, String pool, String start,
                         String end, Integer days, Integer hours, List<SpanJson> spans, CustomPackage custom) {

    /** The limits of a custom package. */
    public record CustomPackage(PackageView.Limits notebookWorker, PackageView.Limits sparkWorker, Long diskGiB) {
    }
}
