-- Sign-in: accounts gain a display name, a trial flag, email confirmation, disabling and deletion marks; their
-- passwords, mailed link codes, login tokens, web sessions and provider identities. Secrets are stored only as
-- lower-case hex SHA-256 hashes (passwords as Argon2id PHC strings).
ALTER TABLE account ADD COLUMN display_name varchar(400);
ALTER TABLE account ADD COLUMN trial boolean DEFAULT FALSE NOT NULL;
ALTER TABLE account ADD COLUMN email_confirmed boolean DEFAULT FALSE NOT NULL;
ALTER TABLE account ADD COLUMN disabled_at timestamp with time zone;
-- When the account (trial or not) was last active, and when it was marked for deletion (logout of a trial
-- account, or deletion by its owner or an admin); the maintenance job purges marked and idle trial accounts.
ALTER TABLE account ADD COLUMN last_active_at timestamp with time zone;
ALTER TABLE account ADD COLUMN delete_requested_at timestamp with time zone;
-- One account per address (NULLs are distinct).
ALTER TABLE account ADD CONSTRAINT uk_account_email UNIQUE (email);
CREATE INDEX ix_account_trial ON account (trial, last_active_at);

CREATE TABLE account_password (
    account_id uuid                     NOT NULL,
    hash       varchar(512)             NOT NULL,
    updated    timestamp with time zone NOT NULL,
    CONSTRAINT pk_account_password PRIMARY KEY (account_id),
    CONSTRAINT fk_account_password_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
);

CREATE TABLE email_code (
    code_hash varchar(64)               NOT NULL,
    account_id uuid                     NOT NULL,
    purpose    varchar(16)              NOT NULL,
    email      varchar(254)             NOT NULL,
    created    timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at    timestamp with time zone,
    CONSTRAINT pk_email_code PRIMARY KEY (code_hash),
    CONSTRAINT fk_email_code_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE,
    CONSTRAINT ck_email_code_purpose CHECK (purpose IN ('CONFIRM', 'RESET', 'EMAIL'))
);
CREATE INDEX ix_email_code_account ON email_code (account_id);
CREATE INDEX ix_email_code_expires ON email_code (expires_at);

CREATE TABLE login_token (
    token_hash varchar(64)               NOT NULL,
    account_id uuid                     NOT NULL,
    site       varchar(64)              NOT NULL,
    created    timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at    timestamp with time zone,
    CONSTRAINT pk_login_token PRIMARY KEY (token_hash),
    CONSTRAINT fk_login_token_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
);
CREATE INDEX ix_login_token_account ON login_token (account_id);
CREATE INDEX ix_login_token_expires ON login_token (expires_at);

CREATE TABLE web_session (
    session_hash       varchar(64)               NOT NULL,
    account_id          uuid                     NOT NULL,
    created             timestamp with time zone NOT NULL,
    last_seen_at        timestamp with time zone NOT NULL,
    expires_at          timestamp with time zone NOT NULL,
    absolute_expires_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_web_session PRIMARY KEY (session_hash),
    CONSTRAINT fk_web_session_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
);
CREATE INDEX ix_web_session_account ON web_session (account_id, expires_at);
CREATE INDEX ix_web_session_expires ON web_session (expires_at);

CREATE TABLE account_identity (
    provider   varchar(255)             NOT NULL,
    subject    varchar(255)             NOT NULL,
    account_id uuid                     NOT NULL,
    email      varchar(254),
    linked_at  timestamp with time zone NOT NULL,
    CONSTRAINT pk_account_identity PRIMARY KEY (provider, subject),
    CONSTRAINT fk_account_identity_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
);
CREATE INDEX ix_account_identity_account ON account_identity (account_id, linked_at);
