package io.berth.server.api;

import java.util.Map;

/** The answer to a valid document at {@code POST /environments/validate}: the parameters it would give. */
public record EnvironmentValidation(boolean valid, String name, Map<String, String> parameters) {
}
