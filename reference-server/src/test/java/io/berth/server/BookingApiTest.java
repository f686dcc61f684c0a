package io.berth.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.client.cli.BerthCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.Map;

import static io.berth.server.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Booking over HTTP and through the CLI on the embedded default, as a newcomer meets it: the demo pools, where two
 * large packages are booked for the coming week.
 */
class BookingApiTest {
    @TempDir
    Path data;
    private TestServer server;
    private Http http;
    private String admin;
    private String alice;
    private LocalDate today;

    @BeforeEach
    void start() {
        server = TestServer.fromEnvironment(data, Map.of());
        http = server.http;
        admin = server.adminKey;
        alice = server.createUser("alice");
        today = LocalDate.now(ZoneOffset.UTC);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void newcomerSeesTheGridBooksExtendsAndQueues() {
        JsonNode week = http.get("/api/v1/availability?period=week", alice).json();
        assertThat(week.path("pool").asText()).isEqualTo("reserved");
        assertThat(week.path("columns")).hasSize(7);
        assertThat(week.path("columns").get(0).path("label").asText()).isEqualTo("Mon");
        assertThat(week.path("packages")).extracting(p -> p.path("name").asText())
                .containsExactly("tiny", "small", "medium", "large");
        int todayColumn = today.getDayOfWeek().getValue() - 1;
        JsonNode large = week.path("packages").get(3);
        assertThat(large.path("counts").get(todayColumn).asLong()).isZero();

        String text = http.get("/api/v1/availability?period=week", alice, "Accept", "text/plain").body();
        assertThat(text).contains("large ").contains("Mon Tue Wed Thu Fri Sat Sun");
        assertThat(text.lines().filter(l -> l.startsWith("large")).findFirst().orElseThrow()
                .split(" +")[todayColumn + 1]).isEqualTo("---");

        // book a small package for two days from tomorrow
        LocalDate tomorrow = today.plusDays(1);
        Http.Response booked = http.post("/api/v1/bookings", alice,
                "{\"package\":\"small\",\"start\":\"" + tomorrow + "\",\"days\":2}");
        assertThat(booked.status()).isEqualTo(201);
        String id = booked.json().path("id").asText();
        assertThat(booked.headers().firstValue("Location")).hasValue("/api/v1/bookings/" + id);
        assertThat(booked.json().path("start").asText()).isEqualTo(tomorrow + "T00:00:00Z");
        assertThat(booked.json().path("end").asText()).isEqualTo(tomorrow.plusDays(2) + "T00:00:00Z");
        assertThat(booked.json().path("status").asText()).isEqualTo("ACTIVE");

        String grid = http.get("/api/v1/availability?from=" + tomorrow + "&to=" + tomorrow.plusDays(3)
                + "&packages=small", alice, "Accept", "text/plain").body();
        assertThat(grid.lines().findFirst().orElseThrow()).isEqualTo("small ### ### ===");

        // too early to extend: the window opens two days before the end
        Http.Response early = http.post("/api/v1/bookings/" + id + "/extend", alice, "{\"days\":1}");
        assertProblem(early, 400, "booking-policy-violated");
        assertThat(early.json().path("rule").asText()).isEqualTo("extension-window");

        // the queue for a large package, which the demo team holds this week
        Http.Response queued = http.post("/api/v1/queue", alice, "{\"package\":\"large\",\"days\":1}");
        assertThat(queued.status()).isEqualTo(201);
        assertThat(queued.json().path("position").asInt()).isEqualTo(1);
        assertThat(queued.json().path("status").asText()).isEqualTo("WAITING");
        assertThat(queued.json().path("message").asText()).isEqualTo("You are in position 1 of the queue.");
        String entry = queued.json().path("id").asText();
        assertThat(http.get("/api/v1/queue/" + entry, alice).json().path("position").asInt()).isEqualTo(1);
        assertProblem(http.post("/api/v1/queue", alice, "{\"package\":\"large\",\"days\":1}"), 409, "already-queued");
        String bob = server.createUser("bob");
        assertThat(http.post("/api/v1/queue", bob, "{\"package\":\"large\",\"hours\":5}").json().path("position")
                .asInt()).isEqualTo(2);
        assertProblem(http.get("/api/v1/queue/" + entry, bob), 404, "queue-entry-not-found");

        // the calendar feed, by secret address and without an API key
        JsonNode feed = http.post("/api/v1/bookings/feed", alice, "{}").json();
        String secret = feed.path("secret").asText();
        assertThat(feed.path("url").asText()).endsWith("/api/v1/bookings.ics?key=" + secret);
        Http.Response ics = http.get("/api/v1/bookings.ics?key=" + secret, null);
        assertThat(ics.status()).isEqualTo(200);
        assertThat(ics.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/calendar");
        assertThat(ics.body()).contains("BEGIN:VCALENDAR", "BEGIN:VEVENT", "SUMMARY:1 × small (reserved)",
                "DTSTART:" + tomorrow.toString().replace("-", "") + "T000000Z", "UID:" + id + "-0@berth");
        assertProblem(http.get("/api/v1/bookings.ics?key=" + "x".repeat(43), null), 401, "invalid-credentials");
        assertProblem(http.get("/api/v1/bookings.ics", null), 401, "authentication-required");

        // cancel: listed as CANCELLED, the columns free again
        assertThat(http.delete("/api/v1/bookings/" + id, alice).json().path("status").asText()).isEqualTo("CANCELLED");
        assertProblem(http.delete("/api/v1/bookings/" + id, alice), 409, "booking-not-active");
        assertProblem(http.get("/api/v1/bookings/" + id, bob), 404, "booking-not-found");
        assertThat(http.get("/api/v1/bookings", alice).json()).extracting(b -> b.path("status").asText())
                .containsExactly("CANCELLED");
    }

    @Test
    void extensionsThatDoNotFitNameTheLongestThatDoes() {
        // a pool with room for exactly one large package
        assertThat(http.post("/api/v1/pools", admin, "{\"name\":\"tight\",\"mode\":\"RESERVED\"}").status())
                .isEqualTo(201);
        Http.Response capacity = http.post("/api/v1/pools/tight/capacity", admin, "{\"resources\":{\"milliCores\":24000,"
                + "\"memoryMiB\":81920,\"diskGiB\":100},\"from\":\"" + today + "\"}");
        assertThat(capacity.status()).isEqualTo(201);
        assertThat(http.get("/api/v1/pools/tight/capacity", admin).json()).hasSize(1);
        String bob = server.createUser("bob");
        LocalDate tomorrow = today.plusDays(1);
        String mine = http.post("/api/v1/bookings", alice, "{\"package\":\"large\",\"pool\":\"tight\",\"start\":\"now\","
                + "\"end\":\"" + tomorrow + "\"}").json().path("id").asText();
        assertThat(http.post("/api/v1/bookings", bob, "{\"package\":\"large\",\"pool\":\"tight\",\"start\":\""
                + tomorrow.plusDays(1) + "\",\"days\":1}").status()).isEqualTo(201);
        Http.Response refused = http.post("/api/v1/bookings/" + mine + "/extend", alice,
                "{\"end\":\"" + tomorrow.plusDays(2) + "\"}");
        assertProblem(refused, 409, "capacity-exhausted");
        assertThat(refused.json().path("longestEnd").asText()).isEqualTo(tomorrow.plusDays(1) + "T00:00:00Z");
        assertThat(http.post("/api/v1/bookings/" + mine + "/extend", alice, "{\"end\":\"" + tomorrow.plusDays(1) + "\"}")
                .json().path("end").asText()).isEqualTo(tomorrow.plusDays(1) + "T00:00:00Z");
        JsonNode earliest = http.get("/api/v1/availability/earliest?package=large&days=1&pool=tight", alice).json();
        assertThat(earliest.path("found").asBoolean()).isTrue();
        assertThat(earliest.path("start").asText()).isEqualTo(tomorrow.plusDays(2) + "T00:00:00Z");
    }

    @Test
    void badBookingsAreClearFourHundreds() {
        LocalDate tomorrow = today.plusDays(1);
        assertProblem(http.post("/api/v1/bookings", alice, "{\"package\":\"small\",\"start\":\"" + tomorrow
                + "\",\"end\":\"" + tomorrow + "\"}"), 400, "invalid-period");
        assertProblem(http.post("/api/v1/bookings", alice, "{\"package\":\"small\",\"start\":\"tomorrow\",\"days\":1}"),
                400, "invalid-period");
        assertProblem(http.post("/api/v1/bookings", alice, "{\"package\":\"huge\",\"days\":1}"), 404,
                "package-not-found");
        assertProblem(http.post("/api/v1/bookings", alice, "{\"package\":\"small\",\"start\":\"" + today.minusDays(2)
                + "\",\"days\":1}"), 400, "booking-policy-violated");
        Http.Response tooLong = http.post("/api/v1/bookings", alice, "{\"package\":\"large\",\"start\":\""
                + tomorrow.plusDays(7) + "\",\"days\":10}");
        assertProblem(tooLong, 400, "booking-policy-violated");
        assertThat(tooLong.json().path("rule").asText()).isEqualTo("max-duration");
        assertProblem(http.post("/api/v1/bookings", alice, "{\"package\":\"small\",\"days\":0}"), 400, "invalid-period");
        assertProblem(http.post("/api/v1/bookings", alice, "{\"package\":\"small\"}"), 400, "invalid-request");
        assertProblem(http.post("/api/v1/bookings", alice, "{\"package\":\"small\",\"days\":1,\"colour\":\"red\"}"),
                400, "invalid-request");
        assertProblem(http.post("/api/v1/bookings", alice, "{\"package\":\"small\",\"days\":1,\"pool\":\"nowhere\"}"),
                404, "pool-not-found");
        assertProblem(http.post("/api/v1/bookings", alice, "{\"package\":\"custom\",\"days\":1,\"custom\":{"
                + "\"notebookWorker\":{\"milliCores\":100,\"memoryMiB\":100},\"sparkWorker\":{\"milliCores\":100,"
                + "\"memoryMiB\":100}}}"), 403, "level-not-allowed");
        String guest = http.post("/api/v1/accounts", admin, "{\"name\":\"guest\",\"level\":0}").json().path("apiKey")
                .asText();
        assertProblem(http.post("/api/v1/bookings", guest, "{\"package\":\"tiny\",\"days\":1}"), 403,
                "level-not-allowed");
        assertProblem(http.get("/api/v1/availability?period=fortnight", alice), 400, "invalid-request");
        assertProblem(http.get("/api/v1/availability?from=" + tomorrow, alice), 400, "invalid-request");
        assertProblem(http.get("/api/v1/availability?packages=huge", alice), 404, "package-not-found");
        assertProblem(http.post("/api/v1/pools", alice, "{\"name\":\"mine\"}"), 403, "forbidden");
        assertProblem(http.post("/api/v1/pools", admin, "{\"name\":\"reserved\"}"), 409, "pool-exists");
        assertProblem(http.post("/api/v1/pools/reserved/capacity", admin, "{\"resources\":{\"milliCores\":-5}}"), 400,
                "invalid-resources");
        assertProblem(http.get("/api/v1/bookings/not-an-id", alice), 400, "invalid-request");
        assertThat(http.get("/api/v1/bookings", alice).json()).isEmpty();
    }

    @Test
    void theCliShowsTheWeekBooksAndQueues() {
        String aliceKey = alice;
        String grid = cli(aliceKey, "availability", "--week");
        assertThat(grid).contains("Mon Tue Wed Thu Fri Sat Sun").contains("small ");

        LocalDate monday = today.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        String booked = cli(aliceKey, "book", "small", "--start", monday.toString(), "--days", "2");
        assertThat(booked).contains("1 × small").contains("ACTIVE");
        String nextWeek = cli(aliceKey, "availability", "--next-week", "--packages", "small");
        assertThat(nextWeek.lines().findFirst().orElseThrow()).isEqualTo("small ### ### === === === === ===");

        String queued = cli(aliceKey, "queue", "join", "large", "--days", "1");
        assertThat(queued).contains("You are in position 1 of the queue.");
        assertThat(cli(aliceKey, "queue", "list")).contains("large").contains("WAITING");
        assertThat(cli(aliceKey, "bookings")).contains("small").contains("ACTIVE");
        assertThat(cli(admin, "pools", "packages")).contains("tiny").contains("large");
        assertThat(cli(aliceKey, "levels")).contains("until logout").contains("7 d, 6 months, 12 months")
                .contains("permanently").contains("medium");
    }

    private String cli(String key, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>();
        env.put("BERTH_URL", server.server.baseUri().toString());
        env.put("BERTH_API_KEY", key);
        int code = new BerthCli(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).toCommandLine().execute(args);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }
}
