package io.berth.core.account;

import static java.util.Objects.requireNonNull;

/** The authenticated caller of an operation. */
public record Principal(AccountId account, String name, Role role) {
    public Principal {
        requireNonNull(account, "account is null");
        requireNonNull(name, "name is null");
        requireNonNull(role, "role is null");
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Whether this principal may see and command what {@code owner} owns. */
    public boolean mayAccess(AccountId owner) {
        return isAdmin() || account.equals(owner);
    }
}
