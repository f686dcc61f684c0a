package io.berth.store.jpa;

import io.berth.core.catalog.ConfigurationId;
import io.berth.core.catalog.PlanId;
import io.berth.core.catalog.ServiceConfiguration;
import io.berth.core.catalog.TaskPhase;
import io.berth.core.catalog.TaskSpec;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** A configuration's own row; its tasks are {@link TaskSpecEntity} rows. */
@Entity
@Table(name = "configuration")
class ConfigurationEntity {
    @Id
    @Column(name = "id", nullable = false)
    UUID id;

    @Column(name = "plan_id", nullable = false)
    UUID planId;

    @Column(name = "version", nullable = false)
    int version;

    @Column(name = "health_interval_ms", nullable = false)
    long healthIntervalMs;

    @Column(name = "created", nullable = false)
    Instant created;

    ConfigurationEntity() {
    }

    static ConfigurationEntity of(ServiceConfiguration configuration) {
        ConfigurationEntity entity = new ConfigurationEntity();
        entity.id = configuration.id().value();
        entity.planId = configuration.plan().value();
        entity.version = configuration.version();
        entity.healthIntervalMs = Times.millis(configuration.healthInterval(), "healthInterval");
        entity.created = Times.stored(configuration.created());
        return entity;
    }

    /** The task rows of a configuration, ready to persist. */
    static List<TaskSpecEntity> taskSpecs(ServiceConfiguration configuration) {
        List<TaskSpecEntity> specs = new ArrayList<>();
        for (TaskPhase phase : TaskPhase.values()) {
            List<TaskSpec> tasks = configuration.tasks(phase);
            for (int index = 0; index < tasks.size(); index++) {
                specs.add(TaskSpecEntity.of(configuration.id().value(), phase, index, tasks.get(index)));
            }
        }
        return specs;
    }

    /** @param specs this configuration's task rows, in any order */
    ServiceConfiguration toDomain(List<TaskSpecEntity> specs) {
        List<TaskSpecEntity> sorted = new ArrayList<>(specs);
        sorted.sort(Comparator.comparingInt((TaskSpecEntity spec) -> spec.taskIndex));
        List<TaskSpec> install = new ArrayList<>();
        List<TaskSpec> remove = new ArrayList<>();
        TaskSpec health = null;
        for (TaskSpecEntity spec : sorted) {
            switch (TaskPhase.valueOf(spec.phase)) {
                case INSTALL -> install.add(spec.toDomain());
                case REMOVE -> remove.add(spec.toDomain());
                case HEALTH -> health = spec.toDomain();
            }
        }
        return new ServiceConfiguration(new ConfigurationId(id), new PlanId(planId), version, install, remove, health,
                Duration.ofMillis(healthIntervalMs), created);
    }
}
