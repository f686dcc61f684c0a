package io.berth.store.jpa;

import io.berth.core.catalog.PlanId;
import io.berth.core.catalog.ServicePlan;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "plan")
class PlanEntity {
    @Id
    @Column(name = "id", nullable = false)
    UUID id;

    @Column(name = "name", nullable = false, length = 64)
    String name;

    @Column(name = "description", nullable = false, length = 2000)
    String description;

    @Column(name = "created", nullable = false)
    Instant created;

    PlanEntity() {
    }

    static PlanEntity of(ServicePlan plan) {
        PlanEntity entity = new PlanEntity();
        entity.id = plan.id().value();
        entity.name = plan.name();
        entity.description = plan.description();
        entity.created = Times.stored(plan.created());
        return entity;
    }

    ServicePlan toDomain() {
        return new ServicePlan(new PlanId(id), name, description, created);
    }
}
