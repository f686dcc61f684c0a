package io.berth.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.berth.core.account.Role;

/** An account, as {@code GET /me} and {@code GET /accounts} show it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccountView(String id, String name, Role role, int level, String email) {
}
