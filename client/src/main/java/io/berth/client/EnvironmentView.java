package io.berth.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Map;

/**
 * An environment configuration: its name, its document (null in lists) and the parameters a deployment running it
 * gets ({@code environment.name}, {@code environment.python.version}, ...).
 */
public record EnvironmentView(String name, String description, JsonNode document, Map<String, String> parameters,
                              Instant createdAt, Instant updatedAt) {
}
