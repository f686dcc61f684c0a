package io.berth.server.api;

import io.berth.platform.catalog.CatalogService;

import java.time.Instant;

/**
 * A plan as the API shows it.
 *
 * @param latestVersion the newest configuration version, null while the plan has none
 */
public record PlanView(String id, String name, String description, Instant created, Integer latestVersion) {

    public static PlanView of(CatalogService.PlanView view) {
        return new PlanView(view.plan().id().toString(), view.plan().name(), view.plan().description(),
                view.plan().created(), view.latestVersion());
    }
}
