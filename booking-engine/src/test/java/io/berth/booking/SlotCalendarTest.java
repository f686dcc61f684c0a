package io.berth.booking;

import io.berth.core.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;

import static io.berth.booking.Fixtures.assertFails;
import static io.berth.booking.Fixtures.at;
import static io.berth.booking.Fixtures.span;
import static org.assertj.core.api.Assertions.assertThat;

class SlotCalendarTest {
    private final SlotCalendar london = new SlotCalendar(ZoneId.of("Europe/London"));

    @Test
    void utcSlotsAreHoursSinceTheEpoch() {
        SlotCalendar utc = SlotCalendar.utc();
        assertThat(utc.slotOf(at("1970-01-01T00:00:00Z"))).isZero();
        assertThat(utc.slotOf(at("1970-01-01T01:59:59.999Z"))).isEqualTo(1);
        assertThat(utc.slotOf(at("1969-12-31T23:59:59Z"))).isEqualTo(-1);
        assertThat(utc.startOf(1)).isEqualTo(at("1970-01-01T01:00:00Z"));
        assertThat(utc.slotAtOrAfter(at("1970-01-01T01:00:00Z"))).isEqualTo(1);
        assertThat(utc.slotAtOrAfter(at("1970-01-01T01:00:00.001Z"))).isEqualTo(2);
        assertThat(utc.isAligned(at("2026-05-25T14:00:00Z"))).isTrue();
        assertThat(utc.isAligned(at("2026-05-25T14:00:00.000000001Z"))).isFalse();
        assertThat(utc.slotRangeOfDay(LocalDate.of(2026, 3, 29))).isEqualTo(new SlotRange(492_984, 493_008));
        assertThat(utc.startOf(492_984)).isEqualTo(at("2026-03-29T00:00:00Z"));
    }

    @Test
    void springForwardDayInLondonHas23Slots() {
        LocalDate day = LocalDate.of(2026, 3, 29);
        SlotRange slots = london.slotRangeOfDay(day);
        assertThat(slots.length()).isEqualTo(23);
        assertThat(london.startOf(slots.from())).isEqualTo(at("2026-03-29T00:00:00Z"));
        assertThat(london.startOf(slots.to())).isEqualTo(at("2026-03-29T23:00:00Z"));
        assertThat(london.startOfDay(day.plusDays(1))).isEqualTo(at("2026-03-29T23:00:00Z"));
        assertThat(london.slotRangeOfDay(day.minusDays(1)).length()).isEqualTo(24);
        assertThat(london.slotRangeOfDay(day.plusDays(1)).length()).isEqualTo(24);
        assertThat(london.slotRangeOfDay(day.minusDays(1)).to()).isEqualTo(slots.from());
        assertThat(london.dayOf(at("2026-03-29T22:59:59Z"))).isEqualTo(day);
        assertThat(london.dayOf(at("2026-03-29T23:00:00Z"))).isEqualTo(day.plusDays(1));
    }

    @Test
    void fallBackDayInLondonHas25Slots() {
        LocalDate day = LocalDate.of(2026, 10, 25);
        SlotRange slots = london.slotRangeOfDay(day);
        assertThat(slots.length()).isEqualTo(25);
        assertThat(london.startOf(slots.from())).isEqualTo(at("2026-10-24T23:00:00Z"));
        assertThat(london.startOf(slots.to())).isEqualTo(at("2026-10-26T00:00:00Z"));
        assertThat(london.slotRangeOfDays(LocalDate.of(2026, 10, 19), LocalDate.of(2026, 10, 26)).length())
                .isEqualTo(7 * 24 + 1);
    }

    @Test
    void kolkataSlotsStartAtHalfPastTheUtcHour() {
        SlotCalendar kolkata = new SlotCalendar(ZoneId.of("Asia/Kolkata"));
        LocalDate day = LocalDate.of(2026, 5, 25);
        assertThat(kolkata.startOfDay(day)).isEqualTo(at("2026-05-24T18:30:00Z"));
        assertThat(kolkata.isAligned(at("2026-05-24T18:30:00Z"))).isTrue();
        assertThat(kolkata.isAligned(at("2026-05-24T18:00:00Z"))).isFalse();
        SlotRange slots = kolkata.slotRangeOfDay(day);
        assertThat(slots.length()).isEqualTo(24);
        assertThat(kolkata.startOf(slots.from())).isEqualTo(at("2026-05-24T18:30:00Z"));
        assertThat(kolkata.slotOf(at("2026-05-24T18:29:59Z"))).isEqualTo(slots.from() - 1);
        assertThat(kolkata.slotOf(at("2026-05-24T19:29:59Z"))).isEqualTo(slots.from());
        assertThat(kolkata.startOf(0)).isEqualTo(at("1970-01-01T00:30:00Z"));

        SlotCalendar kathmandu = new SlotCalendar(ZoneId.of("Asia/Kathmandu"));
        assertThat(kathmandu.startOfDay(day)).isEqualTo(at("2026-05-24T18:15:00Z"));
        assertThat(kathmandu.isAligned(at("2026-05-24T18:15:00Z"))).isTrue();
        assertThat(kathmandu.slotRangeOfDay(day).length()).isEqualTo(24);
    }

    @Test
    void spansMapToTheSlotsTheyTouchAndCapacityToTheSlotsItCovers() {
        SlotCalendar utc = SlotCalendar.utc();
        Span span = span("2026-05-25T10:30:00Z", "2026-05-25T12:10:00Z");
        SlotRange touched = utc.slotsOf(span);
        assertThat(utc.spanOf(touched)).isEqualTo(span("2026-05-25T10:00:00Z", "2026-05-25T13:00:00Z"));
        SlotRange covered = utc.slotsWithin(span.start(), span.end());
        assertThat(utc.spanOf(covered)).isEqualTo(span("2026-05-25T11:00:00Z", "2026-05-25T12:00:00Z"));
        assertThat(utc.slotsWithin(at("2026-05-25T10:10:00Z"), at("2026-05-25T10:50:00Z")).isEmpty()).isTrue();
        assertThat(utc.days(LocalDate.of(2026, 5, 25), LocalDate.of(2026, 5, 27)))
                .isEqualTo(span("2026-05-25T00:00:00Z", "2026-05-27T00:00:00Z"));
    }

    @Test
    void bookedPeriodsMustBeAligned() {
        assertFails(ErrorCode.INVALID_PERIOD, () -> london.requireAligned(span("2026-05-25T10:30:00Z", "2026-05-25T12:00:00Z")))
                .withMessageContaining("whole hours of Europe/London");
        assertThat(london.requireAligned(span("2026-05-25T10:00:00Z", "2026-05-25T12:00:00Z"))).isNotNull();
        assertThat(london.isAligned(at("2026-05-24T23:00:00Z"), Granularity.DAY)).isTrue();
        assertThat(london.isAligned(at("2026-05-25T00:00:00Z"), Granularity.DAY)).isFalse();
        assertThat(london.isAligned(at("2026-05-25T00:00:00Z"), Granularity.HOUR)).isTrue();
        assertFails(ErrorCode.INVALID_PERIOD, () -> span("2026-05-25T10:00:00Z", "2026-05-25T10:00:00Z"));
        assertThat(SlotCalendar.mondayOf(LocalDate.of(2026, 5, 31))).isEqualTo(LocalDate.of(2026, 5, 25));
    }
}
