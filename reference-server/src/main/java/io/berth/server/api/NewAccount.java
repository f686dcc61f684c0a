package io.berth.server.api;

import io.berth.core.account.Role;

import java.util.Locale;

/**
 * The body of {@code POST /accounts}; {@code role} is {@code USER} (the default) or {@code ADMIN}; {@code level}
 * defaults to 1.
 */
public record NewAccount(String name, String role, Integer level) {

    /** @throws io.berth.core.error.BerthException INVALID_REQUEST for an unknown role */
    public Role parsedRole() {
        if (role == null) {
            return Role.USER;
        }
        return switch (role.toUpperCase(Locale.ROOT)) {
            case "USER" -> Role.USER;
            case "ADMIN" -> Role.ADMIN;
            default -> throw Fields.invalid("role must be USER or ADMIN: '" + Fields.shorten(role) + "'");
        };
    }
}
