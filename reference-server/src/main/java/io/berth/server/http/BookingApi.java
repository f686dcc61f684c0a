package io.berth.server.http;

import io.berth.booking.AllocationId;
import io.berth.booking.AvailabilityGrid;
import io.berth.booking.Booking;
import io.berth.booking.BookingId;
import io.berth.booking.CapacityAllocation;
import io.berth.booking.ColumnWidth;
import io.berth.booking.Pool;
import io.berth.booking.PoolId;
import io.berth.booking.QueueEntryId;
import io.berth.booking.SlotCalendar;
import io.berth.booking.Span;
import io.berth.core.account.AccountId;
import io.berth.core.account.Principal;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.resource.ResourceLimits;
import io.berth.core.resource.ResourcePackage;
import io.berth.platform.booking.BookingService;
import io.berth.server.api.AvailabilityView;
import io.berth.server.api.BookingExtension;
import io.berth.server.api.BookingView;
import io.berth.server.api.CapacityView;
import io.berth.server.api.EarliestView;
import io.berth.server.api.FeedView;
import io.berth.server.api.NewBooking;
import io.berth.server.api.NewCapacity;
import io.berth.server.api.NewPool;
import io.berth.server.api.NewQueueEntry;
import io.berth.server.api.PackageView;
import io.berth.server.api.PoolView;
import io.berth.server.api.QueueView;
import io.berth.server.api.SpanJson;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The booking routes: packages, pools and capacity (admin), availability, bookings, the access queue and the
 * calendar feed. Times in bodies and query strings are dates ({@code 2026-11-25}: the start of that day in the
 * server's zone), ISO times with an offset, or {@code now} (the start of the current hour) where said.
 */
final class BookingApi {
    static final String FEED_PATH = HttpApi.API + "/bookings.ics";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final int MAX_DAYS = 3660;
    private static final int MAX_COUNT = 10_000;
    /** Times outside these are typing mistakes; the index would have to cover centuries of hours for them. */
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    private final BookingService bookings;
    private final JsonBodies json;
    private final CalendarFeed feed;

    BookingApi(BookingService bookings, JsonBodies json) {
        this.bookings = requireNonNull(bookings, "bookings is null");
        this.json = requireNonNull(json, "json is null");
        this.feed = new CalendarFeed(bookings);
    }

    void register(RoutesConfig routes) {
        routes.get(HttpApi.API + "/packages", ctx -> ok(ctx, bookings.packages().stream().map(PackageView::of).toList()));

        routes.get(HttpApi.API + "/pools", ctx -> ok(ctx, bookings.pools().stream().map(PoolView::of).toList()));
        routes.post(HttpApi.API + "/pools", this::createPool);
        routes.get(HttpApi.API + "/pools/{name}/capacity", this::listCapacity);
        routes.post(HttpApi.API + "/pools/{name}/capacity", this::addCapacity);
        routes.delete(HttpApi.API + "/pools/{name}/capacity/{id}", this::removeCapacity);

        routes.get(HttpApi.API + "/availability", this::availability);
        routes.get(HttpApi.API + "/availability/earliest", this::earliest);

        routes.get(HttpApi.API + "/bookings", this::listBookings);
        routes.post(HttpApi.API + "/bookings", this::book);
        routes.get(FEED_PATH, feed::serve);
        routes.post(HttpApi.API + "/bookings/feed", this::rotateFeed);
        routes.get(HttpApi.API + "/bookings/{id}", ctx -> ok(ctx,
                view(bookings.booking(caller(ctx), BookingId.parse(ctx.pathParam("id"))))));
        routes.post(HttpApi.API + "/bookings/{id}/extend", this::extend);
        routes.delete(HttpApi.API + "/bookings/{id}", ctx -> ok(ctx,
                view(bookings.cancel(caller(ctx), BookingId.parse(ctx.pathParam("id"))))));

        routes.get(HttpApi.API + "/queue", ctx -> ok(ctx, bookings.queueOf(caller(ctx)).stream()
                .map(this::view).toList()));
        routes.post(HttpApi.API + "/queue", this::joinQueue);
        routes.get(HttpApi.API + "/queue/{id}", ctx -> ok(ctx,
                view(bookings.queueEntry(caller(ctx), QueueEntryId.parse(ctx.pathParam("id"))))));
        routes.delete(HttpApi.API + "/queue/{id}", ctx -> {
            Principal caller = caller(ctx);
            bookings.leaveQueue(caller, QueueEntryId.parse(ctx.pathParam("id")));
            ok(ctx, view(bookings.queueEntry(caller, QueueEntryId.parse(ctx.pathParam("id")))));
        });
        routes.post(HttpApi.API + "/queue/{id}/accept", ctx -> {
            Booking booking = bookings.acceptOffer(caller(ctx), QueueEntryId.parse(ctx.pathParam("id")));
            ctx.header(Header.LOCATION, HttpApi.API + "/bookings/" + booking.id());
            send(ctx, 201, view(booking));
        });
    }

    // ---- pools

    private void createPool(Context ctx) {
        NewPool body = json.read(ctx, NewPool.class);
        if (body.name() == null) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "name is required");
        }
        Pool pool = bookings.createPool(caller(ctx), body.name(), body.sharingMode());
        ctx.header(Header.LOCATION, HttpApi.API + "/pools/" + pool.name() + "/capacity");
        send(ctx, 201, PoolView.of(pool));
    }

    private void listCapacity(Context ctx) {
        String pool = ctx.pathParam("name");
        ok(ctx, bookings.capacity(caller(ctx), pool).stream().map(a -> CapacityView.of(pool, a)).toList());
    }

    private void addCapacity(Context ctx) {
        Principal caller = caller(ctx);
        NewCapacity body = json.read(ctx, NewCapacity.class);
        if (body.resources() == null) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "resources is required");
        }
        Instant from = body.from() == null ? currentSlot() : time(body.from(), "from", true);
        Instant until = body.until() == null ? null : time(body.until(), "until", false);
        String pool = ctx.pathParam("name");
        CapacityAllocation allocation = bookings.addCapacity(caller, pool, body.resources().toVector("resources"),
                from, until);
        send(ctx, 201, CapacityView.of(pool, allocation));
    }

    private void removeCapacity(Context ctx) {
        AllocationId id;
        try {
            id = AllocationId.parse(ctx.pathParam("id"));
        } catch (RuntimeException e) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "not a capacity id: '" + ctx.pathParam("id") + "'");
        }
        bookings.removeCapacity(caller(ctx), ctx.pathParam("name"), id);
        ctx.status(204);
    }

    // ---- availability

    private void availability(Context ctx) {
        Principal caller = caller(ctx);
        SlotCalendar calendar = bookings.calendar();
        LocalDate today = calendar.dayOf(bookings.clock().instant());
        String period = ctx.queryParam("period");
        String fromText = ctx.queryParam("from");
        String toText = ctx.queryParam("to");
        Instant from;
        Instant to;
        ColumnWidth width;
        if (fromText != null || toText != null) {
            if (period != null) {
                throw new BerthException(ErrorCode.INVALID_REQUEST, "give either period or from and to, not both");
            }
            if (fromText == null || toText == null) {
                throw new BerthException(ErrorCode.INVALID_REQUEST, "a custom range needs both from and to");
            }
            from = time(fromText, "from", true);
            to = time(toText, "to", false);
            width = ColumnWidth.DAY;
        } else {
            LocalDate first;
            LocalDate end;
            switch (period == null ? "week" : period) {
                case "today" -> {
                    first = today;
                    end = today.plusDays(1);
                }
                case "tomorrow" -> {
                    first = today.plusDays(1);
                    end = today.plusDays(2);
                }
                case "week" -> {
                    first = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                    end = first.plusWeeks(1);
                }
                case "next-week" -> {
                    first = today.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
                    end = first.plusWeeks(1);
                }
                case "month" -> {
                    first = today.withDayOfMonth(1);
                    end = first.plusMonths(1);
                }
                case "next-month" -> {
                    first = today.withDayOfMonth(1).plusMonths(1);
                    end = first.plusMonths(1);
                }
                default -> throw new BerthException(ErrorCode.INVALID_REQUEST, "period must be today, tomorrow,"
                        + " week, next-week, month or next-month: '" + shorten(period) + "'");
            }
            from = calendar.startOfDay(first);
            to = calendar.startOfDay(end);
            width = period != null && (period.equals("today") || period.equals("tomorrow")) ? ColumnWidth.HOUR
                    : ColumnWidth.DAY;
        }
        String columns = ctx.queryParam("columns");
        if (columns != null) {
            width = switch (columns) {
                case "hour" -> ColumnWidth.HOUR;
                case "day" -> ColumnWidth.DAY;
                case "week" -> ColumnWidth.WEEK;
                default -> throw new BerthException(ErrorCode.INVALID_REQUEST, "columns must be hour, day or week: '"
                        + shorten(columns) + "'");
            };
        }
        List<String> packages = list(ctx.queryParam("packages"));
        BookingService.Availability availability = bookings.availability(caller, ctx.queryParam("pool"), packages,
                from, to, width);
        AvailabilityGrid grid = availability.grid().withOwnBookings(availability.ownBookings());
        if (wantsText(ctx)) {
            ctx.status(200).contentType(TEXT).result(grid.render());
        } else {
            ok(ctx, AvailabilityView.of(availability.pool().name(), grid));
        }
    }

    private void earliest(Context ctx) {
        Principal caller = caller(ctx);
        String packageName = ctx.queryParam("package");
        if (packageName == null) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "package is required");
        }
        Duration length = length(intParam(ctx, "days"), intParam(ctx, "hours"));
        int units = count(intParam(ctx, "count"));
        String poolName = ctx.queryParam("pool");
        Optional<Instant> start = bookings.earliestStart(caller, poolName, packageName, units, length);
        Pool pool = poolName == null ? null : bookings.pool(poolName);
        ok(ctx, new EarliestView(pool == null ? null : pool.name(), packageName, units, length.toHours(),
                start.isPresent(), start.orElse(null), start.map(s -> s.plus(length)).orElse(null), null));
    }

    // ---- bookings

    private void listBookings(Context ctx) {
        Principal caller = caller(ctx);
        String account = ctx.queryParam("account");
        AccountId owner = null;
        if (account != null) {
            try {
                owner = AccountId.parse(account);
            } catch (RuntimeException e) {
                throw new BerthException(ErrorCode.INVALID_REQUEST, "account must be an account id");
            }
        }
        ok(ctx, bookings.bookings(caller, owner).stream().map(this::view).toList());
    }

    private void book(Context ctx) {
        Principal caller = caller(ctx);
        NewBooking body = json.read(ctx, NewBooking.class);
        if (body.packageName() == null) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "package is required");
        }
        ResourcePackage pkg = packageOf(body);
        List<Span> spans = new ArrayList<>();
        if (body.spans() != null && !body.spans().isEmpty()) {
            if (body.start() != null || body.end() != null || body.days() != null || body.hours() != null) {
                throw new BerthException(ErrorCode.INVALID_REQUEST, "give either spans or start/end/days/hours");
            }
            for (SpanJson span : body.spans()) {
                if (span == null || span.start() == null || span.end() == null) {
                    throw new BerthException(ErrorCode.INVALID_REQUEST, "every span needs a start and an end");
                }
                spans.add(span(time(span.start(), "spans.start", true), time(span.end(), "spans.end", false)));
            }
        } else {
            Instant start = body.start() == null ? currentSlot() : time(body.start(), "start", true);
            spans.add(span(start, end(start, body.end(), body.days(), body.hours())));
        }
        Booking booking = bookings.book(caller, new BookingService.BookingRequest(body.pool(), pkg,
                count(body.count()), spans));
        ctx.header(Header.LOCATION, HttpApi.API + "/bookings/" + booking.id());
        send(ctx, 201, view(booking));
    }

    private ResourcePackage packageOf(NewBooking body) {
        if (!ResourcePackage.CUSTOM.equals(body.packageName())) {
            if (body.custom() != null) {
                throw new BerthException(ErrorCode.INVALID_REQUEST, "custom limits are only for the package 'custom'");
            }
            return bookings.packageNamed(body.packageName());
        }
        NewBooking.CustomPackage custom = body.custom();
        if (custom == null || custom.notebookWorker() == null || custom.sparkWorker() == null) {
            throw new BerthException(ErrorCode.INVALID_RESOURCES, "a custom package needs custom.notebookWorker and"
                    + " custom.sparkWorker limits");
        }
        try {
            ResourcePackage pkg = new ResourcePackage(ResourcePackage.CUSTOM,
                    new ResourceLimits(custom.notebookWorker().milliCores(), custom.notebookWorker().memoryMiB()),
                    new ResourceLimits(custom.sparkWorker().milliCores(), custom.sparkWorker().memoryMiB()),
                    custom.diskGiB() == null ? 0 : custom.diskGiB(), Map.of());
            pkg.total();
            return pkg;
        } catch (ArithmeticException e) {
            throw new BerthException(ErrorCode.INVALID_RESOURCES, "the custom package's limits are too large");
        }
    }

    private void extend(Context ctx) {
        Principal caller = caller(ctx);
        BookingId id = BookingId.parse(ctx.pathParam("id"));
        BookingExtension body = json.read(ctx, BookingExtension.class);
        Booking current = bookings.booking(caller, id);
        Instant newEnd;
        if (body.end() != null) {
            if (body.days() != null || body.hours() != null) {
                throw new BerthException(ErrorCode.INVALID_REQUEST, "give either end, days or hours");
            }
            newEnd = time(body.end(), "end", false);
        } else {
            newEnd = plus(current.end(), body.days(), body.hours());
        }
        ok(ctx, view(bookings.extend(caller, id, newEnd)));
    }

    private void rotateFeed(Context ctx) {
        String secret = bookings.rotateFeedSecret(caller(ctx));
        String url = ctx.scheme() + "://" + ctx.host() + FEED_PATH + "?key=" + secret;
        send(ctx, 201, new FeedView(url, secret));
    }

    // ---- queue

    private void joinQueue(Context ctx) {
        Principal caller = caller(ctx);
        NewQueueEntry body = json.read(ctx, NewQueueEntry.class);
        if (body.packageName() == null) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "package is required");
        }
        BookingService.QueuePosition position = bookings.joinQueue(caller, body.pool(), body.packageName(),
                length(body.days(), body.hours()));
        ctx.header(Header.LOCATION, HttpApi.API + "/queue/" + position.entry().id());
        send(ctx, 201, view(position));
    }

    // ---- helpers

    private BookingView view(Booking booking) {
        return BookingView.of(booking, bookings.poolName(booking.pool()));
    }

    private QueueView view(BookingService.QueuePosition position) {
        return QueueView.of(position.entry(), bookings.poolName(position.entry().pool()), position.position());
    }

    /** The start of the current hour, the slot {@code now} means. */
    Instant currentSlot() {
        SlotCalendar calendar = bookings.calendar();
        return calendar.startOf(calendar.slotOf(bookings.clock().instant()));
    }

    /** A time of a body or query: a date, an ISO time with an offset, or (where allowed) {@code now}. */
    Instant time(String text, String field, boolean nowAllowed) {
        if (nowAllowed && text.equals("now")) {
            return currentSlot();
        }
        Instant parsed;
        try {
            parsed = text.length() == 10 ? bookings.calendar().startOfDay(LocalDate.parse(text))
                    : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new BerthException(ErrorCode.INVALID_PERIOD, field + " must be a date such as 2026-11-25, an ISO time"
                    + " such as 2026-11-25T14:00:00Z" + (nowAllowed ? " or now" : "") + ": '" + shorten(text) + "'");
        }
        if (parsed.isBefore(EARLIEST) || parsed.isAfter(LATEST)) {
            throw new BerthException(ErrorCode.INVALID_PERIOD, field + " must be between " + EARLIEST + " and " + LATEST
                    + ": '" + shorten(text) + "'");
        }
        return parsed;
    }

    private Instant end(Instant start, String end, Integer days, Integer hours) {
        if (end != null) {
            if (days != null || hours != null) {
                throw new BerthException(ErrorCode.INVALID_REQUEST, "give either end, days or hours");
            }
            return time(end, "end", false);
        }
        return plus(start, days, hours);
    }

    /** Days are local days (across a daylight-saving change, 23 or 25 hours); hours are hours. */
    private Instant plus(Instant start, Integer days, Integer hours) {
        Duration length = length(days, hours);
        if (days != null) {
            return ZonedDateTime.ofInstant(start, bookings.calendar().zone()).plusDays(days).toInstant();
        }
        return start.plus(length);
    }

    private static Duration length(Integer days, Integer hours) {
        if (days != null && hours != null) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "give either days or hours, not both");
        }
        if (days != null) {
            if (days < 1 || days > MAX_DAYS) {
                throw new BerthException(ErrorCode.INVALID_PERIOD, "days must be from 1 to " + MAX_DAYS + ": " + days);
            }
            return Duration.ofDays(days);
        }
        if (hours != null) {
            if (hours < 1 || hours > MAX_DAYS * 24) {
                throw new BerthException(ErrorCode.INVALID_PERIOD, "hours must be from 1 to " + MAX_DAYS * 24 + ": "
                        + hours);
            }
            return Duration.ofHours(hours);
        }
        throw new BerthException(ErrorCode.INVALID_REQUEST, "give an end, days or hours");
    }

    private static int count(Integer count) {
        if (count == null) {
            return 1;
        }
        if (count < 1 || count > MAX_COUNT) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "count must be from 1 to " + MAX_COUNT + ": " + count);
        }
        return count;
    }

    private static Span span(Instant start, Instant end) {
        if (!end.isAfter(start)) {
            throw new BerthException(ErrorCode.INVALID_PERIOD, "the end " + end + " is not after the start " + start);
        }
        return new Span(start, end);
    }

    private static Integer intParam(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return null;
        }
        if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, name + " must be a whole number: '" + shorten(text)
                    + "'");
        }
        return Integer.parseInt(text);
    }

    private static List<String> list(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static boolean wantsText(Context ctx) {
        String format = ctx.queryParam("format");
        if (format != null) {
            return switch (format) {
                case "text" -> true;
                case "json" -> false;
                default -> throw new BerthException(ErrorCode.INVALID_REQUEST, "format must be text or json");
            };
        }
        String accept = ctx.header(Header.ACCEPT);
        return accept != null && accept.toLowerCase(Locale.ROOT).startsWith("text/plain");
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    private static Principal caller(Context ctx) {
        return Authentication.principal(ctx);
    }

    private void ok(Context ctx, Object body) {
        send(ctx, 200, body);
    }

    private void send(Context ctx, int status, Object body) {
        ctx.status(status).contentType(HttpApi.JSON).result(json.write(body));
    }
}
