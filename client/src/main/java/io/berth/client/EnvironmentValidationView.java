package io.berth.client;

import java.util.Map;

/** The server's answer to a valid environment document: the parameters it would give. */
public record EnvironmentValidationView(boolean valid, String name, Map<String, String> parameters) {
}
