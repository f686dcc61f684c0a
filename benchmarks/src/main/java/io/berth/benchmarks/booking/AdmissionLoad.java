package io.berth.benchmarks.booking;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Booking admission through a running server: {@code clients} threads, each with its own account and API key,
 * post bookings of a small package for random hours of the coming year in random pools for {@code seconds}, and
 * count the decisions (201 admitted, 409 capacity exhausted). Afterwards it sums the stored ACTIVE bookings of
 * every pool hour by hour, straight from the database, and fails if any hour is over capacity.
 *
 * <p>Arguments: {@code base-url admin-key jdbc-url db-user clients seconds pools}.
 */
public final class AdmissionLoad {
    private static final Pattern API_KEY = Pattern.compile("\"apiKey\"\\s*:\\s*\"([^\"]+)\"");
    /** Room for this many small packages in every pool at every hour: contention for the last units is real. */
    private static final int SMALL_PER_POOL = 6;

    private AdmissionLoad() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String adminKey = Files.readString(Path.of(args[1])).strip();
        String jdbcUrl = args[2];
        String dbUser = args[3];
        int clients = Integer.parseInt(args[4]);
        int seconds = Integer.parseInt(args[5]);
        int pools = Integer.parseInt(args[6]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        for (int p = 0; p < pools; p++) {
            post(http, base + "/api/v1/pools", adminKey, "{\"name\":\"bench-" + p + "\",\"mode\":\"RESERVED\"}", 201);
            // small = 4 cores, 8 GiB, 20 GiB disk
            post(http, base + "/api/v1/pools/bench-" + p + "/capacity", adminKey, "{\"resources\":{\"milliCores\":"
                    + 4000 * SMALL_PER_POOL + ",\"memoryMiB\":" + 8192 * SMALL_PER_POOL + ",\"diskGiB\":"
                    + 20 * SMALL_PER_POOL + "},\"from\":\"" + hour + "\"}", 201);
        }
        List<String> keys = new ArrayList<>();
        String run = Long.toString(System.currentTimeMillis() % 100000);
        for (int c = 0; c < clients; c++) {
            String answer = post(http, base + "/api/v1/accounts", adminKey, "{\"name\":\"load-" + run + "-" + c
                    + "\",\"level\":2}", 201);
            Matcher key = API_KEY.matcher(answer);
            if (!key.find()) {
                throw new IllegalStateException("no API key in " + answer);
            }
            keys.add(key.group(1));
        }

        // Warm-up: the same load for a third of the time, not counted, so the server's JIT has compiled the path.
        measure(http, base, keys, pools, hour, Math.max(3, seconds / 3));
        long[] counts = measure(http, base, keys, pools, hour, seconds);
        long decisions = counts[0] + counts[1];
        double elapsed = counts[3] / 1e9;
        System.out.printf("berth: %d clients, %.1f s: %d decisions (%d admitted, %d refused for capacity, %d failed),"
                        + " %.1f decisions/s%n", clients, elapsed, decisions, counts[0], counts[1], counts[2],
                decisions / elapsed);
        System.out.printf("berth-tps %.1f%n", decisions / elapsed);

        long over = overbookedHours(jdbcUrl, dbUser);
        System.out.printf("invariant: %d pool-hours over capacity%n", over);
        if (over > 0 || counts[2] > 0) {
            System.exit(1);
        }
    }

    /** Runs the load for {@code seconds}; returns admitted, refused, failed and the elapsed nanoseconds. */
    private static long[] measure(HttpClient http, String base, List<String> keys, int pools, Instant hour,
                                  int seconds) throws InterruptedException {
        int clients = keys.size();
        AtomicLong admitted = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        CountDownLatch go = new CountDownLatch(1);
        long[] deadline = new long[1];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String key = keys.get(c);
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (System.nanoTime() < deadline[0]) {
                        // the first 30 days, so that hours run full and the last units are raced for
                        Instant start = hour.plus(Duration.ofHours(random.nextInt(30 * 24)));
                        int hours = 1 + random.nextInt(24);
                        String body = "{\"package\":\"small\",\"pool\":\"bench-" + random.nextInt(pools)
                                + "\",\"start\":\"" + start + "\",\"hours\":" + hours + "}";
                        HttpResponse<String> response = http.send(request(base + "/api/v1/bookings", key, body),
                                HttpResponse.BodyHandlers.ofString());
                        switch (response.statusCode()) {
                            case 201 -> admitted.incrementAndGet();
                            case 409 -> refused.incrementAndGet();
                            default -> {
                                if (failed.incrementAndGet() < 5) {
                                    System.err.println("unexpected " + response.statusCode() + ": " + response.body());
                                }
                            }
                        }
                    }
                } catch (Exception e) {
                    failed.incrementAndGet();
                    System.err.println("client failed: " + e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        long begin = System.nanoTime();
        deadline[0] = begin + Duration.ofSeconds(seconds).toNanos();
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        return new long[]{admitted.get(), refused.get(), failed.get(), System.nanoTime() - begin};
    }

    /** Hours of any pool where the stored ACTIVE bookings need more cores than the pool has. */
    private static long overbookedHours(String jdbcUrl, String user) throws Exception {
        Map<String, long[]> usage = new HashMap<>();
        long capacity = 4000L * SMALL_PER_POOL;
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, System.getenv().getOrDefault(
                "BERTH_DB_PASSWORD", "")); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT b.pool_id, b.unit, b.unit_count, s.span_start, s.span_end"
                     + " FROM booking b JOIN booking_span s ON s.booking_id = b.id WHERE b.status = 'ACTIVE'")) {
            Instant origin = Instant.now().truncatedTo(ChronoUnit.HOURS);
            while (rs.next()) {
                long cores = Long.parseLong(rs.getString(2).replaceAll(".*cores=(\\d+).*", "$1")) * rs.getInt(3);
                Instant start = rs.getObject(4, java.time.OffsetDateTime.class).toInstant();
                Instant end = rs.getObject(5, java.time.OffsetDateTime.class).toInstant();
                long[] hours = usage.computeIfAbsent(rs.getString(1), k -> new long[400 * 24]);
                for (Instant h = start; h.isBefore(end); h = h.plus(Duration.ofHours(1))) {
                    hours[(int) Duration.between(origin, h).toHours()] += cores;
                }
            }
        }
        long over = 0;
        for (long[] hours : usage.values()) {
            for (long used : hours) {
                if (used > capacity) {
                    over++;
                }
            }
        }
        return over;
    }

    private static HttpRequest request(String url, String key, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String post(HttpClient http, String url, String key, String body, int expected) throws Exception {
        HttpResponse<String> response = http.send(request(url, key, body), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
