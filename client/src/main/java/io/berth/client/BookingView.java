package io.berth.client;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/** A booking. */
public record BookingView(String id, String pool, String owner, @JsonProperty("packageName") String packageName,
                          int count, ResourcesView resources, Instant start, Instant end, List<SpanView> spans,
                          String status, Instant created) {

    public record SpanView(Instant start, Instant end) {
    }
}
