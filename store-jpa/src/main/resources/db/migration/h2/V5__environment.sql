-- Environment configurations: the accepted JSON document, kept for people, and the parameters Berth derived
-- from its typed, checked fields, which are what deployments get. Names are the environments' own.
CREATE TABLE environment (
    name        varchar(64)              NOT NULL,
    description varchar(500)             NOT NULL,
    document    text                     NOT NULL,
    created     timestamp with time zone NOT NULL,
    updated     timestamp with time zone NOT NULL,
    CONSTRAINT pk_environment PRIMARY KEY (name)
);

CREATE TABLE environment_parameter (
    environment_name varchar(64)   NOT NULL,
    param_name       varchar(128)  NOT NULL,
    param_value      varchar(4096) NOT NULL,
    CONSTRAINT pk_environment_parameter PRIMARY KEY (environment_name, param_name),
    CONSTRAINT fk_environment_parameter_environment FOREIGN KEY (environment_name) REFERENCES environment (name)
        ON DELETE CASCADE
);
