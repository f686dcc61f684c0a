package io.berth.server.api;

import io.berth.platform.catalog.ConfigurationDraft;

/**
 * The body of {@code POST /plans}.
 *
 * @param configuration the first configuration, or null to add one later
 */
public record NewPlan(String name, String description, ConfigurationInput configuration) {

    /** The configuration as the catalog takes it, or null. */
    public ConfigurationDraft draft() {
        return configuration == null ? null : configuration.toDraft("configuration.");
    }
}
