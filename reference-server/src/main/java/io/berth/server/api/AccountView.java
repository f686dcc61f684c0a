package io.berth.server.api;

import io.berth.core.account.Account;

import java.time.Instant;

/** An account as {@code GET /accounts} shows it. */
public record AccountView(String id, String name, String role, int level, String email, Instant created) {

    public static AccountView of(Account account) {
        return new AccountView(account.id().toString(), account.name(), account.role().name(), account.level(),
                account.email(), account.created());
    }
}
