package io.berth.server.http;

import io.berth.core.account.Principal;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.provisioning.CommandEvent;
import io.berth.core.provisioning.CommandId;
import io.berth.platform.provisioning.CommandService;
import io.berth.platform.store.ProvisioningStore;
import io.berth.server.api.EventView;
import io.javalin.http.Context;
import io.javalin.http.Header;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * {@code GET /commands/{id}/events}: the command's stored events after the one the client saw last, in
 * order, then each new one as it is written, as Server-Sent Events ({@code id:} the event's number,
 * {@code event:} its type, {@code data:} its JSON). The stream ends after the event that takes the command
 * to a terminal state, or at once when the command ended before the first event asked for.
 *
 * <p>New events are noticed through {@link CommandSignals} when this process wrote them, and by reading the
 * store at least every {@link #POLL_INTERVAL} for those another server process wrote. A comment line is sent
 * when nothing else was for {@code keepAlive}, so that proxies and clients keep the connection open.
 *
 * <p>The stream is written from the request thread, one flush per batch of events: a stream holds a server
 * thread for as long as its command runs.
 */
final class EventStream {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    private static final int BATCH = 500;

    private final CommandService commands;
    private final ProvisioningStore store;
    private final CommandSignals signals;
    private final JsonBodies json;
    private final Duration keepAlive;

    EventStream(CommandService commands, ProvisioningStore store, CommandSignals signals, JsonBodies json,
            Duration keepAlive) {
        this.commands = requireNonNull(commands, "commands is null");
        this.store = requireNonNull(store, "store is null");
        this.signals = requireNonNull(signals, "signals is null");
        this.json = requireNonNull(json, "json is null");
        this.keepAlive = requireNonNull(keepAlive, "keepAlive is null");
    }

    void handle(Context ctx, Principal caller, CommandId id) throws IOException {
        long after = resumePoint(ctx);
        // answered as a problem before anything is streamed
        commands.visibleCommand(caller, id);

        HttpServletResponse response = ctx.res();
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader(Header.CACHE_CONTROL, "no-store");
        response.setHeader("X-Accel-Buffering", "no");
        OutputStream out = response.getOutputStream();
        response.flushBuffer();

        try (CommandSignals.Watch watch = signals.watch(id)) {
            long lastWrite = System.nanoTime();
            while (!signals.isClosed()) {
                long version = watch.version();
                // the state is read before the events: a command seen terminal here has all its events stored
                boolean terminal = store.findCommand(id).map(c -> c.state().isTerminal()).orElse(true);
                List<CommandEvent> events = store.events(id, after, BATCH);
                boolean ended = false;
                for (CommandEvent event : events) {
                    out.write(frame(event));
                    after = event.seq();
                    if (event.type() == CommandEvent.Type.COMMAND && event.state().isTerminal()) {
                        ended = true;
                        break;
                    }
                }
                if (!events.isEmpty()) {
                    response.flushBuffer();
                    lastWrite = System.nanoTime();
                }
                if (ended || (terminal && events.size() < BATCH)) {
                    return;
                }
                if (events.size() == BATCH) {
                    continue;
                }
                if (System.nanoTime() - lastWrite >= keepAlive.toNanos()) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    response.flushBuffer();
                    lastWrite = System.nanoTime();
                }
                Duration untilKeepAlive = keepAlive.minusNanos(System.nanoTime() - lastWrite);
                Duration wait = untilKeepAlive.compareTo(POLL_INTERVAL) < 0 ? untilKeepAlive : POLL_INTERVAL;
                if (!wait.isNegative() && !wait.isZero()) {
                    watch.await(version, wait);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away; nothing to answer
            LOG.debug("event stream of command {} closed by the client: {}", id, e.toString());
        }
    }

    private byte[] frame(CommandEvent event) {
        String data = new String(json.write(EventView.of(event)), StandardCharsets.UTF_8);
        return ("id: " + event.seq() + "\nevent: " + EventView.of(event).type() + "\ndata: " + data + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** {@code Last-Event-ID} (sent by reconnecting clients) wins over {@code ?after=}. */
    private static long resumePoint(Context ctx) {
        String header = ctx.header("Last-Event-ID");
        if (header != null && !header.isBlank()) {
            return parse(header.strip(), "Last-Event-ID");
        }
        String query = ctx.queryParam("after");
        return query == null ? 0 : parse(query.strip(), "after");
    }

    private static long parse(String text, String name) {
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, name + " must be an event number (0 or more)");
        }
        return Long.parseLong(text);
    }
}
