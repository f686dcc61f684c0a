package io.berth.core.account;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The authenticated caller of an operation.
 *
 * @param level  the account's level (see {@link Account#level()}) when it authenticated
 * @param scopes what the caller's credential may be used for; an API key's scopes, every scope for other
 *               credentials. {@link ApiScope#ADMIN} is dropped for a non-admin role.
 */
public record Principal(AccountId account, String name, Role role, int level, Set<ApiScope> scopes) {
    public Principal {
        requireNonNull(account, "account is null");
        requireNonNull(name, "name is null");
        requireNonNull(role, "role is null");
        Account.checkLevel(level);
        requireNonNull(scopes, "scopes is null");
        Set<ApiScope> held = scopes.isEmpty() ? EnumSet.noneOf(ApiScope.class) : EnumSet.copyOf(scopes);
        held.retainAll(ApiScope.allowedFor(role));
        scopes = Collections.unmodifiableSet(held);
    }

    /** A principal with every scope its role allows. */
    public Principal(AccountId account, String name, Role role, int level) {
        this(account, name, role, level, ApiScope.all());
    }

    /** A principal of the {@link Account#DEFAULT_LEVEL}. */
    public Principal(AccountId account, String name, Role role) {
        this(account, name, role, Account.DEFAULT_LEVEL);
    }

    /**
     * Whether the caller acts as an admin: the ADMIN role and a credential with the {@link ApiScope#ADMIN}
     * scope. An admin's key without that scope acts as an ordinary user's.
     */
    public boolean isAdmin() {
        return role == Role.ADMIN && scopes.contains(ApiScope.ADMIN);
    }

    /** Whether the caller's credential covers {@code scope}. */
    public boolean hasScope(ApiScope scope) {
        return scopes.contains(scope);
    }

    /** Whether this principal may see and command what {@code owner} owns. */
    public boolean mayAccess(AccountId owner) {
        return isAdmin() || account.equals(owner);
    }
}
