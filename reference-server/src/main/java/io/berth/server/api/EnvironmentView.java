package io.berth.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.berth.core.environment.Environment;

import java.time.Instant;
import java.util.Map;

/**
 * An environment configuration: its document and the parameters a deployment running it gets.
 *
 * @param document the accepted document; absent in lists
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnvironmentView(String name, String description, JsonNode document, Map<String, String> parameters,
                              Instant createdAt, Instant updatedAt) {

    public static EnvironmentView of(Environment environment, JsonNode document) {
        return new EnvironmentView(environment.name(), environment.description(), document,
                environment.parameters(), environment.createdAt(), environment.updatedAt());
    }
}
