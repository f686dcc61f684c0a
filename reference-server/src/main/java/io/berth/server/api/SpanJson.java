package io.berth.server.api;

/** A period of a booking, {@code [start, end)}; each is a date (start of that day in the server's zone) or an ISO time. */
public record SpanJson(String start, String end) {
}
