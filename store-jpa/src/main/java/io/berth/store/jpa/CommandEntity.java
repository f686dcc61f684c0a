package io.berth.store.jpa;

import io.berth.core.account.AccountId;
import io.berth.core.catalog.ConfigurationId;
import io.berth.core.catalog.PlanId;
import io.berth.core.provisioning.CommandAction;
import io.berth.core.provisioning.CommandId;
import io.berth.core.provisioning.DeploymentId;
import io.berth.core.provisioning.ServiceCommand;
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

/** A command and the lease by which one executor runs it. */
@Entity
@Table(name = "command")
class CommandEntity {
    @Id
    @Column(name = "id", nullable = false)
    UUID id;

    @Column(name = "action", nullable = false, length = 16)
    String action;

    @Column(name = "plan_id", nullable = false)
    UUID planId;

    @Column(name = "deployment_id", nullable = false)
    UUID deploymentId;

    @Column(name = "configuration_id", nullable = false)
    UUID configurationId;

    @Column(name = "requester_id", nullable = false)
    UUID requesterId;

    @Column(name = "idempotency_key", length = 200)
    String idempotencyKey;

    @Column(name = "request_fingerprint", nullable = false)
    String requestFingerprint;

    @Column(name = "state", nullable = false)
    int state;

    @Column(name = "reason", nullable = false)
    String reason;

    @Column(name = "created", nullable = false)
    Instant created;

    @Column(name = "updated", nullable = false)
    Instant updated;

    @Column(name = "lease_owner")
    String leaseOwner;

    @Column(name = "lease_until")
    Instant leaseUntil;

    @Column(name = "not_before", nullable = false)
    Instant notBefore;

    @Column(name = "cancel_requested", nullable = false)
    boolean cancelRequested;

    @ElementCollection
    @CollectionTable(name = "command_parameter", joinColumns = @JoinColumn(name = "command_id"))
    @MapKeyColumn(name = "param_name", length = 128)
    @Column(name = "param_value", nullable = false, length = 4096)
    Map<String, String> parameters = new HashMap<>();

    CommandEntity() {
    }

    static CommandEntity of(ServiceCommand command, Instant notBefore) {
        CommandEntity entity = new CommandEntity();
        entity.id = command.id().value();
        entity.action = command.action().name();
        entity.planId = command.plan().value();
        entity.deploymentId = command.deployment().value();
        entity.configurationId = command.configuration().value();
        entity.requesterId = command.requester().value();
        entity.idempotencyKey = command.idempotencyKey();
        entity.requestFingerprint = command.requestFingerprint();
        entity.state = command.state().code();
        entity.reason = command.reason();
        entity.created = Times.stored(command.created());
        entity.updated = Times.stored(command.updated());
        entity.notBefore = Times.stored(notBefore);
        entity.parameters.putAll(command.parameters());
        return entity;
    }

    ServiceCommand toDomain() {
        return new ServiceCommand(new CommandId(id), CommandAction.valueOf(action), new PlanId(planId),
                new DeploymentId(deploymentId), new ConfigurationId(configurationId), parameters,
                new AccountId(requesterId), idempotencyKey, requestFingerprint, State.fromCode(state), reason, created,
                updated);
    }
}
