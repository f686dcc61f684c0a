package io.berth.client;

import com.fasterxml.jackson.annotation.JsonInclude;

import static java.util.Objects.requireNonNull;

/**
 * The body of {@code POST /plans}.
 *
 * @param configuration the first configuration, or {@code null} to add one later
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlanRequest(String name, String description, ConfigurationRequest configuration) {

    public PlanRequest {
        requireNonNull(name, "name is null");
    }
}
