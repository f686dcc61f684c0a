package io.berth.store.jpa;

import io.berth.core.catalog.ConfigurationId;
import io.berth.core.catalog.TaskPhase;
import io.berth.core.provisioning.CommandId;
import io.berth.core.provisioning.ServiceTask;
import io.berth.core.provisioning.TaskId;
import io.berth.core.state.State;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "task")
class TaskEntity {
    @Id
    @Column(name = "id", nullable = false)
    UUID id;

    @Column(name = "command_id", nullable = false)
    UUID commandId;

    @Column(name = "seq", nullable = false)
    int seq;

    @Column(name = "configuration_id", nullable = false)
    UUID configurationId;

    @Column(name = "phase", nullable = false, length = 16)
    String phase;

    @Column(name = "task_index", nullable = false)
    int taskIndex;

    @Column(name = "name", nullable = false, length = 64)
    String name;

    @Column(name = "kind", nullable = false, length = 64)
    String kind;

    @Column(name = "state", nullable = false)
    int state;

    @Column(name = "attempt", nullable = false)
    int attempt;

    @Column(name = "started_at")
    Instant startedAt;

    @Column(name = "finished_at")
    Instant finishedAt;

    @Column(name = "exit_code")
    Integer exitCode;

    @Column(name = "output", nullable = false, length = ServiceTask.MAX_OUTPUT_CHARS)
    String output;

    @Column(name = "reason", nullable = false)
    String reason;

    TaskEntity() {
    }

    static TaskEntity of(ServiceTask task) {
        TaskEntity entity = new TaskEntity();
        entity.id = task.id().value();
        entity.commandId = task.command().value();
        entity.seq = task.seq();
        entity.configurationId = task.configuration().value();
        entity.phase = task.phase().name();
        entity.taskIndex = task.index();
        entity.name = task.name();
        entity.kind = task.kind();
        entity.state = task.state().code();
        entity.attempt = task.attempt();
        entity.startedAt = Times.stored(task.startedAt());
        entity.finishedAt = Times.stored(task.finishedAt());
        entity.exitCode = task.exitCode();
        entity.output = task.output();
        entity.reason = task.reason();
        return entity;
    }

    ServiceTask toDomain() {
        return new ServiceTask(new TaskId(id), new CommandId(commandId), seq, new ConfigurationId(configurationId),
                TaskPhase.valueOf(phase), taskIndex, name, kind, State.fromCode(state), attempt, startedAt, finishedAt,
                exitCode, output, reason);
    }
}
