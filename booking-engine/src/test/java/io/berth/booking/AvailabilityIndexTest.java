package io.berth.booking;

import io.berth.core.account.AccountId;
import io.berth.core.error.ErrorCode;
import io.berth.core.resource.ResourceVector;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.berth.booking.Fixtures.assertFails;
import static io.berth.booking.Fixtures.at;
import static io.berth.booking.Fixtures.booking;
import static io.berth.booking.Fixtures.cores;
import static io.berth.booking.Fixtures.span;
import static org.assertj.core.api.Assertions.assertThat;

class AvailabilityIndexTest {
    private final AvailabilityIndex index = new AvailabilityIndex(SlotCalendar.utc());
    private final Pool pool = new Pool(PoolId.random(), "main", SharingMode.RESERVED);
    private final AccountId owner = AccountId.random();

    AvailabilityIndexTest() {
        index.addPool(pool);
    }

    private CapacityAllocation capacity(long milliCores, String from, String until) {
        return new CapacityAllocation(AllocationId.random(), pool.id(), cores(milliCores), at(from), until == null ? null : at(until));
    }

    private long coresFree(String start, String end) {
        return index.available(pool.id(), at(start), at(end)).get("cores");
    }

    @Test
    void capacityIsTheSumOfTheAllocationsCoveringEachSlot() {
        index.addCapacity(capacity(4000, "2026-06-01T00:00:00Z", null));
        CapacityAllocation burst = capacity(8000, "2026-06-10T00:00:00Z", "2026-06-12T00:00:00Z");
        index.addCapacity(burst);
        assertThat(coresFree("2026-06-10T00:00:00Z", "2026-06-12T00:00:00Z")).isEqualTo(12_000);
        assertThat(coresFree("2026-06-09T23:00:00Z", "2026-06-12T00:00:00Z")).isEqualTo(4000);
        assertThat(coresFree("2026-05-31T23:00:00Z", "2026-06-01T01:00:00Z")).isZero();
        assertThat(coresFree("2030-01-01T00:00:00Z", "2031-01-01T00:00:00Z")).isEqualTo(4000);

        // same id again: nothing changes; a new size under the same id replaces the old one
        index.addCapacity(burst);
        assertThat(coresFree("2026-06-10T00:00:00Z", "2026-06-11T00:00:00Z")).isEqualTo(12_000);
        index.addCapacity(new CapacityAllocation(burst.id(), pool.id(), cores(1000), burst.from(), burst.until()));
        assertThat(coresFree("2026-06-10T00:00:00Z", "2026-06-11T00:00:00Z")).isEqualTo(5000);
        assertThat(index.allocations(pool.id())).hasSize(2);
        assertThat(index.removeCapacity(burst)).isTrue();
        assertThat(index.removeCapacity(burst)).isFalse();
        assertThat(coresFree("2026-06-10T00:00:00Z", "2026-06-11T00:00:00Z")).isEqualTo(4000);
    }

    @Test
    void capacityCountsOnlyForWholeSlots() {
        index.addCapacity(capacity(1000, "2026-06-01T10:30:00Z", "2026-06-01T13:30:00Z"));
        assertThat(coresFree("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z")).isZero();
        assertThat(coresFree("2026-06-01T11:00:00Z", "2026-06-01T13:00:00Z")).isEqualTo(1000);
        assertThat(coresFree("2026-06-01T13:00:00Z", "2026-06-01T14:00:00Z")).isZero();
        // a query touching part of a slot is about the whole slot
        assertThat(coresFree("2026-06-01T11:15:00Z", "2026-06-01T11:45:00Z")).isEqualTo(1000);
    }

    @Test
    void reservationsAreIdempotentAndFollowTheBookingsStatus() {
        index.addCapacity(capacity(10_000, "2026-06-01T00:00:00Z", null));
        Booking held = booking(pool.id(), owner, "small", cores(1000), 3, span("2026-06-02T00:00:00Z", "2026-06-03T00:00:00Z"))
                .withStatus(BookingStatus.HELD);
        index.reserve(held);
        index.reserve(held);
        assertThat(coresFree("2026-06-02T00:00:00Z", "2026-06-03T00:00:00Z")).isEqualTo(7000);
        Booking active = held.withStatus(BookingStatus.ACTIVE);
        index.replace(held, active);
        assertThat(coresFree("2026-06-02T00:00:00Z", "2026-06-03T00:00:00Z")).isEqualTo(7000);
        Booking moved = active.withSpans(List.of(span("2026-06-04T00:00:00Z", "2026-06-05T00:00:00Z")));
        index.reserve(moved);
        assertThat(coresFree("2026-06-02T00:00:00Z", "2026-06-03T00:00:00Z")).isEqualTo(10_000);
        assertThat(coresFree("2026-06-04T00:00:00Z", "2026-06-05T00:00:00Z")).isEqualTo(7000);
        index.reserve(moved.withStatus(BookingStatus.CANCELLED));
        assertThat(coresFree("2026-06-04T00:00:00Z", "2026-06-05T00:00:00Z")).isEqualTo(10_000);
        assertThat(index.release(moved)).isFalse();
        assertThat(index.reservations(pool.id())).isEmpty();
        assertThat(BookingStatus.HELD.holdsCapacity()).isTrue();
        assertThat(BookingStatus.CANCELLED.holdsCapacity()).isFalse();
    }

    @Test
    void tryReserveAndTryReplaceCheckAndChangeInOneStep() {
        index.addCapacity(capacity(4000, "2026-06-01T00:00:00Z", null));
        Booking first = booking(pool.id(), owner, "small", cores(1000), 3, span("2026-06-02T00:00:00Z", "2026-06-03T00:00:00Z"));
        assertThat(index.tryReserve(first)).isTrue();
        Booking second = booking(pool.id(), owner, "small", cores(1000), 2, span("2026-06-02T12:00:00Z", "2026-06-02T13:00:00Z"),
                span("2026-06-04T00:00:00Z", "2026-06-05T00:00:00Z"));
        assertThat(index.tryReserve(second)).isFalse();
        assertThat(coresFree("2026-06-04T00:00:00Z", "2026-06-05T00:00:00Z")).isEqualTo(4000);
        // growing the first to four units fits, because its own three are not counted against it
        assertThat(index.tryReserve(new Booking(first.id(), pool.id(), owner, "small", cores(1000), 4, first.spans(),
                BookingStatus.ACTIVE, first.createdAt()))).isTrue();
        assertThat(coresFree("2026-06-02T00:00:00Z", "2026-06-03T00:00:00Z")).isZero();
        assertThat(index.tryReplace(first, second.withSpans(List.of(span("2026-06-02T12:00:00Z", "2026-06-02T13:00:00Z")))))
                .isTrue();
        assertThat(coresFree("2026-06-02T00:00:00Z", "2026-06-02T12:00:00Z")).isEqualTo(4000);
        assertThat(coresFree("2026-06-02T12:00:00Z", "2026-06-02T13:00:00Z")).isEqualTo(2000);
        assertThat(index.reservations(pool.id())).extracting(Booking::id).containsExactly(second.id());
    }

    @Test
    void whatABookingHoldsIsNotRecheckedWhenItChanges() {
        CapacityAllocation first = capacity(2000, "2026-06-01T00:00:00Z", "2026-06-03T00:00:00Z");
        index.addCapacity(first);
        index.addCapacity(capacity(2000, "2026-06-01T00:00:00Z", null));
        index.addCapacity(capacity(2000, "2026-06-03T00:00:00Z", null));
        Booking booking = booking(pool.id(), owner, "small", cores(1000), 3, span("2026-06-02T00:00:00Z", "2026-06-03T00:00:00Z"));
        assertThat(index.tryReserve(booking)).isTrue();
        index.removeCapacity(first);
        assertThat(coresFree("2026-06-02T00:00:00Z", "2026-06-03T00:00:00Z")).isEqualTo(-1000);

        Booking longer = booking.withSpans(List.of(span("2026-06-02T00:00:00Z", "2026-06-03T05:00:00Z")));
        assertThat(index.tryReplace(booking, longer)).isTrue();
        assertThat(coresFree("2026-06-03T00:00:00Z", "2026-06-03T05:00:00Z")).isEqualTo(1000);
        assertThat(index.tryReserve(longer)).isTrue();

        // one unit more is checked everywhere, and the over-booked day refuses it
        Booking bigger = new Booking(booking.id(), pool.id(), owner, "small", cores(1000), 4, longer.spans(),
                BookingStatus.ACTIVE, booking.createdAt());
        assertThat(index.tryReplace(longer, bigger)).isFalse();
        index.reserve(booking(pool.id(), AccountId.random(), "small", cores(1000), 2,
                span("2026-06-03T05:00:00Z", "2026-06-03T06:00:00Z")));
        Booking longerStill = longer.withSpans(List.of(span("2026-06-02T00:00:00Z", "2026-06-03T06:00:00Z")));
        assertThat(index.tryReplace(longer, longerStill)).isFalse();
        assertThat(index.reservations(pool.id())).hasSize(2).contains(longer);
        assertThat(coresFree("2026-06-02T00:00:00Z", "2026-06-03T00:00:00Z")).isEqualTo(-1000);
    }

    @Test
    void forgettingThePastDropsWhatEndedBeforeIt() {
        CapacityAllocation old = capacity(1000, "2026-05-01T00:00:00Z", "2026-05-20T00:00:00Z");
        index.addCapacity(old);
        index.addCapacity(capacity(4000, "2026-05-01T00:00:00Z", null));
        Booking over = booking(pool.id(), owner, "small", cores(1000), 1, span("2026-05-10T00:00:00Z", "2026-05-11T00:00:00Z"));
        Booking running = booking(pool.id(), owner, "small", cores(1000), 2, span("2026-05-31T00:00:00Z", "2026-06-02T00:00:00Z"));
        index.reserve(over);
        index.reserve(running);

        index.forgetBefore(at("2026-06-01T00:30:00Z"));
        assertThat(index.reservations(pool.id())).containsExactly(running);
        assertThat(index.allocations(pool.id())).hasSize(1);
        assertThat(index.removeCapacity(old)).isFalse();
        assertThat(coresFree("2026-06-01T00:00:00Z", "2026-06-02T00:00:00Z")).isEqualTo(2000);
        assertThat(coresFree("2026-05-31T23:00:00Z", "2026-06-02T00:00:00Z")).isZero();
        assertThat(index.release(running)).isTrue();
        assertThat(coresFree("2026-06-01T00:00:00Z", "2026-06-02T00:00:00Z")).isEqualTo(4000);

        Pool later = new Pool(PoolId.random(), "later", SharingMode.RESERVED);
        index.addPool(later);
        index.addCapacity(new CapacityAllocation(AllocationId.random(), later.id(), cores(1000), at("2026-01-01T00:00:00Z"), null));
        assertThat(index.available(later.id(), at("2026-05-31T00:00:00Z"), at("2026-06-01T00:00:00Z"))).isEqualTo(ResourceVector.zero());
        assertThat(index.available(later.id(), at("2026-06-01T00:00:00Z"), at("2027-06-01T00:00:00Z"))).isEqualTo(cores(1000));
    }

    @Test
    void slotRangesSubtract() {
        List<SlotRange> ranges = List.of(new SlotRange(0, 10), new SlotRange(20, 30), new SlotRange(40, 41));
        assertThat(AvailabilityIndex.subtract(ranges, List.of())).isEqualTo(ranges);
        assertThat(AvailabilityIndex.subtract(ranges, List.of(new SlotRange(5, 25)))).containsExactly(
                new SlotRange(0, 5), new SlotRange(25, 30), new SlotRange(40, 41));
        assertThat(AvailabilityIndex.subtract(ranges, List.of(new SlotRange(-5, 0), new SlotRange(2, 3),
                new SlotRange(4, 6), new SlotRange(9, 21), new SlotRange(29, 45)))).containsExactly(
                new SlotRange(0, 2), new SlotRange(3, 4), new SlotRange(6, 9), new SlotRange(21, 29));
        assertThat(AvailabilityIndex.subtract(ranges, List.of(new SlotRange(0, 50)))).isEmpty();
    }

    @Test
    void searchesAnswerInInstants() {
        index.addCapacity(capacity(4000, "2026-06-01T00:00:00Z", null));
        index.reserve(booking(pool.id(), owner, "small", cores(1000), 3, span("2026-06-02T00:00:00Z", "2026-06-03T00:00:00Z")));
        assertThat(index.earliestStart(pool.id(), cores(2000), Duration.ofMinutes(90), at("2026-06-01T20:30:00Z"),
                at("2026-06-10T00:00:00Z"))).contains(at("2026-06-01T21:00:00Z"));
        assertThat(index.earliestStart(pool.id(), cores(2000), Duration.ofHours(4), at("2026-06-01T21:00:00Z"),
                at("2026-06-10T00:00:00Z"))).contains(at("2026-06-03T00:00:00Z"));
        assertThat(index.earliestStart(pool.id(), cores(2000), 4, at("2026-06-01T21:00:00Z"),
                at("2026-06-03T03:59:00Z"))).isEqualTo(Optional.empty());
        assertFails(ErrorCode.INVALID_PERIOD, () -> index.earliestStart(pool.id(), cores(1), Duration.ZERO,
                at("2026-06-01T00:00:00Z"), at("2026-06-02T00:00:00Z")));
        assertThat(index.longestEndFrom(pool.id(), cores(2000), at("2026-06-01T10:00:00Z"), at("2026-06-05T00:00:00Z")))
                .isEqualTo(at("2026-06-02T00:00:00Z"));
        assertThat(index.longestEndFrom(pool.id(), cores(2000), at("2026-06-02T05:00:00Z"), at("2026-06-05T00:00:00Z")))
                .isEqualTo(at("2026-06-02T05:00:00Z"));
        assertThat(index.longestEndFrom(pool.id(), cores(2000), at("2026-06-03T00:00:00Z"), at("2026-06-05T00:30:00Z")))
                .isEqualTo(at("2026-06-05T00:00:00Z"));
    }

    @Test
    void poolsAreKeptByIdAndListedByName() {
        Pool other = new Pool(PoolId.random(), "a-first", SharingMode.SHARED);
        index.addPool(other);
        assertFails(ErrorCode.POOL_EXISTS, () -> index.addPool(new Pool(pool.id(), "again", SharingMode.MANAGED)));
        assertThat(index.pools()).containsExactly(other, pool);
        index.addCapacity(new CapacityAllocation(AllocationId.random(), other.id(),
                ResourceVector.of(Map.of("cores", 1000L, "gpu", 1L)), at("2026-01-01T00:00:00Z"), null));
        index.addCapacity(capacity(8000, "2026-01-01T00:00:00Z", null));
        assertThat(index.poolsFitting(cores(1000), at("2026-06-01T00:00:00Z"), at("2026-06-02T00:00:00Z")))
                .containsExactly(other.id(), pool.id());
        assertThat(index.poolsFitting(ResourceVector.of(Map.of("gpu", 1L)), at("2026-06-01T00:00:00Z"),
                at("2026-06-02T00:00:00Z"))).containsExactly(other.id());
        assertThat(index.removePool(other.id())).isTrue();
        assertThat(index.removePool(other.id())).isFalse();
        assertThat(index.pool(other.id())).isEmpty();
        assertFails(ErrorCode.POOL_NOT_FOUND, () -> index.available(other.id(), at("2026-06-01T00:00:00Z"),
                at("2026-06-02T00:00:00Z")));
        assertFails(ErrorCode.POOL_NOT_FOUND, () -> index.reserve(booking(other.id(), owner, "small", cores(1), 1,
                span("2026-06-01T00:00:00Z", "2026-06-02T00:00:00Z"))));
        assertFails(ErrorCode.INVALID_PERIOD, () -> index.available(pool.id(), at("2026-06-02T00:00:00Z"),
                at("2026-06-01T00:00:00Z")));
    }
}
