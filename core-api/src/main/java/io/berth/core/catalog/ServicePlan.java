package io.berth.core.catalog;

import io.berth.core.error.Checks;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** A service offered to users, e.g. {@code notebook}, {@code worker}, {@code storage}. */
public record ServicePlan(PlanId id, String name, String description, Instant created) {
    public ServicePlan {
        requireNonNull(id, "id is null");
        Checks.name(name, "plan.name");
        description = Checks.text(description, "plan.description", 2000);
        requireNonNull(created, "created is null");
    }
}
