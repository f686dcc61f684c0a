package io.berth.benchmarks.booking;

import io.berth.booking.Pool;
import io.berth.booking.SharingMode;
import io.berth.booking.Span;
import io.berth.core.account.AccountId;
import io.berth.core.account.Principal;
import io.berth.core.account.Role;
import io.berth.core.resource.ResourcePackage;
import io.berth.platform.booking.BookingService;
import io.berth.platform.booking.BookingSettings;
import io.berth.store.jpa.JpaStores;
import io.berth.store.jpa.StoreSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * "Which of 1000 hosts are free for a 7-day window?" through the store: 1000 pools (one per host), each with room
 * for one large package and 10 bookings of random packages over the next 8 weeks, then the question asked
 * repeatedly through {@link BookingService#poolsFitting}, which reads the pools' versions from the database
 * before answering from the index. Prints the median and 99th percentile time per answer.
 *
 * <p>Arguments: {@code [h2 | jdbc-url] [hosts] [reservations per host]}.
 */
public final class PoolSearch {
    private PoolSearch() {
    }

    public static void main(String[] args) throws Exception {
        String target = args.length > 0 ? args[0] : "h2";
        int hosts = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int perHost = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        StoreSettings settings = target.equals("h2")
                ? StoreSettings.h2File(Files.createTempDirectory("berth-pool-search"))
                : new StoreSettings(target, env("BERTH_DB_USER", "postgres"), env("BERTH_DB_PASSWORD", ""), 10);
        Instant day0 = Instant.parse("2030-01-07T00:00:00Z");
        Clock clock = Clock.fixed(day0.minus(Duration.ofHours(1)), ZoneOffset.UTC);
        Principal admin = new Principal(AccountId.random(), "bench", Role.ADMIN);
        try (JpaStores stores = JpaStores.open(settings)) {
            BookingService bookings = new BookingService(stores.bookings(), BookingSettings.defaults(ZoneOffset.UTC),
                    clock);
            ResourcePackage large = bookings.packageNamed("large");
            List<ResourcePackage> packages = bookings.packages();
            Random random = new Random(42);
            long setupStart = System.nanoTime();
            for (int h = 0; h < hosts; h++) {
                String name = String.format("host-%04d", h);
                if (bookings.pools().stream().anyMatch(p -> p.name().equals(name))) {
                    continue;
                }
                bookings.createPool(admin, name, SharingMode.RESERVED);
                bookings.addCapacity(admin, name, large.total(), day0, null);
                for (int r = 0; r < perHost; r++) {
                    int start = random.nextInt(56);
                    int days = 1 + random.nextInt(5);
                    ResourcePackage pkg = packages.get(random.nextInt(packages.size()));
                    try {
                        // a booker per booking, so that only capacity limits admission
                        Principal booker = new Principal(AccountId.random(), "booker", Role.USER, 2);
                        bookings.book(booker, new BookingService.BookingRequest(name, pkg, 1, List.of(new Span(
                                day0.plus(Duration.ofDays(start)), day0.plus(Duration.ofDays(start + days))))));
                    } catch (RuntimeException full) {
                        // a host may run full; that is part of the picture
                    }
                }
            }
            System.out.printf("setup: %d hosts x %d booking attempts in %.1f s%n", hosts, perHost,
                    (System.nanoTime() - setupStart) / 1e9);
            // a process that starts now builds its index from the tables, as a server does at start
            BookingService fresh = new BookingService(stores.bookings(), BookingSettings.defaults(ZoneOffset.UTC),
                    clock);
            ResourcePackage medium = fresh.packageNamed("medium");
            int rounds = 2000;
            long[] times = new long[rounds];
            int found = 0;
            for (int i = 0; i < rounds; i++) {
                Instant start = day0.plus(Duration.ofDays(i % 49));
                long t0 = System.nanoTime();
                List<Pool> free = fresh.poolsFitting(medium, 1, start, start.plus(Duration.ofDays(7)));
                times[i] = System.nanoTime() - t0;
                found += free.size();
            }
            long[] measured = Arrays.copyOfRange(times, rounds / 2, rounds);
            Arrays.sort(measured);
            System.out.printf("which of %d hosts are free for a medium package for 7 days: median %.3f ms, p99 %.3f ms"
                            + " (%d rounds after %d warm-up; %.0f hosts free on average)%n", hosts,
                    measured[measured.length / 2] / 1e6, measured[measured.length * 99 / 100] / 1e6, measured.length,
                    rounds / 2, found / (double) rounds);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
