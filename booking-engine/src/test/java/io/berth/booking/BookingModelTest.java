package io.berth.booking;

import io.berth.core.account.AccountId;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.resource.ResourceLimits;
import io.berth.core.resource.ResourcePackage;
import io.berth.core.resource.ResourceVector;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Random sequences of capacity changes, bookings, cancellations and extensions, applied to the engine (on an
 * index whose timelines start tiny, so they grow all the time) and to a model that keeps one plain array
 * per pool and dimension; after every step both must agree on every answer.
 */
class BookingModelTest {
    /** Slots where bookings and capacity starts are generated. */
    static final int H = 200;
    /** Slots the model knows: open-ended capacity and queries reach past {@link #H}. */
    static final int M = 2 * H;
    static final String[] DIMENSIONS = {"cores", "memory", "disk", "gpu"};
    static final Instant BASE = Instant.parse("2030-01-07T00:00:00Z");
    static final List<ResourcePackage> PACKAGES = List.of(
            ResourcePackage.standard("tiny").orElseThrow(),
            ResourcePackage.standard("small").orElseThrow(),
            ResourcePackage.standard("medium").orElseThrow(),
            new ResourcePackage("gpubox", new ResourceLimits(1000, 1024), new ResourceLimits(1000, 1024), 0,
                    Map.of("gpu", 1L)));

    sealed interface Op permits AddCapacity, RemoveCapacity, Book, Cancel, Extend, Reapply, Forget {
    }

    record AddCapacity(int pool, int cores, int memory, int gpu, int from, int length, boolean open, int offsetMinutes)
            implements Op {
    }

    record RemoveCapacity(int pick) implements Op {
    }

    record Book(int pool, int owner, int pkg, int count, int start, List<Integer> lengths, List<Integer> gaps)
            implements Op {
    }

    record Cancel(int pick) implements Op {
    }

    record Extend(int pick, int hours) implements Op {
    }

    record Reapply(int pick) implements Op {
    }

    record Forget(int slot) implements Op {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Integer> pool = Arbitraries.integers().between(0, 1);
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, 1000);
        Arbitrary<Op> add = Combinators.combine(pool, Arbitraries.integers().between(0, 24),
                        Arbitraries.integers().between(0, 48), Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, H - 1), Arbitraries.integers().between(1, H),
                        Arbitraries.of(true, false), Arbitraries.of(0, 0, 30))
                .as(AddCapacity::new);
        Arbitrary<Op> book = Combinators.combine(pool, Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, PACKAGES.size() - 1), Arbitraries.integers().between(1, 4),
                        Arbitraries.integers().between(0, H - 1),
                        Arbitraries.integers().between(1, 40).list().ofMinSize(1).ofMaxSize(3),
                        Arbitraries.integers().between(0, 20).list().ofMinSize(2).ofMaxSize(2))
                .as(Book::new);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                Tuple.of(4, add),
                Tuple.of(1, pick.map(RemoveCapacity::new)),
                Tuple.of(8, book),
                Tuple.of(2, pick.map(Cancel::new)),
                Tuple.of(3, Combinators.combine(pick, Arbitraries.integers().between(1, 40)).as(Extend::new)),
                Tuple.of(1, pick.map(Reapply::new)),
                Tuple.of(1, Arbitraries.integers().between(0, H / 2).map(Forget::new)));
        return op.list().ofMinSize(1).ofMaxSize(40);
    }

    /** Availability per pool, dimension and slot [0, M), the way one would compute it by hand. */
    static final class Model {
        final long[][][] free = new long[2][DIMENSIONS.length][M];
        /** Slots before this are forgotten: 0, and changes there are dropped. */
        int forgotten;

        void forget(int slot) {
            for (long[][] pool : free) {
                for (long[] dimension : pool) {
                    for (int s = forgotten; s < slot; s++) {
                        dimension[s] = 0;
                    }
                }
            }
            forgotten = Math.max(forgotten, slot);
        }

        void add(int pool, ResourceVector delta, int from, int to) {
            for (int d = 0; d < DIMENSIONS.length; d++) {
                long amount = delta.get(DIMENSIONS[d]);
                for (int s = Math.max(forgotten, from); s < Math.min(to, M); s++) {
                    free[pool][d][s] += amount;
                }
            }
        }

        long min(int pool, int d, int from, int to) {
            long min = Long.MAX_VALUE;
            for (int s = from; s < to; s++) {
                min = Math.min(min, free[pool][d][s]);
            }
            return min;
        }

        ResourceVector available(int pool, int from, int to) {
            Map<String, Long> mins = new HashMap<>();
            for (int d = 0; d < DIMENSIONS.length; d++) {
                mins.put(DIMENSIONS[d], min(pool, d, from, to));
            }
            return ResourceVector.signed(mins);
        }

        boolean fits(int pool, ResourceVector need, int from, int to) {
            for (int d = 0; d < DIMENSIONS.length; d++) {
                long amount = need.get(DIMENSIONS[d]);
                if (amount != 0 && min(pool, d, from, to) < amount) {
                    return false;
                }
            }
            return true;
        }

        long countFitting(int pool, ResourceVector unit, int from, int to) {
            long count = Long.MAX_VALUE;
            for (int d = 0; d < DIMENSIONS.length; d++) {
                long amount = unit.get(DIMENSIONS[d]);
                if (amount > 0) {
                    count = Math.min(count, Math.max(0, min(pool, d, from, to)) / amount);
                }
            }
            return count;
        }

        Optional<Integer> earliestStart(int pool, ResourceVector need, int length, int notBefore, int latestEnd) {
            for (int s = notBefore; s + length <= latestEnd; s++) {
                if (fits(pool, need, s, s + length)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }

        int longestEnd(int pool, ResourceVector need, int from, int wantedEnd) {
            int end = from;
            while (end < wantedEnd && fits(pool, need, end, end + 1)) {
                end++;
            }
            return end;
        }
    }

    static Instant slot(int s) {
        return BASE.plus(Duration.ofHours(s));
    }

    static int slotOf(Instant instant) {
        return (int) Duration.between(BASE, instant).toHours();
    }

    private static ResourceVector randomNeed(Random random) {
        Map<String, Long> amounts = new LinkedHashMap<>();
        amounts.put("cores", random.nextInt(4) == 0 ? 0L : 1000L * random.nextInt(13));
        amounts.put("memory", random.nextInt(3) == 0 ? 0L : 1024L * random.nextInt(25));
        amounts.put("disk", random.nextInt(2) == 0 ? 0L : 10L * random.nextInt(10));
        amounts.put("gpu", random.nextInt(3) == 0 ? (long) random.nextInt(3) : 0L);
        return ResourceVector.of(amounts);
    }

    /**
     * A booking whose every hour is forgotten (it ended) is extended: only the new hours are asked for, as for a
     * booking the index still holds. Found by the property below.
     */
    @Example
    void anEndedBookingIsExtendedByItsNewHoursOnly() {
        engineAgreesWithTheModel(List.of(
                new AddCapacity(0, 0, 4, 0, 0, 1, true, 0),
                new AddCapacity(0, 2, 0, 0, 0, 1, true, 0),
                new Book(0, 0, 0, 1, 5, List.of(1, 20, 40), List.of(13, 20)),
                new Forget(99),
                new Extend(0, 1)), 0);
    }

    @Property(tries = 1000)
    void engineAgreesWithTheModel(@ForAll("operations") List<Op> operations, @ForAll long seed) {
        Random random = new Random(seed);
        AvailabilityIndex index = new AvailabilityIndex(SlotCalendar.utc(), 4);
        Pool[] pools = {new Pool(PoolId.random(), "pool-a", SharingMode.RESERVED),
                new Pool(PoolId.random(), "pool-b", SharingMode.RESERVED)};
        for (Pool pool : pools) {
            index.addPool(pool);
        }
        Map<String, Duration> anything = PACKAGES.stream()
                .collect(Collectors.toMap(ResourcePackage::name, p -> Duration.ofDays(10_000)));
        BookingPolicies policies = new BookingPolicies(List.of(new BookingPolicy(0, true, anything, Duration.ofDays(10_000),
                10_000, Duration.ofDays(10_000))));
        BookingEngine engine = new BookingEngine(index, policies, new MutableClock(BASE));
        AccountId[] owners = {AccountId.random(), AccountId.random(), AccountId.random()};
        Model model = new Model();
        List<CapacityAllocation> allocations = new ArrayList<>();
        List<Booking> bookings = new ArrayList<>();
        boolean capacityRemoved = false;

        for (Op op : operations) {
            if (op instanceof AddCapacity add) {
                ResourceVector size = ResourceVector.of(Map.of("cores", 1000L * add.cores(), "memory", 1024L * add.memory(),
                        "disk", 50L, "gpu", (long) add.gpu()));
                Instant from = slot(add.from()).plus(Duration.ofMinutes(add.offsetMinutes()));
                Instant until = add.open() ? null : slot(add.from() + add.length()).plus(Duration.ofMinutes(add.offsetMinutes()));
                CapacityAllocation allocation = new CapacityAllocation(AllocationId.random(), pools[add.pool()].id(), size,
                        from, until);
                index.addCapacity(allocation);
                allocations.add(allocation);
                int first = add.from() + (add.offsetMinutes() > 0 ? 1 : 0);
                model.add(add.pool(), size, first, add.open() ? M : add.from() + add.length());
            } else if (op instanceof RemoveCapacity remove) {
                if (allocations.isEmpty()) {
                    continue;
                }
                CapacityAllocation allocation = allocations.remove(remove.pick() % allocations.size());
                boolean forgotten = allocation.until() != null && !allocation.until().isAfter(slot(model.forgotten));
                assertThat(index.removeCapacity(allocation)).isEqualTo(!forgotten);
                assertThat(index.removeCapacity(allocation)).isFalse();
                int pool = allocation.pool().equals(pools[0].id()) ? 0 : 1;
                int from = slotOf(allocation.from()) + (allocation.from().equals(slot(slotOf(allocation.from()))) ? 0 : 1);
                int to = allocation.until() == null ? M : slotOf(allocation.until());
                model.add(pool, allocation.size().negate(), from, to);
                capacityRemoved = true;
            } else if (op instanceof Book book) {
                List<Span> spans = new ArrayList<>();
                int start = book.start();
                for (int i = 0; i < book.lengths().size() && start < H; i++) {
                    int end = Math.min(H, start + book.lengths().get(i));
                    spans.add(new Span(slot(start), slot(end)));
                    start = end + book.gaps().get(i % 2);
                }
                ResourcePackage pkg = PACKAGES.get(book.pkg());
                ResourceVector total = pkg.total().times(book.count());
                boolean admit = spans.stream().allMatch(
                        span -> model.fits(book.pool(), total, slotOf(span.start()), slotOf(span.end())));
                BookingRequest request = new BookingRequest(pools[book.pool()].id(), owners[book.owner()], 0, pkg,
                        book.count(), spans);
                try {
                    Booking booking = engine.book(request);
                    assertThat(admit).as("engine admitted what the model refuses: %s", book).isTrue();
                    assertThat(booking.spans()).isEqualTo(spans);
                    bookings.add(booking);
                    for (Span span : spans) {
                        model.add(book.pool(), total.negate(), slotOf(span.start()), slotOf(span.end()));
                        assertRoomWasThere(model, book.pool(), total, slotOf(span.start()), slotOf(span.end()));
                    }
                } catch (BerthException e) {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.CAPACITY_EXHAUSTED);
                    assertThat(admit).as("engine refused what the model admits: %s", book).isFalse();
                }
            } else if (op instanceof Cancel cancel) {
                if (bookings.isEmpty()) {
                    continue;
                }
                int i = cancel.pick() % bookings.size();
                Booking booking = engine.booking(bookings.get(i).id()).orElseThrow();
                try {
                    Booking cancelled = engine.cancel(booking.id(), booking.owner());
                    assertThat(booking.status()).isEqualTo(BookingStatus.ACTIVE);
                    assertThat(cancelled.status()).isEqualTo(BookingStatus.CANCELLED);
                    int pool = poolOf(pools, booking);
                    for (Span span : booking.spans()) {
                        model.add(pool, booking.total(), slotOf(span.start()), slotOf(span.end()));
                    }
                } catch (BerthException e) {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.BOOKING_NOT_ACTIVE);
                    assertThat(booking.status()).isEqualTo(BookingStatus.CANCELLED);
                }
            } else if (op instanceof Extend extend) {
                if (bookings.isEmpty()) {
                    continue;
                }
                Booking booking = engine.booking(bookings.get(extend.pick() % bookings.size()).id()).orElseThrow();
                int end = slotOf(booking.end());
                int newEnd = Math.min(M, end + extend.hours());
                if (newEnd <= end) {
                    continue;
                }
                int pool = poolOf(pools, booking);
                boolean admit = model.fits(pool, booking.total(), end, newEnd);
                try {
                    Booking extended = engine.extend(booking.id(), booking.owner(), 0, slot(newEnd));
                    assertThat(booking.status()).isEqualTo(BookingStatus.ACTIVE);
                    assertThat(admit).as("engine extended where the model refuses").isTrue();
                    assertThat(extended.end()).isEqualTo(slot(newEnd));
                    model.add(pool, booking.total().negate(), end, newEnd);
                    assertRoomWasThere(model, pool, booking.total(), end, newEnd);
                } catch (BerthException e) {
                    if (booking.status() == BookingStatus.CANCELLED) {
                        assertThat(e.errorCode()).isEqualTo(ErrorCode.BOOKING_NOT_ACTIVE);
                    } else {
                        assertThat(e.errorCode()).isEqualTo(ErrorCode.CAPACITY_EXHAUSTED);
                        assertThat(admit).as("engine refused an extension the model admits").isFalse();
                        assertThat(e.details().get("longestEnd"))
                                .isEqualTo(slot(model.longestEnd(pool, booking.total(), end, newEnd)).toString());
                    }
                }
            } else if (op instanceof Reapply reapply) {
                if (bookings.isEmpty()) {
                    continue;
                }
                // Re-applying what a store holds must not count anything twice.
                index.reserve(engine.booking(bookings.get(reapply.pick() % bookings.size()).id()).orElseThrow());
            } else if (op instanceof Forget forget) {
                if (forget.slot() > model.forgotten) {
                    index.forgetBefore(slot(forget.slot()));
                    model.forget(forget.slot());
                }
            }
            compare(index, pools, model, random);
            for (int p = 0; p < 2; p++) {
                int pool = p;
                // bookings over before the forgotten mark may or may not be remembered (re-applied ones are)
                Instant mark = slot(model.forgotten);
                Set<BookingId> active = engine.bookings().stream()
                        .filter(b -> b.status() == BookingStatus.ACTIVE && poolOf(pools, b) == pool && b.end().isAfter(mark))
                        .map(Booking::id).collect(Collectors.toSet());
                assertThat(index.reservations(pools[p].id()).stream().filter(b -> b.end().isAfter(mark)))
                        .extracting(Booking::id).containsExactlyInAnyOrderElementsOf(active);
                if (!capacityRemoved) {
                    assertNotOverbooked(model, p, 0, M);
                }
            }
        }
    }

    private static int poolOf(Pool[] pools, Booking booking) {
        return booking.pool().equals(pools[0].id()) ? 0 : 1;
    }

    /** After an admission: no slot it took is over-booked in a dimension it uses. */
    private static void assertRoomWasThere(Model model, int pool, ResourceVector used, int from, int to) {
        for (int d = 0; d < DIMENSIONS.length; d++) {
            if (used.get(DIMENSIONS[d]) > 0 && model.min(pool, d, from, to) < 0) {
                fail("admitted into pool %d where %s was short between slots %d and %d", pool, DIMENSIONS[d], from, to);
            }
        }
    }

    private static void assertNotOverbooked(Model model, int pool, int from, int to) {
        for (int d = 0; d < DIMENSIONS.length; d++) {
            if (model.min(pool, d, from, to) < 0) {
                fail("pool %d is over-booked in %s between slots %d and %d", pool, DIMENSIONS[d], from, to);
            }
        }
    }

    private static void compare(AvailabilityIndex index, Pool[] pools, Model model, Random random) {
        for (int q = 0; q < 4; q++) {
            int p = random.nextInt(2);
            PoolId pool = pools[p].id();
            int from = random.nextInt(M);
            int to = from + 1 + random.nextInt(Math.min(M - from, q % 2 == 0 ? 12 : M));
            to = Math.min(to, M);
            assertThat(index.available(pool, slot(from), slot(to))).as("available %d..%d", from, to)
                    .isEqualTo(model.available(p, from, to));
            ResourcePackage pkg = PACKAGES.get(random.nextInt(PACKAGES.size()));
            assertThat(index.countFitting(pool, pkg.total(), slot(from), slot(to))).as("countFitting")
                    .isEqualTo(model.countFitting(p, pkg.total(), from, to));
            ResourceVector need = randomNeed(random);
            assertThat(index.fits(pool, need, slot(from), slot(to))).as("fits %s %d..%d", need, from, to)
                    .isEqualTo(model.fits(p, need, from, to));
            List<PoolId> fitting = new ArrayList<>();
            for (int other = 0; other < 2; other++) {
                if (model.fits(other, need, from, to)) {
                    fitting.add(pools[other].id());
                }
            }
            assertThat(index.poolsFitting(need, slot(from), slot(to))).as("poolsFitting").isEqualTo(fitting);

            int length = 1 + random.nextInt(q % 2 == 0 ? 6 : 60);
            int notBefore = random.nextInt(M);
            int latestEnd = notBefore + random.nextInt(M - notBefore + 1);
            Optional<Integer> earliest = model.earliestStart(p, need, length, notBefore, latestEnd);
            assertThat(index.earliestStart(pool, need, Duration.ofHours(length), slot(notBefore), slot(latestEnd)))
                    .as("earliestStart %s for %d from %d until %d", need, length, notBefore, latestEnd)
                    .isEqualTo(earliest.map(BookingModelTest::slot));

            int wantedEnd = from + random.nextInt(M - from + 1);
            assertThat(index.longestEndFrom(pool, need, slot(from), slot(wantedEnd)))
                    .as("longestEndFrom %s %d..%d", need, from, wantedEnd)
                    .isEqualTo(slot(model.longestEnd(p, need, from, wantedEnd)));
        }
    }
}
