package io.berth.store.jpa;

import io.berth.core.catalog.ScriptSource;
import io.berth.core.catalog.TaskPhase;
import io.berth.core.catalog.TaskSpec;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One task of a configuration. The surrogate id keeps the three child tables to a one-column join; the natural
 * key (configuration, phase, index) is a unique constraint.
 */
@Entity
@Table(name = "task_spec")
class TaskSpecEntity {
    static final String INSTALLED = "installed";
    static final String FETCHED = "fetched";

    @Id
    @Column(name = "id", nullable = false)
    UUID id;

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

    @Column(name = "script_type", length = 16)
    String scriptType;

    @Column(name = "script_path", length = 512)
    String scriptPath;

    @Column(name = "script_url")
    String scriptUrl;

    @Column(name = "script_sha256", length = 64)
    String scriptSha256;

    @Column(name = "interpreter", length = 256)
    String interpreter;

    @Column(name = "timeout_ms", nullable = false)
    long timeoutMs;

    @Column(name = "retries", nullable = false)
    int retries;

    @Column(name = "backoff_ms", nullable = false)
    long backoffMs;

    @Column(name = "repeatable", nullable = false)
    boolean repeatable;

    @ElementCollection
    @CollectionTable(name = "task_spec_argument", joinColumns = @JoinColumn(name = "task_spec_id"))
    @OrderColumn(name = "arg_index")
    @Column(name = "argument", nullable = false, length = 4096)
    List<String> arguments = new ArrayList<>();

    @ElementCollection
    @CollectionTable(name = "task_spec_environment", joinColumns = @JoinColumn(name = "task_spec_id"))
    @MapKeyColumn(name = "var_name", length = 128)
    @Column(name = "var_value", nullable = false, length = 4096)
    Map<String, String> environment = new HashMap<>();

    @ElementCollection
    @CollectionTable(name = "task_spec_setting", joinColumns = @JoinColumn(name = "task_spec_id"))
    @MapKeyColumn(name = "setting_name", length = 128)
    @Column(name = "setting_value", nullable = false, length = 4096)
    Map<String, String> settings = new HashMap<>();

    TaskSpecEntity() {
    }

    static TaskSpecEntity of(UUID configurationId, TaskPhase phase, int index, TaskSpec spec) {
        TaskSpecEntity entity = new TaskSpecEntity();
        entity.id = UUID.randomUUID();
        entity.configurationId = configurationId;
        entity.phase = phase.name();
        entity.taskIndex = index;
        entity.name = spec.name();
        entity.kind = spec.kind();
        if (spec.script() instanceof ScriptSource.Installed installed) {
            entity.scriptType = INSTALLED;
            entity.scriptPath = installed.path();
        } else if (spec.script() instanceof ScriptSource.Fetched fetched) {
            entity.scriptType = FETCHED;
            entity.scriptUrl = fetched.url().toString();
            entity.scriptSha256 = fetched.sha256();
        }
        entity.interpreter = spec.interpreter();
        entity.timeoutMs = Times.millis(spec.timeout(), "task.timeout");
        entity.retries = spec.retries();
        entity.backoffMs = Times.millis(spec.retryBackoff(), "task.retryBackoff");
        entity.repeatable = spec.repeatable();
        entity.arguments.addAll(spec.arguments());
        entity.environment.putAll(spec.environment());
        entity.settings.putAll(spec.settings());
        return entity;
    }

    TaskSpec toDomain() {
        ScriptSource script = scriptType == null ? null : switch (scriptType) {
            case INSTALLED -> new ScriptSource.Installed(scriptPath);
            case FETCHED -> new ScriptSource.Fetched(URI.create(scriptUrl), scriptSha256);
            default -> throw new IllegalStateException("unknown script type in task_spec " + id + ": " + scriptType);
        };
        return new TaskSpec(name, kind, script, interpreter, arguments, environment, settings,
                Duration.ofMillis(timeoutMs), retries, Duration.ofMillis(backoffMs), repeatable);
    }
}
