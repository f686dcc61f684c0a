package io.berth.core.catalog;

import io.berth.core.error.Checks;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * How a plan is deployed: ordered install tasks (also run, with new parameters, by configure commands),
 * ordered removal tasks, and an optional health check run every {@code healthInterval}.
 *
 * <p>A configuration never changes once stored; a new version is added instead, so a running command
 * always sees the tasks it was started with. The newest version of a plan is used by new installs.
 */
public record ServiceConfiguration(
        ConfigurationId id,
        PlanId plan,
        int version,
        List<TaskSpec> installTasks,
        List<TaskSpec> removeTasks,
        TaskSpec healthCheck,
        Duration healthInterval,
        Instant created) {

    public static final Duration DEFAULT_HEALTH_INTERVAL = Duration.ofMinutes(1);

    public ServiceConfiguration {
        requireNonNull(id, "id is null");
        requireNonNull(plan, "plan is null");
        Checks.range(version, "configuration.version", 1, Integer.MAX_VALUE);
        installTasks = List.copyOf(Checks.required(installTasks, "installTasks"));
        removeTasks = removeTasks == null ? List.of() : List.copyOf(removeTasks);
        if (installTasks.isEmpty()) {
            throw Checks.invalid("a configuration needs at least one install task");
        }
        if (installTasks.size() > 100 || removeTasks.size() > 100) {
            throw Checks.invalid("a configuration has at most 100 install and 100 remove tasks");
        }
        uniqueNames(installTasks, "installTasks");
        uniqueNames(removeTasks, "removeTasks");
        healthInterval = healthInterval == null ? DEFAULT_HEALTH_INTERVAL
                : Checks.positive(healthInterval, "healthInterval", Duration.ofDays(1));
        if (healthInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw Checks.invalid("healthInterval must be at least one second");
        }
        requireNonNull(created, "created is null");
    }

    private static void uniqueNames(List<TaskSpec> tasks, String field) {
        Set<String> seen = new HashSet<>();
        for (TaskSpec task : tasks) {
            if (!seen.add(task.name())) {
                throw Checks.invalid(field + " has two tasks named '" + task.name() + "'");
            }
        }
    }

    public Optional<TaskSpec> healthCheckTask() {
        return Optional.ofNullable(healthCheck);
    }

    /** The tasks of one phase, in order. */
    public List<TaskSpec> tasks(TaskPhase phase) {
        return switch (phase) {
            case INSTALL -> installTasks;
            case REMOVE -> removeTasks;
            case HEALTH -> healthCheck == null ? List.of() : List.of(healthCheck);
        };
    }

    /** Every task of the configuration, install, remove and health. */
    public List<TaskSpec> allTasks() {
        return java.util.stream.Stream.of(TaskPhase.values()).flatMap(p -> tasks(p).stream()).toList();
    }
}
