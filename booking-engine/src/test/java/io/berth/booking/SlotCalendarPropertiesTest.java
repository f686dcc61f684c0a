package io.berth.booking;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SlotCalendarPropertiesTest {
    /** Zones whose offsets change only by whole hours, with :00, :30 and :45 boundaries and both hemispheres. */
    private static final List<String> ZONES = List.of("UTC", "Europe/London", "America/New_York", "America/St_Johns",
            "Asia/Kolkata", "Asia/Kathmandu", "Australia/Adelaide", "Pacific/Chatham", "America/Sao_Paulo", "Asia/Tehran");

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.of(ZONES).map(ZoneId::of);
    }

    @Property(tries = 500)
    void everyInstantLiesInItsSlot(@ForAll("zones") ZoneId zone,
                                   @ForAll @LongRange(min = 1_577_836_800L, max = 2_208_988_800L) long epochSecond) {
        SlotCalendar calendar = new SlotCalendar(zone);
        Instant instant = Instant.ofEpochSecond(epochSecond);
        long slot = calendar.slotOf(instant);
        assertThat(calendar.startOf(slot)).isBeforeOrEqualTo(instant);
        assertThat(calendar.startOf(slot + 1)).isAfter(instant);
        assertThat(calendar.isAligned(calendar.startOf(slot))).isTrue();
        assertThat(calendar.slotAtOrAfter(instant)).isEqualTo(calendar.isAligned(instant) ? slot : slot + 1);
        assertThat(calendar.startOf(slot).atZone(zone).getMinute()).isZero();
    }

    @Property(tries = 500)
    void daysTileTheSlots(@ForAll("zones") ZoneId zone, @ForAll @LongRange(min = 18_262, max = 25_567) long epochDay) {
        SlotCalendar calendar = new SlotCalendar(zone);
        LocalDate day = LocalDate.ofEpochDay(epochDay);
        SlotRange slots = calendar.slotRangeOfDay(day);
        assertThat(slots.length()).isBetween(23L, 25L);
        assertThat(calendar.slotRangeOfDay(day.plusDays(1)).from()).isEqualTo(slots.to());
        assertThat(calendar.startOf(slots.from())).isEqualTo(calendar.startOfDay(day));
        assertThat(calendar.dayOf(calendar.startOf(slots.to() - 1))).isEqualTo(day);
        assertThat(calendar.isAligned(calendar.startOfDay(day), Granularity.DAY)).isTrue();
    }
}
