-- What an API key may be used for: a comma-separated list of scopes (read, deploy, book, account, admin).
-- Keys made before scopes existed keep everything their account's role allows.
ALTER TABLE api_key ADD COLUMN scopes varchar(100);
UPDATE api_key SET scopes = CASE
    WHEN (SELECT a.role FROM account a WHERE a.id = api_key.account_id) = 'ADMIN' THEN 'read,deploy,book,account,admin'
    ELSE 'read,deploy,book,account' END;
ALTER TABLE api_key ALTER COLUMN scopes SET NOT NULL;

-- Authorized SSH public keys of an account; a public key at most once per account. The keys go with the account.
CREATE TABLE ssh_key (
    id          uuid                     NOT NULL,
    account_id  uuid                     NOT NULL,
    name        varchar(100)             NOT NULL,
    key_type    varchar(40)              NOT NULL,
    key_blob    text                     NOT NULL,
    key_comment varchar(200)             NOT NULL,
    key_bits    integer                  NOT NULL,
    fingerprint varchar(60)              NOT NULL,
    created     timestamp with time zone NOT NULL,
    CONSTRAINT pk_ssh_key PRIMARY KEY (id),
    CONSTRAINT fk_ssh_key_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE,
    CONSTRAINT uk_ssh_key_fingerprint UNIQUE (account_id, fingerprint)
);

-- Quotas of account levels set by admins at runtime; a row replaces the configured entry of its level.
-- Null months mean kept permanently.
CREATE TABLE level_quota (
    level              integer                  NOT NULL,
    notebooks_count    integer                  NOT NULL,
    notebooks_size_mib bigint                   NOT NULL,
    saved_count        integer                  NOT NULL,
    saved_size_mib     bigint                   NOT NULL,
    temp_count         integer                  NOT NULL,
    temp_size_mib      bigint                   NOT NULL,
    temp_days          integer                  NOT NULL,
    saved_months       integer,
    notebook_months    integer,
    default_package    varchar(64)              NOT NULL,
    updated            timestamp with time zone NOT NULL,
    CONSTRAINT pk_level_quota PRIMARY KEY (level)
);
