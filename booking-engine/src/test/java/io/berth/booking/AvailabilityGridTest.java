package io.berth.booking;

import io.berth.core.account.AccountId;
import io.berth.core.error.ErrorCode;
import io.berth.core.resource.ResourceLimits;
import io.berth.core.resource.ResourcePackage;
import io.berth.core.resource.ResourceVector;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static io.berth.booking.Fixtures.assertFails;
import static io.berth.booking.Fixtures.at;
import static io.berth.booking.Fixtures.booking;
import static io.berth.booking.Fixtures.cores;
import static org.assertj.core.api.Assertions.assertThat;

class AvailabilityGridTest {
    private static final ResourcePackage TINY = ResourcePackage.standard("tiny").orElseThrow();
    private static final ResourcePackage SMALL = ResourcePackage.standard("small").orElseThrow();
    private static final ResourcePackage MEDIUM = ResourcePackage.standard("medium").orElseThrow();
    private static final ResourcePackage LARGE = ResourcePackage.standard("large").orElseThrow();
    private static final List<ResourcePackage> LARGEST_FIRST = List.of(LARGE, MEDIUM, SMALL, TINY);

    private final SlotCalendar london = new SlotCalendar(ZoneId.of("Europe/London"));
    private final AvailabilityIndex index = new AvailabilityIndex(london);
    private final Pool pool = new Pool(PoolId.random(), "cumulus", SharingMode.RESERVED);
    private final AccountId someone = AccountId.random();

    AvailabilityGridTest() {
        index.addPool(pool);
        // Large needs 24 cores and 80 GiB: the pool fits exactly one large when nothing is reserved.
        index.addCapacity(new CapacityAllocation(AllocationId.random(), pool.id(), ResourceVector.of(30_000, 100_000, 1000),
                at("2020-01-01T00:00:00Z"), null));
    }

    private void reserveCoresOn(LocalDate day, long milliCores) {
        index.reserve(booking(pool.id(), someone, "custom", cores(1000), (int) (milliCores / 1000),
                london.days(day, day.plusDays(1))));
    }

    /** The week of Monday 2026-05-25, reserved to give the pattern of the design notes. */
    private void reserveTheWeek() {
        LocalDate monday = LocalDate.of(2026, 5, 25);
        reserveCoresOn(monday, 18_000);                // 12 cores free: medium, not large
        reserveCoresOn(monday.plusDays(1), 22_000);    // 8 free: small, not medium
        reserveCoresOn(monday.plusDays(2), 28_000);    // 2 free: tiny only
        reserveCoresOn(monday.plusDays(3), 22_000);
        reserveCoresOn(monday.plusDays(4), 18_000);
    }

    private AvailabilityGrid week() {
        return index.grid(pool.id(), LARGEST_FIRST, london.startOfDay(LocalDate.of(2026, 5, 25)),
                london.startOfDay(LocalDate.of(2026, 6, 1)), ColumnWidth.DAY);
    }

    @Test
    void aWeekOfDays() {
        reserveTheWeek();
        AvailabilityGrid grid = week();
        assertThat(grid.labels()).containsExactly("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun");
        assertThat(grid.columnStarts().get(0)).isEqualTo(at("2026-05-24T23:00:00Z"));
        assertThat(grid.end()).isEqualTo(at("2026-05-31T23:00:00Z"));
        assertThat(grid.row("medium").counts()).containsExactly(1, 0, 0, 0, 1, 2, 2);
        assertThat(grid.row("tiny").counts()).containsExactly(6, 4, 1, 4, 6, 15, 15);
        assertThat(grid.count("large", 6)).isEqualTo(1);
        assertThat(grid.render()).isEqualTo("""
                large  --- --- --- --- --- === ===
                medium === --- --- --- === === ===
                small  === === --- === === === ===
                tiny   === === === === === === ===
                       Mon Tue Wed Thu Fri Sat Sun
                """);
    }

    @Test
    void ownBookingsAreMarkedInTheirPackagesRow() {
        reserveTheWeek();
        Booking mine = booking(pool.id(), AccountId.random(), "small", SMALL.total(), 1,
                london.days(LocalDate.of(2026, 5, 28), LocalDate.of(2026, 5, 30)));
        Booking cancelled = booking(pool.id(), someone, "large", LARGE.total(), 1,
                london.days(LocalDate.of(2026, 5, 25), LocalDate.of(2026, 5, 26))).withStatus(BookingStatus.CANCELLED);
        Booking elsewhere = new Booking(BookingId.random(), PoolId.random(), someone, "tiny", TINY.total(), 1,
                List.of(london.days(LocalDate.of(2026, 5, 25), LocalDate.of(2026, 5, 26))), BookingStatus.ACTIVE,
                at("2020-01-01T00:00:00Z"));
        AvailabilityGrid grid = week().withOwnBookings(List.of(mine, cancelled, elsewhere));
        assertThat(grid.row("small").ownColumns()).containsExactlyInAnyOrder(3, 4);
        assertThat(grid.render()).isEqualTo("""
                large  --- --- --- --- --- === ===
                medium === --- --- --- === === ===
                small  === === --- ### ### === ===
                tiny   === === === === === === ===
                       Mon Tue Wed Thu Fri Sat Sun
                """);
    }

    @Test
    void aMonthForTwoPackagesFollowsTheGivenOrder() {
        reserveTheWeek();
        AvailabilityGrid grid = index.grid(pool.id(), List.of(LARGE, MEDIUM), london.startOfDay(LocalDate.of(2026, 5, 25)),
                london.startOfDay(LocalDate.of(2026, 6, 8)), ColumnWidth.DAY);
        assertThat(grid.render()).isEqualTo("""
                large  --- --- --- --- --- === === === === === === === === ===
                medium === --- --- --- === === === === === === === === === ===
                       Mon Tue Wed Thu Fri Sat Sun Mon Tue Wed Thu Fri Sat Sun
                """);
    }

    @Test
    void weeklyColumnsForACustomPackage() {
        SlotCalendar utc = SlotCalendar.utc();
        AvailabilityIndex weekly = new AvailabilityIndex(utc);
        weekly.addPool(pool);
        weekly.addCapacity(new CapacityAllocation(AllocationId.random(), pool.id(), ResourceVector.of(64_000, 256_000, 0),
                at("2020-01-01T00:00:00Z"), null));
        ResourcePackage custom = new ResourcePackage(ResourcePackage.CUSTOM, new ResourceLimits(4000, 16_000),
                new ResourceLimits(40_000, 200_000), 0, Map.of());
        // One busy hour in each of the weeks of Jun01, Jun08 and Jun15 is enough to make the whole week short.
        for (String hour : List.of("2020-06-03T10:00:00Z", "2020-06-14T23:00:00Z", "2020-06-15T00:00:00Z")) {
            Instant start = at(hour);
            weekly.reserve(booking(pool.id(), someone, "small", cores(1000), 30, new Span(start, start.plusSeconds(3600))));
        }
        AvailabilityGrid grid = weekly.grid(pool.id(), List.of(custom), at("2020-05-27T12:00:00Z"),
                at("2020-07-28T00:00:00Z"), ColumnWidth.WEEK);
        assertThat(grid.columnStarts().get(0)).isEqualTo(at("2020-05-25T00:00:00Z"));
        assertThat(grid.end()).isEqualTo(at("2020-08-03T00:00:00Z"));
        assertThat(grid.render()).isEqualTo("""
                custom ===== ----- ----- ----- ===== ===== ===== ===== ===== =====
                       May25 Jun01 Jun08 Jun15 Jun22 Jun29 Jul06 Jul13 Jul20 Jul27
                """);
    }

    @Test
    void hourColumnsOnTheFallBackDay() {
        LocalDate day = LocalDate.of(2026, 10, 25);
        AvailabilityGrid grid = index.grid(pool.id(), List.of(LARGE), london.startOfDay(day),
                london.startOfDay(day.plusDays(1)), ColumnWidth.HOUR);
        assertThat(grid.columns()).isEqualTo(25);
        assertThat(grid.labels().subList(0, 4)).containsExactly("00:00", "01:00", "01:00", "02:00");
        assertThat(grid.labels().get(24)).isEqualTo("23:00");

        index.reserve(booking(pool.id(), someone, "custom", cores(1000), 10,
                new Span(at("2026-10-25T00:00:00Z"), at("2026-10-25T02:00:00Z"))));
        AvailabilityGrid hours = index.grid(pool.id(), List.of(LARGE, TINY), at("2026-10-24T23:00:00Z"),
                at("2026-10-25T02:30:00Z"), ColumnWidth.HOUR);
        assertThat(hours.render()).isEqualTo("""
                large ===== ----- ----- =====
                tiny  ===== ===== ===== =====
                      00:00 01:00 01:00 02:00
                """);
    }

    @Test
    void gridsAreBounded() {
        assertFails(ErrorCode.INVALID_PERIOD, () -> index.grid(pool.id(), LARGEST_FIRST, at("2026-01-01T00:00:00Z"),
                at("2026-01-01T00:00:00Z"), ColumnWidth.DAY));
        assertFails(ErrorCode.INVALID_PERIOD, () -> index.grid(pool.id(), LARGEST_FIRST, at("2020-01-01T00:00:00Z"),
                at("2026-01-01T00:00:00Z"), ColumnWidth.HOUR)).withMessageContaining("at most 10000 columns");
        assertFails(ErrorCode.POOL_NOT_FOUND, () -> index.grid(PoolId.random(), LARGEST_FIRST, at("2026-01-01T00:00:00Z"),
                at("2026-01-02T00:00:00Z"), ColumnWidth.DAY));
    }
}
