package io.berth.store.jpa;

import io.berth.core.provisioning.CommandEvent;
import io.berth.core.provisioning.CommandId;
import io.berth.core.provisioning.TaskId;
import io.berth.core.state.State;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** An event row; events are only ever appended, numbered by the caller within their command. */
@Entity
@Table(name = "command_event")
@IdClass(CommandEventEntity.Key.class)
class CommandEventEntity {
    @Id
    @Column(name = "command_id", nullable = false)
    UUID commandId;

    @Id
    @Column(name = "seq", nullable = false)
    long seq;

    @Column(name = "occurred_at", nullable = false)
    Instant occurredAt;

    @Column(name = "event_type", nullable = false, length = 16)
    String eventType;

    @Column(name = "task_id")
    UUID taskId;

    @Column(name = "task_name", length = 64)
    String taskName;

    @Column(name = "state", nullable = false)
    int state;

    @Column(name = "attempt", nullable = false)
    int attempt;

    @Column(name = "message", nullable = false, length = 2000)
    String message;

    CommandEventEntity() {
    }

    static CommandEventEntity of(CommandEvent event) {
        CommandEventEntity entity = new CommandEventEntity();
        entity.commandId = event.command().value();
        entity.seq = event.seq();
        entity.occurredAt = Times.stored(event.at());
        entity.eventType = event.type().name();
        entity.taskId = event.task() == null ? null : event.task().value();
        entity.taskName = event.taskName();
        entity.state = event.state().code();
        entity.attempt = event.attempt();
        entity.message = event.message();
        return entity;
    }

    CommandEvent toDomain() {
        return new CommandEvent(new CommandId(commandId), seq, occurredAt, CommandEvent.Type.valueOf(eventType),
                taskId == null ? null : new TaskId(taskId), taskName, State.fromCode(state), attempt, message);
    }

    /** The primary key (command, seq). */
    static final class Key implements Serializable {
        UUID commandId;
        long seq;

        Key() {
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && seq == key.seq && Objects.equals(commandId, key.commandId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(commandId, seq);
        }
    }
}
