package io.berth.client;

import com.sun.net.httpserver.HttpExchange;
import io.berth.core.state.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.berth.client.Samples.COMMAND_ID;
import static io.berth.client.Samples.EVENTS;
import static io.berth.client.Samples.TASK_PREPARE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class EventStreamTest {

    private static final String EVENTS_PATH = "/api/v1/commands/" + COMMAND_ID + "/events";
    private static final String COMMAND_PATH = "/api/v1/commands/" + COMMAND_ID;

    private final CountDownLatch release = new CountDownLatch(1);
    private FakeBerthServer server;
    private BerthClient client;

    @BeforeEach
    void start() {
        server = FakeBerthServer.start();
        client = BerthClient.builder().baseUri(server.uri()).apiKey(FakeBerthServer.KEY)
                .timeout(Duration.ofSeconds(5)).reconnectAttempts(2).reconnectDelay(Duration.ofMillis(15)).build();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.close();
    }

    @Test
    void deliversEveryEventOfAStreamInOrder() {
        server.on("GET", EVENTS_PATH, (exchange, request) -> write(exchange, 1, 8));

        List<EventView> events = new ArrayList<>();
        client.events(COMMAND_ID, 0, events::add);

        assertThat(events).extracting(EventView::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(events.get(2)).isEqualTo(new EventView(3, Instant.parse("2026-11-23T10:05:03Z"), "task",
                TASK_PREPARE, "prepare", State.COMPLETED, 5, 1, "exit code 0"));
        assertThat(events.get(7)).isEqualTo(new EventView(8, Instant.parse("2026-11-23T10:05:08Z"), "command",
                null, null, State.COMPLETED, 5, 0, ""));
        assertThat(server.lastRequest().header("Accept")).isEqualTo("text/event-stream, application/problem+json");
        assertThat(server.lastRequest().header("Last-Event-ID")).isNull();
    }

    @Test
    void resumesACutStreamWithLastEventIdWithoutLosingOrRepeatingEvents() {
        AtomicInteger connections = new AtomicInteger();
        server.on("GET", EVENTS_PATH, (exchange, request) -> {
            if (connections.incrementAndGet() == 1) {
                write(exchange, 1, 2);
                return;
            }
            if (!"2".equals(request.header("Last-Event-ID"))) {
                FakeBerthServer.sendProblem(exchange, 400, "Bad Request", "invalid-request",
                        "expected Last-Event-ID 2 but got " + request.header("Last-Event-ID"), EVENTS_PATH);
                return;
            }
            write(exchange, 3, 8);
        });

        List<Long> seen = new ArrayList<>();
        client.events(COMMAND_ID, 0, event -> seen.add(event.seq()));

        assertThat(seen).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(server.requests("GET", EVENTS_PATH)).extracting(r -> r.header("Last-Event-ID"))
                .containsExactly(null, "2");
    }

    @Test
    void resendsAnEventCutInHalf() {
        AtomicInteger connections = new AtomicInteger();
        server.on("GET", EVENTS_PATH, (exchange, request) -> {
            if (connections.incrementAndGet() == 1) {
                OutputStream out = FakeBerthServer.startEventStream(exchange);
                FakeBerthServer.writeEvent(out, 1, EVENTS[0][0], EVENTS[0][1]);
                out.write(("id: 2\nevent: task\ndata: " + EVENTS[1][1].substring(0, 20)).getBytes(StandardCharsets.UTF_8));
                out.flush();
                return;
            }
            write(exchange, Long.parseLong(request.header("Last-Event-ID")) + 1, 8);
        });

        List<EventView> seen = new ArrayList<>();
        client.events(COMMAND_ID, 0, seen::add);

        assertThat(seen).extracting(EventView::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(seen.get(1).taskName()).isEqualTo("prepare");
        assertThat(server.requests("GET", EVENTS_PATH)).extracting(r -> r.header("Last-Event-ID"))
                .containsExactly(null, "1");
    }

    @Test
    void keepsReconnectingForAsLongAsEventsArrive() {
        server.on("GET", EVENTS_PATH, (exchange, request) -> {
            // Like a proxy that cuts every connection after one event.
            String last = request.header("Last-Event-ID");
            long next = last == null ? 1 : Long.parseLong(last) + 1;
            write(exchange, next, next);
        });

        List<Long> seen = new ArrayList<>();
        client.events(COMMAND_ID, 0, event -> seen.add(event.seq()));

        assertThat(seen).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(server.requests("GET", EVENTS_PATH)).hasSize(8);
    }

    @Test
    void skipsEventsAServerSendsAgain() {
        AtomicInteger connections = new AtomicInteger();
        server.on("GET", EVENTS_PATH, (exchange, request) -> {
            // The second connection ignores Last-Event-ID and starts over.
            write(exchange, 1, connections.incrementAndGet() == 1 ? 3 : 8);
        });

        List<Long> seen = new ArrayList<>();
        client.events(COMMAND_ID, 0, event -> seen.add(event.seq()));

        assertThat(seen).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    }

    @Test
    void startsAfterTheGivenEvent() {
        server.on("GET", EVENTS_PATH, (exchange, request) ->
                write(exchange, Long.parseLong(request.header("Last-Event-ID")) + 1, 8));

        List<Long> seen = new ArrayList<>();
        client.events(COMMAND_ID, 5, event -> seen.add(event.seq()));

        assertThat(seen).containsExactly(6L, 7L, 8L);
        assertThat(server.lastRequest().header("Last-Event-ID")).isEqualTo("5");
    }

    @Test
    void returnsWhenAFinishedCommandHasNoEventsLeft() {
        server.on("GET", EVENTS_PATH, (exchange, request) -> FakeBerthServer.startEventStream(exchange).close());
        server.json("GET", COMMAND_PATH, 200, Samples.COMMAND_COMPLETED);

        List<EventView> seen = new ArrayList<>();
        client.events(COMMAND_ID, 8, seen::add);

        assertThat(seen).isEmpty();
        assertThat(server.requests("GET", EVENTS_PATH)).hasSize(1);
    }

    @Test
    void givesUpAfterTheBoundedNumberOfFruitlessReconnects() {
        server.on("GET", EVENTS_PATH, (exchange, request) -> FakeBerthServer.startEventStream(exchange).close());
        server.json("GET", COMMAND_PATH, 200, Samples.COMMAND_INITIATED);

        BerthApiException failure = catchThrowableOfType(BerthApiException.class,
                () -> client.events(COMMAND_ID, 0, event -> { }));

        assertThat(failure.status()).isZero();
        assertThat(failure.code()).isEqualTo(BerthApiException.CONNECTION_FAILED);
        assertThat(failure.detail()).isEqualTo("lost the event stream at " + server.uri() + EVENTS_PATH
                + " after 3 attempts: the stream ended before the command did");
        assertThat(server.requests("GET", EVENTS_PATH)).hasSize(3);
    }

    @Test
    void throwsAnErrorAnswerAtOnce() {
        server.problem("GET", EVENTS_PATH, 404, "Not Found", "command-not-found", "no command " + COMMAND_ID);

        BerthApiException failure = catchThrowableOfType(BerthApiException.class,
                () -> client.events(COMMAND_ID, 0, event -> { }));

        assertThat(failure.code()).isEqualTo("command-not-found");
        assertThat(server.requests("GET", EVENTS_PATH)).hasSize(1);
    }

    @Test
    void failsAtOnceWhenNothingListens() throws IOException {
        BerthClient lost = BerthClient.builder().baseUri(FakeBerthServer.unusedAddress()).build();

        BerthApiException failure = catchThrowableOfType(BerthApiException.class,
                () -> lost.events(COMMAND_ID, 0, event -> { }));

        assertThat(failure.code()).isEqualTo(BerthApiException.CONNECTION_FAILED);
        assertThat(failure.detail()).endsWith(EVENTS_PATH + ": connection refused");
    }

    @Test
    void letsTheConsumerStopTheStream() {
        server.on("GET", EVENTS_PATH, (exchange, request) -> write(exchange, 1, 8));

        assertThatThrownBy(() -> client.events(COMMAND_ID, 0, event -> {
            if (event.seq() == 2) {
                throw new IllegalStateException("enough");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("enough");
        assertThat(server.requests("GET", EVENTS_PATH)).hasSize(1);
    }

    @Test
    void waitsForTheCommandToEnd() {
        AtomicInteger reads = new AtomicInteger();
        server.on("GET", COMMAND_PATH, (exchange, request) -> FakeBerthServer.send(exchange, 200, "application/json",
                reads.incrementAndGet() == 1 ? Samples.COMMAND_INITIATED : Samples.COMMAND_COMPLETED));
        server.on("GET", EVENTS_PATH, (exchange, request) -> write(exchange, 1, 8));

        CommandView done = client.waitFor(COMMAND_ID, Duration.ofSeconds(5));

        assertThat(done.state()).isEqualTo(State.COMPLETED);
        assertThat(reads).hasValue(2);
    }

    @Test
    void returnsAFinishedCommandWithoutStreaming() {
        server.json("GET", COMMAND_PATH, 200, Samples.COMMAND_FAILED);

        assertThat(client.waitFor(COMMAND_ID, Duration.ofSeconds(5)).state()).isEqualTo(State.FAILED);
        assertThat(server.requests("GET", EVENTS_PATH)).isEmpty();
    }

    @Test
    void givesUpWaitingAtTheDeadlineEvenWhileTheStreamIsSilent() {
        server.json("GET", COMMAND_PATH, 200, Samples.COMMAND_INITIATED);
        server.on("GET", EVENTS_PATH, (exchange, request) -> {
            OutputStream out = FakeBerthServer.startEventStream(exchange);
            FakeBerthServer.writeEvent(out, 1, EVENTS[0][0], EVENTS[0][1]);
            await();
        });

        long started = System.nanoTime();
        BerthApiException failure = catchThrowableOfType(BerthApiException.class,
                () -> client.waitFor(COMMAND_ID, Duration.ofMillis(300)));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(failure.code()).isEqualTo(BerthApiException.TIMEOUT);
        assertThat(failure.status()).isZero();
        assertThat(tookMillis).isBetween(300L, 3000L);
    }

    private void await() {
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes events {@code from} to {@code to} (1-based, inclusive) of {@link Samples#EVENTS} and ends the stream. */
    private static void write(HttpExchange exchange, long from, long to) throws IOException {
        OutputStream out = FakeBerthServer.startEventStream(exchange);
        for (long seq = from; seq <= to; seq++) {
            FakeBerthServer.writeEvent(out, seq, EVENTS[(int) seq - 1][0], EVENTS[(int) seq - 1][1]);
        }
        out.close();
    }
}
