package io.berth.booking;

import io.berth.core.account.AccountId;
import io.berth.core.error.ErrorCode;
import io.berth.core.resource.ResourcePackage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.berth.booking.Fixtures.assertFails;
import static io.berth.booking.Fixtures.assertRule;
import static io.berth.booking.Fixtures.at;
import static io.berth.booking.Fixtures.span;
import static org.assertj.core.api.Assertions.assertThat;

class BookingEngineTest {
    private static final ResourcePackage SMALL = ResourcePackage.standard("small").orElseThrow();
    private static final ResourcePackage LARGE = ResourcePackage.standard("large").orElseThrow();

    private final MutableClock clock = new MutableClock(at("2026-05-25T10:20:00Z"));
    private final Pool pool = new Pool(PoolId.random(), "cumulus", SharingMode.RESERVED);
    private final AvailabilityIndex index = AvailabilityIndex.build(SlotCalendar.utc(), List.of(pool),
            List.of(new CapacityAllocation(AllocationId.random(), pool.id(), SMALL.total().times(3),
                    at("2026-01-01T00:00:00Z"), null)), List.of());
    private final BookingEngine engine = new BookingEngine(index, BookingPolicies.defaults(), clock);
    private final AccountId alice = AccountId.random();
    private final AccountId bob = AccountId.random();

    private BookingRequest request(AccountId owner, int count, Span... spans) {
        return new BookingRequest(pool.id(), owner, 2, SMALL, count, List.of(spans));
    }

    private long smallFitting(String start, String end) {
        return index.countFitting(pool.id(), SMALL.total(), at(start), at(end));
    }

    @Test
    void bookAndCancel() {
        Booking booking = engine.book(request(alice, 2, span("2026-05-25T10:00:00Z", "2026-05-27T10:00:00Z")));
        assertThat(booking.status()).isEqualTo(BookingStatus.ACTIVE);
        assertThat(booking.owner()).isEqualTo(alice);
        assertThat(booking.packageName()).isEqualTo("small");
        assertThat(booking.total()).isEqualTo(SMALL.total().times(2));
        assertThat(booking.createdAt()).isEqualTo(clock.instant());
        assertThat(smallFitting("2026-05-25T10:00:00Z", "2026-05-27T10:00:00Z")).isEqualTo(1);
        assertThat(smallFitting("2026-05-27T10:00:00Z", "2026-05-27T11:00:00Z")).isEqualTo(3);
        assertThat(engine.bookingsOf(alice)).containsExactly(booking);
        assertThat(engine.bookingsOf(bob)).isEmpty();

        assertFails(ErrorCode.BOOKING_NOT_FOUND, () -> engine.cancel(booking.id(), bob));
        assertFails(ErrorCode.BOOKING_NOT_FOUND, () -> engine.cancel(BookingId.random(), alice));
        Booking cancelled = engine.cancel(booking.id(), alice);
        assertThat(cancelled.status()).isEqualTo(BookingStatus.CANCELLED);
        assertThat(engine.booking(booking.id())).contains(cancelled);
        assertThat(smallFitting("2026-05-25T10:00:00Z", "2026-05-27T10:00:00Z")).isEqualTo(3);
        assertFails(ErrorCode.BOOKING_NOT_ACTIVE, () -> engine.cancel(booking.id(), alice));
    }

    @Test
    void aFullPoolRefusesAndReservesNothing() {
        engine.book(request(alice, 2, span("2026-05-26T00:00:00Z", "2026-05-28T00:00:00Z")));
        assertFails(ErrorCode.CAPACITY_EXHAUSTED,
                () -> engine.book(request(bob, 2, span("2026-05-27T00:00:00Z", "2026-05-29T00:00:00Z"))))
                .matches(e -> e.details().equals(Map.of("pool", pool.id().toString())));
        assertThat(smallFitting("2026-05-28T00:00:00Z", "2026-05-29T00:00:00Z")).isEqualTo(3);
        assertThat(engine.bookingsOf(bob)).isEmpty();
        assertThat(engine.book(request(bob, 1, span("2026-05-27T00:00:00Z", "2026-05-29T00:00:00Z"))).count()).isEqualTo(1);
        assertThat(smallFitting("2026-05-27T00:00:00Z", "2026-05-28T00:00:00Z")).isZero();
        assertFails(ErrorCode.CAPACITY_EXHAUSTED, () -> engine.book(new BookingRequest(pool.id(), bob, 2, LARGE, 1,
                List.of(span("2026-06-01T00:00:00Z", "2026-06-02T00:00:00Z")))));
    }

    @Test
    void multiSpanBookingsReserveAllOrNothing() {
        engine.book(request(bob, 3, span("2026-05-30T00:00:00Z", "2026-05-31T00:00:00Z")));
        assertFails(ErrorCode.CAPACITY_EXHAUSTED, () -> engine.book(request(alice, 1,
                span("2026-05-28T00:00:00Z", "2026-05-29T00:00:00Z"),
                span("2026-05-30T00:00:00Z", "2026-05-31T00:00:00Z"))));
        assertThat(smallFitting("2026-05-28T00:00:00Z", "2026-05-29T00:00:00Z")).isEqualTo(3);

        Booking weekends = engine.book(request(alice, 1,
                span("2026-05-28T00:00:00Z", "2026-05-29T00:00:00Z"),
                span("2026-06-04T00:00:00Z", "2026-06-05T00:00:00Z")));
        assertThat(weekends.spans()).hasSize(2);
        assertThat(smallFitting("2026-05-28T00:00:00Z", "2026-05-29T00:00:00Z")).isEqualTo(2);
        assertThat(smallFitting("2026-05-29T00:00:00Z", "2026-05-30T00:00:00Z")).isEqualTo(3);
        assertThat(smallFitting("2026-05-31T00:00:00Z", "2026-06-04T00:00:00Z")).isEqualTo(3);
        assertThat(smallFitting("2026-06-04T00:00:00Z", "2026-06-05T00:00:00Z")).isEqualTo(2);
    }

    @Test
    void periodsMustBeAlignedAndNotInThePast() {
        assertThat(engine.book(request(alice, 1, span("2026-05-25T10:00:00Z", "2026-05-25T11:00:00Z")))).isNotNull();
        assertRule(ErrorCode.BOOKING_POLICY_VIOLATED, BookingPolicies.PAST_START,
                () -> engine.book(request(alice, 1, span("2026-05-25T09:00:00Z", "2026-05-25T11:00:00Z"))));
        assertFails(ErrorCode.INVALID_PERIOD,
                () -> engine.book(request(alice, 1, span("2026-05-25T11:30:00Z", "2026-05-25T13:00:00Z"))))
                .withMessageContaining("whole hours");
        assertFails(ErrorCode.INVALID_PERIOD, () -> request(alice, 1, span("2026-05-26T00:00:00Z", "2026-05-27T00:00:00Z"),
                span("2026-05-26T12:00:00Z", "2026-05-28T00:00:00Z")));
        assertFails(ErrorCode.INVALID_RESOURCES, () -> request(alice, 0, span("2026-05-26T00:00:00Z", "2026-05-27T00:00:00Z")));
        assertFails(ErrorCode.POOL_NOT_FOUND, () -> engine.book(new BookingRequest(PoolId.random(), alice, 2, SMALL, 1,
                List.of(span("2026-05-26T00:00:00Z", "2026-05-27T00:00:00Z")))));
        assertRule(ErrorCode.LEVEL_NOT_ALLOWED, BookingPolicies.PACKAGE_NOT_ALLOWED,
                () -> engine.book(new BookingRequest(pool.id(), alice, 0, SMALL, 1,
                        List.of(span("2026-05-26T00:00:00Z", "2026-05-27T00:00:00Z")))));
    }

    @Test
    void concurrentBookingsAreLimitedPerOwner() {
        for (int day = 26; day <= 27; day++) {
            engine.book(new BookingRequest(pool.id(), alice, 1, SMALL, 1,
                    List.of(span("2026-05-" + day + "T00:00:00Z", "2026-05-" + day + "T12:00:00Z"))));
        }
        assertRule(ErrorCode.BOOKING_POLICY_VIOLATED, BookingPolicies.MAX_CONCURRENT,
                () -> engine.book(new BookingRequest(pool.id(), alice, 1, SMALL, 1,
                        List.of(span("2026-05-28T00:00:00Z", "2026-05-28T12:00:00Z")))));
        clock.set(at("2026-05-26T12:00:00Z"));
        assertThat(engine.book(new BookingRequest(pool.id(), alice, 1, SMALL, 1,
                List.of(span("2026-05-28T00:00:00Z", "2026-05-28T12:00:00Z")))).count()).isEqualTo(1);
    }

    @Test
    void decidingReservesNothing() {
        Admission admission = engine.decide(request(alice, 3, span("2026-05-26T00:00:00Z", "2026-05-27T00:00:00Z")), List.of());
        assertThat(admission.policy().level()).isEqualTo(2);
        assertThat(admission.booking().count()).isEqualTo(3);
        assertThat(admission.booking().createdAt()).isEqualTo(clock.instant());
        assertThat(smallFitting("2026-05-26T00:00:00Z", "2026-05-27T00:00:00Z")).isEqualTo(3);
        assertThat(engine.bookings()).isEmpty();
        assertThat(index.tryReserve(admission.booking())).isTrue();
        assertThat(index.tryReserve(admission.booking())).isTrue();
        assertThat(smallFitting("2026-05-26T00:00:00Z", "2026-05-27T00:00:00Z")).isZero();
    }

    @Test
    void extendingReportsTheLongestEndThatFits() {
        Booking booking = engine.book(new BookingRequest(pool.id(), alice, 1, SMALL, 1,
                List.of(span("2026-05-25T10:00:00Z", "2026-05-28T00:00:00Z"))));
        engine.book(request(bob, 3, span("2026-05-29T00:00:00Z", "2026-05-30T00:00:00Z")));

        assertRule(ErrorCode.BOOKING_POLICY_VIOLATED, BookingPolicies.EXTENSION_WINDOW,
                () -> engine.extend(booking.id(), alice, 1, at("2026-05-28T20:00:00Z")));
        clock.set(at("2026-05-26T12:00:00Z"));
        assertFails(ErrorCode.CAPACITY_EXHAUSTED, () -> engine.extend(booking.id(), alice, 1, at("2026-05-30T10:00:00Z")))
                .matches(e -> e.details().get("longestEnd").equals("2026-05-29T00:00:00Z"), "longestEnd");
        assertThat(engine.booking(booking.id())).contains(booking);
        assertThat(smallFitting("2026-05-28T00:00:00Z", "2026-05-29T00:00:00Z")).isEqualTo(3);
        assertFails(ErrorCode.BOOKING_NOT_FOUND, () -> engine.extend(booking.id(), bob, 2, at("2026-05-29T00:00:00Z")));
        assertFails(ErrorCode.INVALID_PERIOD, () -> engine.extend(booking.id(), alice, 1, at("2026-05-28T10:30:00Z")));
        assertFails(ErrorCode.INVALID_PERIOD, () -> engine.extend(booking.id(), alice, 1, at("2026-05-27T09:00:00Z")));

        Booking extended = engine.extend(booking.id(), alice, 1, at("2026-05-29T00:00:00Z"));
        assertThat(extended.spans()).containsExactly(span("2026-05-25T10:00:00Z", "2026-05-29T00:00:00Z"));
        assertThat(extended.id()).isEqualTo(booking.id());
        assertThat(engine.booking(booking.id())).contains(extended);
        assertThat(smallFitting("2026-05-28T00:00:00Z", "2026-05-29T00:00:00Z")).isEqualTo(2);
        assertThat(smallFitting("2026-05-25T10:00:00Z", "2026-05-28T00:00:00Z")).isEqualTo(2);
        assertThat(index.reservations(pool.id())).hasSize(2).contains(extended);

        // nothing fits right after the end: the longest end is the current end
        assertFails(ErrorCode.CAPACITY_EXHAUSTED, () -> engine.extend(booking.id(), alice, 2, at("2026-05-29T05:00:00Z")))
                .matches(e -> e.details().get("longestEnd").equals("2026-05-29T00:00:00Z"), "longestEnd");
        engine.cancel(booking.id(), alice);
        assertFails(ErrorCode.BOOKING_NOT_ACTIVE, () -> engine.extend(booking.id(), alice, 2, at("2026-05-29T05:00:00Z")));
    }

    @Test
    void extendingAMultiSpanBookingGrowsItsLastSpan() {
        Booking booking = engine.book(request(alice, 1, span("2026-05-26T00:00:00Z", "2026-05-26T08:00:00Z"),
                span("2026-05-27T00:00:00Z", "2026-05-27T08:00:00Z")));
        clock.set(at("2026-05-26T12:00:00Z"));
        Booking extended = engine.extend(booking.id(), alice, 2, at("2026-05-27T12:00:00Z"));
        assertThat(extended.spans()).containsExactly(span("2026-05-26T00:00:00Z", "2026-05-26T08:00:00Z"),
                span("2026-05-27T00:00:00Z", "2026-05-27T12:00:00Z"));
        assertThat(smallFitting("2026-05-27T08:00:00Z", "2026-05-27T12:00:00Z")).isEqualTo(2);
        assertThat(smallFitting("2026-05-26T08:00:00Z", "2026-05-27T00:00:00Z")).isEqualTo(3);
    }

    @Test
    void loadedBookingsAreKeptAndReserved() {
        Booking old = Fixtures.booking(pool.id(), alice, "small", SMALL.total(), 2, span("2026-06-01T00:00:00Z", "2026-06-02T00:00:00Z"));
        BookingEngine restarted = new BookingEngine(AvailabilityIndex.build(SlotCalendar.utc(), List.of(pool),
                index.allocations(pool.id()), List.of()), BookingPolicies.defaults(), clock);
        restarted.load(List.of(old, old.withStatus(BookingStatus.CANCELLED).withSpans(List.of(
                span("2026-06-03T00:00:00Z", "2026-06-04T00:00:00Z")))));
        assertThat(restarted.bookingsOf(alice)).hasSize(1);
        assertThat(restarted.index().countFitting(pool.id(), SMALL.total(), at("2026-06-01T00:00:00Z"),
                at("2026-06-02T00:00:00Z"))).isEqualTo(3);
    }
}
