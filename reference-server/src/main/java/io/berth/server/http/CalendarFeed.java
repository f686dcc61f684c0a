package io.berth.server.http;

import io.berth.booking.Booking;
import io.berth.booking.Pool;
import io.berth.booking.PoolId;
import io.berth.booking.Span;
import io.berth.core.account.AccountId;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.booking.BookingService;
import io.javalin.http.Context;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.CalScale;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;

import java.io.IOException;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * An account's bookings as an iCalendar feed (RFC 5545): one event per span of every booking that holds
 * capacity, in UTC. A calendar program cannot send an API key, so the feed is reached with the secret of
 * {@code POST /bookings/feed} in the {@code key} parameter; with an API key instead, it shows the caller's own.
 */
final class CalendarFeed {
    static final String CONTENT_TYPE = "text/calendar; charset=utf-8";
    static final String KEY_PARAMETER = "key";

    private final BookingService bookings;

    CalendarFeed(BookingService bookings) {
        this.bookings = requireNonNull(bookings, "bookings is null");
    }

    void serve(Context ctx) {
        String key = ctx.queryParam(KEY_PARAMETER);
        AccountId owner = key != null
                ? bookings.feedOwner(key).orElseThrow(() -> new BerthException(ErrorCode.INVALID_CREDENTIALS,
                        "unknown calendar feed key; make a new feed address with POST /api/v1/bookings/feed"))
                : Authentication.principal(ctx).account();
        ctx.header("Cache-Control", "private, max-age=60");
        ctx.status(200).contentType(CONTENT_TYPE).result(render(bookings.feedBookings(owner)));
    }

    String render(List<Booking> list) {
        Map<PoolId, String> poolNames = new HashMap<>();
        for (Pool pool : bookings.pools()) {
            poolNames.put(pool.id(), pool.name());
        }
        Calendar calendar = new Calendar();
        calendar.add(new ProdId("-//Berth//Bookings//EN"));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(new CalScale(CalScale.VALUE_GREGORIAN));
        for (Booking booking : list) {
            String pool = poolNames.getOrDefault(booking.pool(), booking.pool().toString());
            for (int i = 0; i < booking.spans().size(); i++) {
                Span span = booking.spans().get(i);
                VEvent event = new VEvent(span.start(), span.end(), booking.count() + " × " + booking.packageName()
                        + " (" + pool + ")");
                event.add(new Uid(booking.id() + "-" + i + "@berth"));
                event.add(new DtStamp(booking.createdAt()));
                event.add(new Description("Berth booking " + booking.id() + ", " + booking.status() + ", "
                        + booking.total()));
                calendar.add(event);
            }
        }
        StringWriter out = new StringWriter();
        try {
            // Unvalidated: an account without bookings has an empty calendar, which RFC 5545 allows in practice
            // (every calendar program reads it) but ical4j's validator refuses.
            new CalendarOutputter(false).output(calendar, out);
        } catch (IOException e) {
            throw new BerthException(ErrorCode.INTERNAL_ERROR, "cannot write the calendar: " + e.getMessage(), e);
        }
        return out.toString();
    }
}
