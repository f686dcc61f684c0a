package io.berth.client.cli;

import io.berth.core.state.State;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.stream.Collectors;

/** How values look in text output. */
final class Text {

    private Text() {
    }

    /** {@code COMPLETED(5)}: the name for people, the code because scripts and old tools speak it. */
    static String state(State state, int code) {
        return (state == null ? "UNKNOWN" : state.name()) + "(" + code + ")";
    }

    /** Whole seconds in UTC, e.g. {@code 2026-11-23T10:00:00Z}. */
    static String instant(Instant instant) {
        return instant == null ? "" : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    static String parameters(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(" "));
    }

    static String orEmpty(Object value) {
        return value == null ? "" : value.toString();
    }
}
