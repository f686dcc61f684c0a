package io.berth.core.account;

import io.berth.core.error.Checks;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** Someone who owns deployments and issues commands. */
public record Account(AccountId id, String name, Role role, Instant created) {
    public Account {
        requireNonNull(id, "id is null");
        Checks.name(name, "account.name");
        requireNonNull(role, "role is null");
        requireNonNull(created, "created is null");
    }
}
