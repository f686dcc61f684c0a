package io.berth.core.account;

import static java.util.Objects.requireNonNull;

/**
 * The authenticated caller of an operation.
 *
 * @param level the account's level (see {@link Account#level()}) when it authenticated
 */
public record Principal(AccountId account, String name, Role role, int level) {
    public Principal {
        requireNonNull(account, "account is null");
        requireNonNull(name, "name is null");
        requireNonNull(role, "role is null");
        Account.checkLevel(level);
    }

    /** A principal of the {@link Account#DEFAULT_LEVEL}. */
    public Principal(AccountId account, String name, Role role) {
        this(account, name, role, Account.DEFAULT_LEVEL);
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Whether this principal may see and command what {@code owner} owns. */
    public boolean mayAccess(AccountId owner) {
        return isAdmin() || account.equals(owner);
    }
}
