package io.berth.platform.booking;

import io.berth.booking.AllocationId;
import io.berth.booking.Booking;
import io.berth.booking.BookingId;
import io.berth.booking.BookingStatus;
import io.berth.booking.CapacityAllocation;
import io.berth.booking.Pool;
import io.berth.booking.PoolId;
import io.berth.booking.SharingMode;
import io.berth.booking.SlotCalendar;
import io.berth.booking.Span;
import io.berth.core.account.AccountId;
import io.berth.core.resource.ResourceVector;
import io.berth.platform.store.BookingStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IndexMirrorTest {
    private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
    private final Pool pool = new Pool(PoolId.random(), "rack", SharingMode.RESERVED);
    private final ResourceVector unit = ResourceVector.of(1000, 0, 0);
    private final CapacityAllocation capacity = new CapacityAllocation(AllocationId.random(), pool.id(), unit, T0, null);

    private static Instant hour(int n) {
        return T0.plusSeconds(3600L * n);
    }

    @Test
    void changesReadBeforeNewerOnesWereAppliedAreDropped() {
        IndexMirror mirror = new IndexMirror(SlotCalendar.utc(), new BookingStore.Snapshot(List.of(pool),
                List.of(capacity), List.of(), List.of(), Map.of(pool.id(), 1L)));
        Booking shorter = new Booking(BookingId.random(), pool.id(), AccountId.random(), "tiny", unit, 1,
                List.of(new Span(hour(10), hour(12))), BookingStatus.ACTIVE, T0);
        Booking longer = shorter.withSpans(List.of(new Span(hour(10), hour(14))));
        BookingStore.Changes older = new BookingStore.Changes(2, List.of(), List.of(), List.of(shorter), List.of());
        BookingStore.Changes newer = new BookingStore.Changes(3, List.of(), List.of(), List.of(longer), List.of());

        mirror.apply(pool.id(), newer);
        mirror.apply(pool.id(), older);

        assertThat(mirror.version(pool.id())).isEqualTo(3);
        assertThat(mirror.index().fits(pool.id(), unit, hour(12), hour(14))).isFalse();
        assertThat(mirror.reservation(pool.id(), shorter.id())).contains(longer);

        // a removal read before is not undone by a later apply of an older copy either
        mirror.apply(pool.id(), new BookingStore.Changes(4, List.of(), List.of(capacity.id()), List.of(), List.of()));
        mirror.apply(pool.id(), new BookingStore.Changes(3, List.of(capacity), List.of(), List.of(), List.of()));
        assertThat(mirror.index().fits(pool.id(), unit, hour(20), hour(21))).isFalse();
    }

    @Test
    void forgettingThePastDropsWhatEndedBeforeIt() {
        Booking old = new Booking(BookingId.random(), pool.id(), AccountId.random(), "tiny", unit, 1,
                List.of(new Span(hour(1), hour(2))), BookingStatus.ACTIVE, T0);
        Booking running = old.withSpans(List.of(new Span(hour(1), hour(30)))).withStatus(BookingStatus.ACTIVE);
        Booking current = new Booking(BookingId.random(), pool.id(), AccountId.random(), "tiny", unit, 1,
                List.of(new Span(hour(40), hour(41))), BookingStatus.ACTIVE, T0);
        IndexMirror mirror = new IndexMirror(SlotCalendar.utc(), new BookingStore.Snapshot(List.of(pool),
                List.of(new CapacityAllocation(capacity.id(), pool.id(), unit, T0, hour(50))), List.of(old, current), List.of(), Map.of(pool.id(), 1L)));
        mirror.forgetBefore(hour(10));
        assertThat(mirror.reservation(pool.id(), old.id())).isEmpty();
        assertThat(mirror.reservation(pool.id(), current.id())).contains(current);
        assertThat(mirror.index().fits(pool.id(), unit, hour(40), hour(41))).isFalse();
        assertThat(mirror.index().fits(pool.id(), unit, hour(42), hour(43))).isTrue();
        // a booking that turns out to run past the mark is reserved from the mark on
        mirror.apply(pool.id(), new BookingStore.Changes(2, List.of(), List.of(), List.of(running), List.of()));
        assertThat(mirror.index().fits(pool.id(), unit, hour(20), hour(21))).isFalse();
    }
}
