package io.berth.store.jpa;

import io.berth.booking.ColumnWidth;
import io.berth.booking.SharingMode;
import io.berth.booking.Span;
import io.berth.core.account.AccountId;
import io.berth.core.account.Principal;
import io.berth.core.account.Role;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.resource.ResourcePackage;
import io.berth.platform.booking.BookingService;
import io.berth.platform.booking.BookingSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Booking admission on PostgreSQL with two store instances (two connection pools, two availability mirrors)
 * standing for two server processes sharing one database: many clients race for the units of a pool over
 * overlapping periods, and afterwards an invariant check over the stored bookings finds no hour over capacity.
 */
class BookingOnPostgresTest {
    private static final Instant DAY0 = Instant.parse("2030-01-07T00:00:00Z");

    private PostgresSchema schema;
    private final List<JpaStores> stores = new ArrayList<>();
    private final Principal admin = new Principal(AccountId.random(), "admin", Role.ADMIN);

    @BeforeEach
    void setUp() {
        schema = PostgresSchema.create();
    }

    @AfterEach
    void tearDown() {
        stores.forEach(JpaStores::close);
        schema.drop();
    }

    private BookingService process(Clock clock) {
        JpaStores opened = JpaStores.open(schema.settings());
        stores.add(opened);
        return new BookingService(opened.bookings(), BookingSettings.defaults(ZoneOffset.UTC), clock);
    }

    @Test
    void twoProcessesNeverOverbook() throws Exception {
        Clock clock = Clock.fixed(DAY0.minus(Duration.ofDays(1)), ZoneId.of("UTC"));
        BookingService first = process(clock);
        ResourcePackage medium = first.packageNamed("medium");
        ResourcePackage small = first.packageNamed("small");
        first.createPool(admin, "rack", SharingMode.RESERVED);
        // room for 5 medium packages (or 15 small) at any hour
        first.addCapacity(admin, "rack", medium.total().times(5), DAY0, null);
        BookingService second = process(clock);

        int clients = 32;
        int attemptsEach = 6;
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Future<?>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            BookingService process = c % 2 == 0 ? first : second;
            int client = c;
            results.add(threads.submit(() -> {
                go.await();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int a = 0; a < attemptsEach; a++) {
                    // a fresh account per attempt, so that only capacity limits admission
                    Principal who = new Principal(AccountId.random(), "c" + client + "-" + a, Role.USER, 2);
                    int startDay = random.nextInt(4);
                    int days = 1 + random.nextInt(3);
                    ResourcePackage pkg = random.nextBoolean() ? medium : small;
                    try {
                        process.book(who, new BookingService.BookingRequest("rack", pkg, 1 + random.nextInt(2),
                                List.of(new Span(day(startDay), day(startDay + days)))));
                        admitted.incrementAndGet();
                    } catch (BerthException e) {
                        assertThat(e.errorCode()).as(e.getMessage()).isEqualTo(ErrorCode.CAPACITY_EXHAUSTED);
                        refused.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> result : results) {
            result.get(2, TimeUnit.MINUTES);
        }
        threads.shutdown();
        assertThat(admitted.get() + refused.get()).isEqualTo(clients * attemptsEach);
        assertThat(admitted.get()).isPositive();
        assertThat(refused.get()).as("the pool must run full").isPositive();

        assertNoHourOverCapacity(medium.total().times(5).get("cores"), medium.total().times(5).get("memory"));

        // both mirrors agree with the stored bookings
        long[] fromFirst = first.availability(admin, "rack", List.of("small"), day(0), day(7), ColumnWidth.DAY)
                .grid().row("small").counts();
        long[] fromSecond = second.availability(admin, "rack", List.of("small"), day(0), day(7), ColumnWidth.DAY)
                .grid().row("small").counts();
        assertThat(fromSecond).containsExactly(fromFirst);
        BookingService restarted = process(clock);
        assertThat(restarted.availability(admin, "rack", List.of("small"), day(0), day(7), ColumnWidth.DAY)
                .grid().row("small").counts()).containsExactly(fromFirst);
    }

    /** Sums the stored ACTIVE bookings hour by hour over the days raced for, straight from the tables. */
    private void assertNoHourOverCapacity(long cores, long memory) throws Exception {
        StoreSettings settings = schema.settings();
        List<long[]> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), settings.user(),
                settings.password()); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT b.unit, b.unit_count, s.span_start, s.span_end FROM booking b"
                     + " JOIN booking_span s ON s.booking_id = b.id WHERE b.status = 'ACTIVE'")) {
            while (rs.next()) {
                var unit = JpaBookingStore.parse(rs.getString(1));
                int count = rs.getInt(2);
                long start = rs.getObject(3, java.time.OffsetDateTime.class).toInstant().getEpochSecond() / 3600;
                long end = rs.getObject(4, java.time.OffsetDateTime.class).toInstant().getEpochSecond() / 3600;
                rows.add(new long[]{unit.get("cores") * count, unit.get("memory") * count, start, end});
            }
        }
        long first = DAY0.getEpochSecond() / 3600;
        for (long hour = first; hour < first + 7 * 24; hour++) {
            long usedCores = 0;
            long usedMemory = 0;
            for (long[] row : rows) {
                if (row[2] <= hour && hour < row[3]) {
                    usedCores += row[0];
                    usedMemory += row[1];
                }
            }
            assertThat(usedCores).as("cores at hour " + hour).isLessThanOrEqualTo(cores);
            assertThat(usedMemory).as("memory at hour " + hour).isLessThanOrEqualTo(memory);
        }
        assertThat(rows).isNotEmpty();
    }

    private static Instant day(int n) {
        return DAY0.plus(Duration.ofDays(n));
    }
}
