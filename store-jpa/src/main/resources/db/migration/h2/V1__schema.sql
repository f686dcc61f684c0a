-- Berth store schema, H2.
-- The PostgreSQL twin of this file (db/migration/postgresql) must describe the same tables and columns: Hibernate
-- validates the entities against whichever one ran. H2 has no partial indexes, so the indexes differ.
-- H2 reads text as an unbounded character varying (not a CLOB), so it can be compared and indexed as in PostgreSQL.
-- State columns hold State.code(): 0 INITIATED, 1 PENDING, 5 COMPLETED, 8 REMOVED, 9 FAILED.

CREATE TABLE plan (
    id          uuid                     NOT NULL,
    name        varchar(64)              NOT NULL,
    description varchar(2000)            NOT NULL,
    created     timestamp with time zone NOT NULL,
    CONSTRAINT pk_plan PRIMARY KEY (id),
    CONSTRAINT uk_plan_name UNIQUE (name)
);

CREATE TABLE configuration (
    id                 uuid                     NOT NULL,
    plan_id            uuid                     NOT NULL,
    version            integer                  NOT NULL,
    health_interval_ms bigint                   NOT NULL,
    created            timestamp with time zone NOT NULL,
    CONSTRAINT pk_configuration PRIMARY KEY (id),
    CONSTRAINT uk_configuration_version UNIQUE (plan_id, version),
    CONSTRAINT fk_configuration_plan FOREIGN KEY (plan_id) REFERENCES plan (id),
    CONSTRAINT ck_configuration_version CHECK (version >= 1),
    CONSTRAINT ck_configuration_health_interval CHECK (health_interval_ms > 0)
);

CREATE TABLE task_spec (
    id               uuid          NOT NULL,
    configuration_id uuid          NOT NULL,
    phase            varchar(16)   NOT NULL,
    task_index       integer       NOT NULL,
    name             varchar(64)   NOT NULL,
    kind             varchar(64)   NOT NULL,
    script_type      varchar(16),
    script_path      varchar(512),
    script_url       text,
    script_sha256    varchar(64),
    interpreter      varchar(256),
    timeout_ms       bigint        NOT NULL,
    retries          integer       NOT NULL,
    backoff_ms       bigint        NOT NULL,
    repeatable       boolean       NOT NULL,
    CONSTRAINT pk_task_spec PRIMARY KEY (id),
    CONSTRAINT uk_task_spec_index UNIQUE (configuration_id, phase, task_index),
    CONSTRAINT uk_task_spec_name UNIQUE (configuration_id, phase, name),
    CONSTRAINT fk_task_spec_configuration FOREIGN KEY (configuration_id) REFERENCES configuration (id) ON DELETE CASCADE,
    CONSTRAINT ck_task_spec_phase CHECK (phase IN ('INSTALL', 'REMOVE', 'HEALTH')),
    CONSTRAINT ck_task_spec_script CHECK (
        (script_type IS NULL AND script_path IS NULL AND script_url IS NULL AND script_sha256 IS NULL)
        OR (script_type = 'installed' AND script_path IS NOT NULL AND script_url IS NULL AND script_sha256 IS NULL)
        OR (script_type = 'fetched' AND script_path IS NULL AND script_url IS NOT NULL AND script_sha256 IS NOT NULL))
);

CREATE TABLE task_spec_argument (
    task_spec_id uuid          NOT NULL,
    arg_index    integer       NOT NULL,
    argument     varchar(4096) NOT NULL,
    CONSTRAINT pk_task_spec_argument PRIMARY KEY (task_spec_id, arg_index),
    CONSTRAINT fk_task_spec_argument_spec FOREIGN KEY (task_spec_id) REFERENCES task_spec (id) ON DELETE CASCADE
);

CREATE TABLE task_spec_environment (
    task_spec_id uuid          NOT NULL,
    var_name     varchar(128)  NOT NULL,
    var_value    varchar(4096) NOT NULL,
    CONSTRAINT pk_task_spec_environment PRIMARY KEY (task_spec_id, var_name),
    CONSTRAINT fk_task_spec_environment_spec FOREIGN KEY (task_spec_id) REFERENCES task_spec (id) ON DELETE CASCADE
);

CREATE TABLE task_spec_setting (
    task_spec_id  uuid          NOT NULL,
    setting_name  varchar(128)  NOT NULL,
    setting_value varchar(4096) NOT NULL,
    CONSTRAINT pk_task_spec_setting PRIMARY KEY (task_spec_id, setting_name),
    CONSTRAINT fk_task_spec_setting_spec FOREIGN KEY (task_spec_id) REFERENCES task_spec (id) ON DELETE CASCADE
);

-- Owners and requesters are account ids without a foreign key: accounts are managed apart from the catalog and
-- provisioning, and history must survive whatever happens to an account.
CREATE TABLE deployment (
    id                uuid                     NOT NULL,
    plan_id           uuid                     NOT NULL,
    configuration_id  uuid                     NOT NULL,
    owner_id          uuid                     NOT NULL,
    state             integer                  NOT NULL,
    health_status     varchar(16)              NOT NULL,
    health_checked_at timestamp with time zone,
    health_message    text                     NOT NULL,
    health_due_at     timestamp with time zone,
    reason            text                     NOT NULL,
    created           timestamp with time zone NOT NULL,
    updated           timestamp with time zone NOT NULL,
    CONSTRAINT pk_deployment PRIMARY KEY (id),
    CONSTRAINT fk_deployment_plan FOREIGN KEY (plan_id) REFERENCES plan (id),
    CONSTRAINT fk_deployment_configuration FOREIGN KEY (configuration_id) REFERENCES configuration (id),
    CONSTRAINT ck_deployment_state CHECK (state IN (0, 1, 5, 8, 9)),
    CONSTRAINT ck_deployment_health_status CHECK (health_status IN ('UNKNOWN', 'HEALTHY', 'UNHEALTHY'))
);

CREATE INDEX ix_deployment_created ON deployment (created, id);
CREATE INDEX ix_deployment_owner ON deployment (owner_id, created, id);
CREATE INDEX ix_deployment_plan ON deployment (plan_id);
CREATE INDEX ix_deployment_configuration ON deployment (configuration_id);
CREATE INDEX ix_deployment_health_due ON deployment (state, health_due_at, id);

CREATE TABLE deployment_parameter (
    deployment_id uuid          NOT NULL,
    param_name    varchar(128)  NOT NULL,
    param_value   varchar(4096) NOT NULL,
    CONSTRAINT pk_deployment_parameter PRIMARY KEY (deployment_id, param_name),
    CONSTRAINT fk_deployment_parameter_deployment FOREIGN KEY (deployment_id) REFERENCES deployment (id) ON DELETE CASCADE
);

CREATE TABLE command (
    id                  uuid                     NOT NULL,
    action              varchar(16)              NOT NULL,
    plan_id             uuid                     NOT NULL,
    deployment_id       uuid                     NOT NULL,
    configuration_id    uuid                     NOT NULL,
    requester_id        uuid                     NOT NULL,
    idempotency_key     varchar(200),
    request_fingerprint text                     NOT NULL,
    state               integer                  NOT NULL,
    reason              text                     NOT NULL,
    created             timestamp with time zone NOT NULL,
    updated             timestamp with time zone NOT NULL,
    lease_owner         text,
    lease_until         timestamp with time zone,
    not_before          timestamp with time zone NOT NULL,
    cancel_requested    boolean                  NOT NULL,
    CONSTRAINT pk_command PRIMARY KEY (id),
    -- NULL keys are distinct, so commands without a key never collide.
    CONSTRAINT uk_command_idempotency UNIQUE (requester_id, idempotency_key),
    CONSTRAINT fk_command_plan FOREIGN KEY (plan_id) REFERENCES plan (id),
    CONSTRAINT fk_command_deployment FOREIGN KEY (deployment_id) REFERENCES deployment (id),
    CONSTRAINT fk_command_configuration FOREIGN KEY (configuration_id) REFERENCES configuration (id),
    CONSTRAINT ck_command_action CHECK (action IN ('INSTALL', 'CONFIGURE', 'REMOVE')),
    CONSTRAINT ck_command_state CHECK (state IN (0, 1, 5, 8, 9))
);

-- The claim scans non-terminal commands oldest first and probes older non-terminal commands of the same
-- deployment (through ix_command_deployment).
CREATE INDEX ix_command_runnable ON command (state, created, id);
CREATE INDEX ix_command_created ON command (created, id);
CREATE INDEX ix_command_deployment ON command (deployment_id, created, id);
CREATE INDEX ix_command_requester ON command (requester_id, created, id);
CREATE INDEX ix_command_configuration ON command (configuration_id);
CREATE INDEX ix_command_plan ON command (plan_id);

CREATE TABLE command_parameter (
    command_id  uuid          NOT NULL,
    param_name  varchar(128)  NOT NULL,
    param_value varchar(4096) NOT NULL,
    CONSTRAINT pk_command_parameter PRIMARY KEY (command_id, param_name),
    CONSTRAINT fk_command_parameter_command FOREIGN KEY (command_id) REFERENCES command (id) ON DELETE CASCADE
);

CREATE TABLE task (
    id               uuid                     NOT NULL,
    command_id       uuid                     NOT NULL,
    seq              integer                  NOT NULL,
    configuration_id uuid                     NOT NULL,
    phase            varchar(16)              NOT NULL,
    task_index       integer                  NOT NULL,
    name             varchar(64)              NOT NULL,
    kind             varchar(64)              NOT NULL,
    state            integer                  NOT NULL,
    attempt          integer                  NOT NULL,
    started_at       timestamp with time zone,
    finished_at      timestamp with time zone,
    exit_code        integer,
    -- ServiceTask.bound keeps output within 64 Ki characters.
    output           varchar(65536)           NOT NULL,
    reason           text                     NOT NULL,
    CONSTRAINT pk_task PRIMARY KEY (id),
    CONSTRAINT uk_task_seq UNIQUE (command_id, seq),
    CONSTRAINT fk_task_command FOREIGN KEY (command_id) REFERENCES command (id),
    CONSTRAINT fk_task_configuration FOREIGN KEY (configuration_id) REFERENCES configuration (id),
    CONSTRAINT ck_task_phase CHECK (phase IN ('INSTALL', 'REMOVE', 'HEALTH')),
    CONSTRAINT ck_task_state CHECK (state IN (0, 1, 5, 8, 9))
);

CREATE INDEX ix_task_configuration ON task (configuration_id);

CREATE TABLE command_event (
    command_id  uuid                     NOT NULL,
    seq         bigint                   NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    event_type  varchar(16)              NOT NULL,
    task_id     uuid,
    task_name   varchar(64),
    state       integer                  NOT NULL,
    attempt     integer                  NOT NULL,
    message     varchar(2000)            NOT NULL,
    CONSTRAINT pk_command_event PRIMARY KEY (command_id, seq),
    CONSTRAINT fk_command_event_command FOREIGN KEY (command_id) REFERENCES command (id),
    CONSTRAINT fk_command_event_task FOREIGN KEY (task_id) REFERENCES task (id),
    CONSTRAINT ck_command_event_type CHECK (event_type IN ('COMMAND', 'TASK', 'PROGRESS')),
    CONSTRAINT ck_command_event_state CHECK (state IN (0, 1, 5, 8, 9)),
    CONSTRAINT ck_command_event_seq CHECK (seq >= 1)
);

CREATE INDEX ix_command_event_task ON command_event (task_id);

CREATE TABLE account (
    id      uuid                     NOT NULL,
    name    varchar(64)              NOT NULL,
    role    varchar(16)              NOT NULL,
    created timestamp with time zone NOT NULL,
    CONSTRAINT pk_account PRIMARY KEY (id),
    CONSTRAINT uk_account_name UNIQUE (name),
    CONSTRAINT ck_account_role CHECK (role IN ('USER', 'ADMIN'))
);

CREATE TABLE api_key (
    key_id       varchar(255)             NOT NULL,
    account_id   uuid                     NOT NULL,
    name         text                     NOT NULL,
    secret_hash  varchar(128)             NOT NULL,
    created      timestamp with time zone NOT NULL,
    expires_at   timestamp with time zone,
    revoked_at   timestamp with time zone,
    last_used_at timestamp with time zone,
    CONSTRAINT pk_api_key PRIMARY KEY (key_id),
    CONSTRAINT fk_api_key_account FOREIGN KEY (account_id) REFERENCES account (id)
);

CREATE INDEX ix_api_key_account ON api_key (account_id, created);
