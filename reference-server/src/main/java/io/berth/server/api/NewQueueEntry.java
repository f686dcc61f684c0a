package io.berth.server.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of {@code POST /queue}: the package wanted, for how long ({@code days} or {@code hours}), where. */
public record NewQueueEntry(@JsonProperty("package") String packageName, Integer days, Integer hours, String pool) {
}
