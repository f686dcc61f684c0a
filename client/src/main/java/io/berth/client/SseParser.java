package io.berth.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Splits a {@code text/event-stream} body into events, following the WHATWG rules that matter here:
 * {@code field: value} lines, comments starting with {@code :}, multi-line {@code data}, and a blank line
 * ending each event. An event cut off before its blank line is dropped, so that a resumed stream sends it
 * again in full.
 */
final class SseParser {

    /** One dispatched event; {@code id} is null when the event carried none. */
    record Event(String id, String name, String data) {
    }

    private final BufferedReader reader;

    SseParser(InputStream body) {
        this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    /** The next event, or {@code null} once the stream has ended. */
    Event next() throws IOException {
        String id = null;
        String name = null;
        StringBuilder data = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return new Event(id, name == null ? "message" : name, data.toString());
                }
                id = null;
                name = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                case "event" -> name = value;
                case "id" -> {
                    if (value.indexOf('\0') < 0) {
                        id = value;
                    }
                }
                default -> {
                    // "retry" and unknown fields: the reconnect policy is the client's own.
                }
            }
        }
        return null;
    }
}
