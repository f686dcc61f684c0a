package io.berth.benchmarks.booking;

import io.berth.booking.AllocationId;
import io.berth.booking.AvailabilityGrid;
import io.berth.booking.AvailabilityIndex;
import io.berth.booking.Booking;
import io.berth.booking.BookingId;
import io.berth.booking.BookingStatus;
import io.berth.booking.CapacityAllocation;
import io.berth.booking.ColumnWidth;
import io.berth.booking.Pool;
import io.berth.booking.PoolId;
import io.berth.booking.SharingMode;
import io.berth.booking.SlotCalendar;
import io.berth.booking.Span;
import io.berth.core.account.AccountId;
import io.berth.core.resource.ResourceLimits;
import io.berth.core.resource.ResourcePackage;
import io.berth.core.resource.ResourceVector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The availability grid of one pool (5 packages × 31 day columns, and × 744 hour columns) over 10<sup>5</sup> and
 * 10<sup>6</sup> reservations spread at random over about two months, from the index against a baseline that
 * computes each column by scanning every reservation.
 *
 * <pre>
 * benchmarks/run-booking-grid.sh
 * </pre>
 *
 * The figure that matters is the ratio baseline / index per column width and reservation count. The index gets
 * more warm-up iterations than the baseline: right after a million bookings were built, the first seconds of a
 * small machine are noisy (memory being settled), which matters for a 10 µs operation and not for a 5 s one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
public class AvailabilityGridBenchmark {
    /** Reservations start anywhere in these two months (61 days) and last 1 to 72 hours. */
    private static final Instant HORIZON_START = Instant.parse("2026-05-16T00:00:00Z");
    private static final int HORIZON_SLOTS = 61 * 24;
    private static final int MAX_HOURS = 72;
    /** The grid: 31 days in the middle of the reservations' two months. */
    private static final Instant GRID_START = Instant.parse("2026-06-01T00:00:00Z");
    private static final Instant GRID_END = GRID_START.plus(Duration.ofDays(31));
    private static final String[] DIMENSIONS = {ResourceVector.CORES, ResourceVector.MEMORY, ResourceVector.DISK};

    @Param({"100000", "1000000"})
    public int reservations;

    private final SlotCalendar calendar = new SlotCalendar(ZoneOffset.UTC);
    private final PoolId pool = PoolId.random();
    private AvailabilityIndex index;
    private List<ResourcePackage> packages;

    // The baseline's data: one row per reservation, in plain arrays so that its scans are as fast as they get.
    private long[] firstSlot;
    private long[] endSlot;
    private long[][] amount;
    private long[] capacity;

    @Setup(Level.Trial)
    public void setUp() {
        packages = new ArrayList<>(ResourcePackage.standard());
        packages.add(new ResourcePackage(ResourcePackage.CUSTOM, ResourceLimits.ofCoresAndGiB(2, 8),
                ResourceLimits.ofCoresAndGiB(4, 8), 30, Map.of()));
        List<ResourcePackage> booked = List.of(packages.get(0), packages.get(1), packages.get(2));

        Random random = new Random(20_260_601L);
        firstSlot = new long[reservations];
        endSlot = new long[reservations];
        amount = new long[DIMENSIONS.length][reservations];
        long horizonFirst = calendar.slotOf(HORIZON_START);
        long[][] reservedPerSlot = new long[DIMENSIONS.length][HORIZON_SLOTS + MAX_HOURS];
        List<Booking> bookings = new ArrayList<>(reservations);
        AccountId owner = AccountId.random();
        Instant created = HORIZON_START.minus(Duration.ofDays(30));
        for (int i = 0; i < reservations; i++) {
            int start = random.nextInt(HORIZON_SLOTS);
            int hours = 1 + random.nextInt(MAX_HOURS);
            ResourcePackage pkg = booked.get(random.nextInt(booked.size()));
            firstSlot[i] = horizonFirst + start;
            endSlot[i] = firstSlot[i] + hours;
            ResourceVector total = pkg.total();
            for (int d = 0; d < DIMENSIONS.length; d++) {
                amount[d][i] = total.get(DIMENSIONS[d]);
                for (int s = start; s < start + hours; s++) {
                    reservedPerSlot[d][s] += amount[d][i];
                }
            }
            bookings.add(new Booking(BookingId.random(), pool, owner, pkg.name(), total, 1,
                    List.of(new Span(calendar.startOf(firstSlot[i]), calendar.startOf(endSlot[i]))), BookingStatus.ACTIVE,
                    created));
        }
        // Capacity a little above the median load: some columns have room for a large package, some for nothing.
        capacity = new long[DIMENSIONS.length];
        Map<String, Long> size = new HashMap<>();
        ResourceVector large = packages.get(3).total();
        for (int d = 0; d < DIMENSIONS.length; d++) {
            long[] load = Arrays.copyOfRange(reservedPerSlot[d], MAX_HOURS, HORIZON_SLOTS);
            Arrays.sort(load);
            capacity[d] = load[load.length / 2] + large.get(DIMENSIONS[d]);
            size.put(DIMENSIONS[d], capacity[d]);
        }
        index = AvailabilityIndex.build(calendar, List.of(new Pool(pool, "bench", SharingMode.RESERVED)),
                List.of(new CapacityAllocation(AllocationId.random(), pool, ResourceVector.of(size),
                        HORIZON_START.minus(Duration.ofDays(1)), null)),
                bookings);
        // The two must agree, or the comparison means nothing.
        for (ColumnWidth width : List.of(ColumnWidth.DAY, ColumnWidth.HOUR)) {
            long[][] expected = baseline(width);
            AvailabilityGrid grid = index.grid(pool, packages, GRID_START, GRID_END, width);
            for (int p = 0; p < packages.size(); p++) {
                if (!Arrays.equals(expected[p], grid.rows().get(p).counts())) {
                    throw new IllegalStateException("index and baseline disagree on " + packages.get(p).name() + " by " + width);
                }
            }
        }
        // Settle the heap now: otherwise the collector is still marking the million bookings just built during the
        // first measured iterations, and on a small machine that steals the CPU from whatever is measured.
        System.gc();
    }

    @Benchmark
    @Warmup(iterations = 8, time = 1)
    @Measurement(iterations = 5, time = 1)
    public AvailabilityGrid indexDays() {
        return index.grid(pool, packages, GRID_START, GRID_END, ColumnWidth.DAY);
    }

    @Benchmark
    @Warmup(iterations = 8, time = 1)
    @Measurement(iterations = 5, time = 1)
    public AvailabilityGrid indexHours() {
        return index.grid(pool, packages, GRID_START, GRID_END, ColumnWidth.HOUR);
    }

    @Benchmark
    @Warmup(iterations = 2, time = 1)
    @Measurement(iterations = 3, time = 1)
    public long[][] baselineDays() {
        return baseline(ColumnWidth.DAY);
    }

    @Benchmark
    @Warmup(iterations = 2, time = 1)
    @Measurement(iterations = 3, time = 1)
    public long[][] baselineHours() {
        return baseline(ColumnWidth.HOUR);
    }

    /**
     * Per column: sums every reservation overlapping each of its slots (one scan of all reservations per
     * column), takes capacity minus that, the minimum over the column, and how many of each package fit.
     */
    private long[][] baseline(ColumnWidth width) {
        int hoursPerColumn = width == ColumnWidth.DAY ? 24 : 1;
        long gridFirst = calendar.slotOf(GRID_START);
        int columns = (int) ((calendar.slotOf(GRID_END) - gridFirst) / hoursPerColumn);
        long[][] counts = new long[packages.size()][columns];
        long[][] units = new long[packages.size()][DIMENSIONS.length];
        for (int p = 0; p < packages.size(); p++) {
            for (int d = 0; d < DIMENSIONS.length; d++) {
                units[p][d] = packages.get(p).total().get(DIMENSIONS[d]);
            }
        }
        long[][] reserved = new long[DIMENSIONS.length][hoursPerColumn];
        long[] free = new long[DIMENSIONS.length];
        for (int column = 0; column < columns; column++) {
            long from = gridFirst + (long) column * hoursPerColumn;
            long to = from + hoursPerColumn;
            for (long[] row : reserved) {
                Arrays.fill(row, 0);
            }
            for (int i = 0; i < firstSlot.length; i++) {
                if (firstSlot[i] < to && endSlot[i] > from) {
                    int a = (int) (Math.max(firstSlot[i], from) - from);
                    int b = (int) (Math.min(endSlot[i], to) - from);
                    for (int d = 0; d < DIMENSIONS.length; d++) {
                        long value = amount[d][i];
                        for (int s = a; s < b; s++) {
                            reserved[d][s] += value;
                        }
                    }
                }
            }
            for (int d = 0; d < DIMENSIONS.length; d++) {
                long min = Long.MAX_VALUE;
                for (int s = 0; s < hoursPerColumn; s++) {
                    min = Math.min(min, capacity[d] - reserved[d][s]);
                }
                free[d] = min;
            }
            for (int p = 0; p < packages.size(); p++) {
                long count = Long.MAX_VALUE;
                for (int d = 0; d < DIMENSIONS.length; d++) {
                    if (units[p][d] > 0) {
                        count = Math.min(count, free[d] <= 0 ? 0 : free[d] / units[p][d]);
                    }
                }
                counts[p][column] = count;
            }
        }
        return counts;
    }
}
