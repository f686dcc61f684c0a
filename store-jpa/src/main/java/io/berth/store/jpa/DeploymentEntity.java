package io.berth.store.jpa;

import io.berth.core.account.AccountId;
import io.berth.core.catalog.ConfigurationId;
import io.berth.core.catalog.PlanId;
import io.berth.core.provisioning.DeploymentHealth;
import io.berth.core.provisioning.DeploymentId;
import io.berth.core.provisioning.HealthStatus;
import io.berth.core.provisioning.ServiceDeployment;
import io.berth.core.state.State;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

@Entity
@Table(name = "deployment")
class DeploymentEntity {
    @Id
    @Column(name = "id", nullable = false)
    UUID id;

    @Column(name = "plan_id", nullable = false)
    UUID planId;

    @Column(name = "configuration_id", nullable = false)
    UUID configurationId;

    @Column(name = "owner_id", nullable = false)
    UUID ownerId;

    @Column(name = "state", nullable = false)
    int state;

    @Column(name = "health_status", nullable = false, length = 16)
    String healthStatus;

    @Column(name = "health_checked_at")
    Instant healthCheckedAt;

    @Column(name = "health_message", nullable = false)
    String healthMessage;

    @Column(name = "health_due_at")
    Instant healthDueAt;

    @Column(name = "reason", nullable = false)
    String reason;

    @Column(name = "created", nullable = false)
    Instant created;

    @Column(name = "updated", nullable = false)
    Instant updated;

    @ElementCollection
    @CollectionTable(name = "deployment_parameter", joinColumns = @JoinColumn(name = "deployment_id"))
    @MapKeyColumn(name = "param_name", length = 128)
    @Column(name = "param_value", nullable = false, length = 4096)
    Map<String, String> parameters = new HashMap<>();

    DeploymentEntity() {
    }

    /** A new deployment; its first health check is scheduled by the executor through apply. */
    static DeploymentEntity of(ServiceDeployment deployment) {
        DeploymentEntity entity = new DeploymentEntity();
        entity.id = deployment.id().value();
        entity.planId = deployment.plan().value();
        entity.configurationId = deployment.configuration().value();
        entity.ownerId = deployment.owner().value();
        entity.state = deployment.state().code();
        entity.healthStatus = deployment.health().status().name();
        entity.healthCheckedAt = Times.stored(deployment.health().checkedAt());
        entity.healthMessage = deployment.health().message();
        entity.reason = deployment.reason();
        entity.created = Times.stored(deployment.created());
        entity.updated = Times.stored(deployment.updated());
        entity.parameters.putAll(deployment.parameters());
        return entity;
    }

    ServiceDeployment toDomain() {
        DeploymentHealth health = new DeploymentHealth(HealthStatus.valueOf(healthStatus), healthCheckedAt,
                healthMessage);
        return new ServiceDeployment(new DeploymentId(id), new PlanId(planId), new ConfigurationId(configurationId),
                new AccountId(ownerId), parameters, State.fromCode(state), health, reason, created, updated);
    }
}
