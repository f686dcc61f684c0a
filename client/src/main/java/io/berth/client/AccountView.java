package io.berth.client;

import io.berth.core.account.Role;

/** An account, as {@code GET /me} and {@code GET /accounts} show it. */
public record AccountView(String id, String name, Role role, int level) {
}
