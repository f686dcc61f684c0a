package io.berth.booking;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

import static java.util.Objects.requireNonNull;

/**
 * The hour slots that bookings are made of, and how local days of a zone map onto them.
 *
 * <p>A slot is one hour, aligned to the local whole hours of the zone: in Europe/London slots start at
 * UTC :00, in Asia/Kolkata (+05:30) at UTC :30, in Asia/Kathmandu (+05:45) at UTC :15. Slot {@code n} starts
 * {@code n} hours after the first such boundary at or after 1970-01-01T00:00Z; slots are numbered
 * consecutively through daylight-saving changes, so every slot is exactly one hour and a local day is
 * 23, 24 or 25 slots long.
 *
 * <p>Assumed: the zone's offset changes only by whole hours, so that its local whole hours stay on the same
 * UTC minute. That holds for every zone in use today except Australia/Lord_Howe (a half-hour summer shift).
 * The boundary minute is taken from the zone's standard offset on 2024-01-01; in a zone that breaks the
 * assumption the slots keep standard-time hours, and a local day may start inside a slot
 * ({@link #slotRangeOfDay} then covers the slots the day touches).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SlotCalendar {
    /** The length of one slot. */
    public static final Duration SLOT = Duration.ofHours(1);
    private static final long SLOT_SECONDS = 3600;
    private static final Instant REFERENCE = Instant.parse("2024-01-01T00:00:00Z");

    private final ZoneId zone;
    /** Seconds after a UTC whole hour at which a local whole hour falls, in [0, 3600). */
    private final long boundarySeconds;

    /** Slots aligned to the local hours of {@code zone}, and its local days; see the class comment. */
    public SlotCalendar(ZoneId zone) {
        this.zone = requireNonNull(zone, "zone is null");
        int offset = zone.getRules().getStandardOffset(REFERENCE).getTotalSeconds();
        this.boundarySeconds = Math.floorMod(-offset, SLOT_SECONDS);
    }

    /** Slots and days in UTC. */
    public static SlotCalendar utc() {
        return new SlotCalendar(ZoneOffset.UTC);
    }

    /** The zone of the local hours and days. */
    public ZoneId zone() {
        return zone;
    }

    /** The slot containing {@code instant}. */
    public long slotOf(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond() - boundarySeconds, SLOT_SECONDS);
    }

    /** The first slot starting at or after {@code instant}. */
    public long slotAtOrAfter(Instant instant) {
        long slot = slotOf(instant);
        return isAligned(instant) ? slot : slot + 1;
    }

    /** The instant slot {@code slot} starts at. */
    public Instant startOf(long slot) {
        return Instant.ofEpochSecond(Math.addExact(Math.multiplyExact(slot, SLOT_SECONDS), boundarySeconds));
    }

    /** Whether {@code instant} is the start of a slot. */
    public boolean isAligned(Instant instant) {
        return instant.getNano() == 0 && Math.floorMod(instant.getEpochSecond() - boundarySeconds, SLOT_SECONDS) == 0;
    }

    /** Whether {@code instant} starts a slot ({@link Granularity#HOUR}) or a local day ({@link Granularity#DAY}). */
    public boolean isAligned(Instant instant, Granularity granularity) {
        return switch (granularity) {
            case HOUR -> isAligned(instant);
            case DAY -> instant.equals(startOfDay(dayOf(instant)));
        };
    }

    /** The first instant of {@code date} in the zone (usually local midnight). */
    public Instant startOfDay(LocalDate date) {
        return date.atStartOfDay(zone).toInstant();
    }

    /** The local date of {@code instant} in the zone. */
    public LocalDate dayOf(Instant instant) {
        return LocalDate.ofInstant(instant, zone);
    }

    /** The Monday of the ISO week containing {@code date}. */
    public static LocalDate mondayOf(LocalDate date) {
        return date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** The slots of local {@code date}: 24, or 23 and 25 on days of a daylight-saving change. */
    public SlotRange slotRangeOfDay(LocalDate date) {
        return new SlotRange(slotOf(startOfDay(date)), slotAtOrAfter(startOfDay(date.plusDays(1))));
    }

    /** The slots of local dates {@code [first, end)}. */
    public SlotRange slotRangeOfDays(LocalDate first, LocalDate end) {
        return new SlotRange(slotOf(startOfDay(first)), slotAtOrAfter(startOfDay(end)));
    }

    /** The slots {@code span} touches: from the slot of its start to the slot boundary at or after its end. */
    public SlotRange slotsOf(Span span) {
        return new SlotRange(slotOf(span.start()), slotAtOrAfter(span.end()));
    }

    /**
     * The slots that lie wholly inside {@code [from, until)}; empty when there are none. Capacity counts for
     * a slot only when it covers all of it.
     */
    public SlotRange slotsWithin(Instant from, Instant until) {
        long first = slotAtOrAfter(from);
        long end = slotOf(until);
        return new SlotRange(first, Math.max(first, end));
    }

    /** The period of the slots {@code range}. */
    public Span spanOf(SlotRange range) {
        return new Span(startOf(range.from()), startOf(range.to()));
    }

    /** The period of the local dates {@code [first, end)}. */
    public Span days(LocalDate first, LocalDate end) {
        return new Span(startOfDay(first), startOfDay(end));
    }

    /**
     * Returns {@code span} when it starts and ends on slot boundaries.
     *
     * @throws BerthException with {@link ErrorCode#INVALID_PERIOD} otherwise
     */
    public Span requireAligned(Span span) {
        if (!isAligned(span.start()) || !isAligned(span.end())) {
            throw new BerthException(ErrorCode.INVALID_PERIOD,
                    "a booked period must start and end on whole hours of " + zone + ": " + span);
        }
        return span;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SlotCalendar that && zone.equals(that.zone);
    }

    @Override
    public int hashCode() {
        return zone.hashCode();
    }

    @Override
    public String toString() {
        return "SlotCalendar[" + zone + "]";
    }
}
