-- The booking engine: pools, capacity, bookings, the access queue and calendar feeds.

-- Every change to a pool's capacity, bookings or queue bumps pool.version once per transaction and stamps the
-- changed rows with the new version, so a process can read what changed since the version it has seen.
-- Resource vectors are stored as text, "cores=2000,memory=4096,disk=20" (ResourceVector's base units).
CREATE TABLE pool (
    id      uuid                     NOT NULL,
    name    varchar(64)              NOT NULL,
    sharing varchar(16)              NOT NULL,
    version bigint                   NOT NULL,
    CONSTRAINT pk_pool PRIMARY KEY (id),
    CONSTRAINT uk_pool_name UNIQUE (name),
    CONSTRAINT ck_pool_sharing CHECK (sharing IN ('SHARED', 'MANAGED', 'RESERVED')),
    CONSTRAINT ck_pool_version CHECK (version >= 0)
);

CREATE TABLE capacity_allocation (
    id          uuid                     NOT NULL,
    pool_id     uuid                     NOT NULL,
    resources   varchar(2000)            NOT NULL,
    valid_from  timestamp with time zone NOT NULL,
    valid_until timestamp with time zone,
    removed     boolean                  NOT NULL,
    version     bigint                   NOT NULL,
    CONSTRAINT pk_capacity_allocation PRIMARY KEY (id),
    CONSTRAINT fk_capacity_allocation_pool FOREIGN KEY (pool_id) REFERENCES pool (id),
    CONSTRAINT ck_capacity_allocation_period CHECK (valid_until IS NULL OR valid_until > valid_from)
);
CREATE INDEX ix_capacity_allocation_pool_version ON capacity_allocation (pool_id, version);

-- Owners are account ids without a foreign key, as for deployments: history outlives accounts.
CREATE TABLE booking (
    id           uuid                     NOT NULL,
    pool_id      uuid                     NOT NULL,
    owner_id     uuid                     NOT NULL,
    package_name varchar(32)              NOT NULL,
    unit         varchar(2000)            NOT NULL,
    unit_count   integer                  NOT NULL,
    status       varchar(16)              NOT NULL,
    first_start  timestamp with time zone NOT NULL,
    last_end     timestamp with time zone NOT NULL,
    created      timestamp with time zone NOT NULL,
    version      bigint                   NOT NULL,
    CONSTRAINT pk_booking PRIMARY KEY (id),
    CONSTRAINT fk_booking_pool FOREIGN KEY (pool_id) REFERENCES pool (id),
    CONSTRAINT ck_booking_count CHECK (unit_count >= 1),
    CONSTRAINT ck_booking_period CHECK (last_end > first_start)
);
CREATE INDEX ix_booking_pool_version ON booking (pool_id, version);
CREATE INDEX ix_booking_owner_end ON booking (owner_id, last_end);

CREATE TABLE booking_span (
    booking_id uuid                     NOT NULL,
    span_index integer                  NOT NULL,
    span_start timestamp with time zone NOT NULL,
    span_end   timestamp with time zone NOT NULL,
    CONSTRAINT pk_booking_span PRIMARY KEY (booking_id, span_index),
    CONSTRAINT fk_booking_span_booking FOREIGN KEY (booking_id) REFERENCES booking (id) ON DELETE CASCADE,
    CONSTRAINT ck_booking_span_period CHECK (span_end > span_start)
);

CREATE TABLE queue_entry (
    id            uuid                     NOT NULL,
    pool_id       uuid                     NOT NULL,
    package_name  varchar(32)              NOT NULL,
    account_id    uuid                     NOT NULL,
    length_ms     bigint                   NOT NULL,
    joined        timestamp with time zone NOT NULL,
    status        varchar(16)              NOT NULL,
    offer_expires timestamp with time zone,
    booking_id    uuid,
    version       bigint                   NOT NULL,
    CONSTRAINT pk_queue_entry PRIMARY KEY (id),
    CONSTRAINT fk_queue_entry_pool FOREIGN KEY (pool_id) REFERENCES pool (id),
    CONSTRAINT ck_queue_entry_length CHECK (length_ms > 0)
);
CREATE INDEX ix_queue_entry_pool_version ON queue_entry (pool_id, version);
CREATE INDEX ix_queue_entry_account ON queue_entry (account_id, status);
CREATE INDEX ix_queue_entry_offer ON queue_entry (status, offer_expires);

CREATE TABLE calendar_feed (
    account_id  uuid        NOT NULL,
    secret_hash varchar(64) NOT NULL,
    CONSTRAINT pk_calendar_feed PRIMARY KEY (account_id),
    CONSTRAINT uk_calendar_feed_secret UNIQUE (secret_hash)
);
