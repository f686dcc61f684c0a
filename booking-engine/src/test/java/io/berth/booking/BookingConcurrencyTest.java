package io.berth.booking;

import io.berth.core.account.AccountId;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.resource.ResourcePackage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.berth.booking.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

class BookingConcurrencyTest {
    private static final ResourcePackage SMALL = ResourcePackage.standard("small").orElseThrow();
    private static final int CAPACITY = 10;
    private static final Instant DAY = at("2026-06-01T00:00:00Z");

    private final Pool pool = new Pool(PoolId.random(), "contended", SharingMode.RESERVED);
    private final AvailabilityIndex index = AvailabilityIndex.build(SlotCalendar.utc(), List.of(pool),
            List.of(new CapacityAllocation(AllocationId.random(), pool.id(), SMALL.total().times(CAPACITY), DAY, null)),
            List.of());
    private final BookingEngine engine = new BookingEngine(index, BookingPolicies.defaults(),
            new MutableClock(at("2026-05-25T10:20:00Z")));

    /** Runs every task at once on 8 threads; returns the bookings made, null for each refusal. */
    private List<Booking> race(List<Callable<Booking>> tasks) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Booking>> futures = new ArrayList<>();
            for (Callable<Booking> task : tasks) {
                futures.add(threads.submit(() -> {
                    start.await();
                    try {
                        return task.call();
                    } catch (BerthException e) {
                        assertThat(e.errorCode()).isEqualTo(ErrorCode.CAPACITY_EXHAUSTED);
                        return null;
                    }
                }));
            }
            start.countDown();
            List<Booking> results = new ArrayList<>();
            for (Future<Booking> future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void exactlyTheLastUnitsAreSold() throws Exception {
        Span day = new Span(DAY, DAY.plus(Duration.ofDays(1)));
        List<Callable<Booking>> tasks = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            tasks.add(() -> engine.book(new BookingRequest(pool.id(), AccountId.random(), 2, SMALL, 1, List.of(day))));
        }
        AtomicBoolean reading = new AtomicBoolean(true);
        AtomicReference<Long> oddRead = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (reading.get()) {
                long free = index.countFitting(pool.id(), SMALL.total(), day.start(), day.end());
                if (free < 0 || free > CAPACITY) {
                    oddRead.set(free);
                }
            }
        });
        reader.start();
        List<Booking> results = race(tasks);
        reading.set(false);
        reader.join();
        assertThat(oddRead.get()).as("a reader saw an impossible count").isNull();

        assertThat(results.stream().filter(b -> b != null).count()).isEqualTo(CAPACITY);
        assertThat(index.countFitting(pool.id(), SMALL.total(), day.start(), day.end())).isZero();
        assertThat(index.available(pool.id(), day.start(), day.end()).isNonNegative()).isTrue();
        assertThat(index.reservations(pool.id())).hasSize(CAPACITY);
        assertThat(engine.bookings()).hasSize(CAPACITY);
    }

    @Test
    void overlappingRequestsNeverOverbookASlot() throws Exception {
        Random random = new Random(42);
        List<Callable<Booking>> tasks = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Instant start = DAY.plus(Duration.ofHours(random.nextInt(44)));
            Span span = new Span(start, start.plus(Duration.ofHours(1 + random.nextInt(12))));
            int count = 1 + random.nextInt(3);
            tasks.add(() -> engine.book(new BookingRequest(pool.id(), AccountId.random(), 2, SMALL, count, List.of(span))));
        }
        List<Booking> made = race(tasks).stream().filter(b -> b != null).toList();
        assertThat(made).isNotEmpty();
        for (int hour = 0; hour < 56; hour++) {
            Instant slot = DAY.plus(Duration.ofHours(hour));
            long held = 0;
            for (Booking booking : made) {
                if (booking.spans().get(0).contains(slot)) {
                    held += booking.count();
                }
            }
            assertThat(held).as("units held at %s", slot).isLessThanOrEqualTo(CAPACITY);
            assertThat(index.countFitting(pool.id(), SMALL.total(), slot, slot.plus(Duration.ofHours(1))))
                    .isEqualTo(CAPACITY - held);
        }
    }
}
