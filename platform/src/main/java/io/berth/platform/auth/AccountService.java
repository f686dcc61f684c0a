package io.berth.platform.auth;

import io.berth.core.account.Account;
import io.berth.core.account.AccountId;
import io.berth.core.account.ApiKey;
import io.berth.core.account.ApiScope;
import io.berth.core.account.Principal;
import io.berth.core.account.Role;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.store.AccountStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Accounts, API keys and authentication of bearer keys. Sign-up and web sign-in build on the same
 * {@link Principal}.
 */
public final class AccountService {
    /** Uses of a key are recorded at most this often, so authentication stays a read. */
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
    /** The longest lifetime {@code expiresInDays} may ask for: ten years. */
    public static final int MAX_EXPIRES_IN_DAYS = 3650;

    private final AccountStore store;
    private final Clock clock;

    public AccountService(AccountStore store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** An account with its first API key, shown once. */
    public record NewAccount(Account account, String apiKey) {
        @Override
        public String toString() {
            return "NewAccount[account=" + account + ", apiKey=<hidden>]";
        }
    }

    /**
     * Creates the first admin when no admin exists yet.
     *
     * @return the new admin and its key, or empty when an admin existed
     */
    public synchronized Optional<NewAccount> bootstrapAdmin(String name) {
        if (store.hasAdmin()) {
            return Optional.empty();
        }
        return Optional.of(create(name, Role.ADMIN));
    }

    public NewAccount createAccount(Principal caller, String name, Role role) {
        return createAccount(caller, name, role, Account.DEFAULT_LEVEL);
    }

    /** @throws BerthException FORBIDDEN, ACCOUNT_EXISTS, INVALID_REQUEST for a bad name or level */
    public NewAccount createAccount(Principal caller, String name, Role role, int level) {
        requireAdmin(caller);
        return create(name, role == null ? Role.USER : role, level);
    }

    private NewAccount create(String name, Role role) {
        return create(name, role, Account.DEFAULT_LEVEL);
    }

    private NewAccount create(String name, Role role, int level) {
        Account account = new Account(AccountId.random(), name, role, level, clock.instant());
        store.insertAccount(account);
        return new NewAccount(account, issueKey(account.id(), "initial", ApiScope.allowedFor(role), null).text());
    }

    /**
     * Sets an account's level (admin only). The new level applies to the account's next request.
     *
     * @throws BerthException FORBIDDEN, ACCOUNT_NOT_FOUND, INVALID_REQUEST for a level out of range
     */
    public Account setLevel(Principal caller, String accountName, int level) {
        requireAdmin(caller);
        Account.checkLevel(level);
        Account account = store.findAccountByName(accountName)
                .orElseThrow(() -> new BerthException(ErrorCode.ACCOUNT_NOT_FOUND, "no account named '" + accountName + "'"));
        return store.setLevel(account.id(), level)
                .orElseThrow(() -> new BerthException(ErrorCode.ACCOUNT_NOT_FOUND, "no account named '" + accountName + "'"));
    }

    /**
     * Sets or clears (null) an account's email address: admins for anyone, users for themselves.
     *
     * @throws BerthException ACCOUNT_NOT_FOUND (also for another's account), INVALID_REQUEST for a bad address
     */
    public Account setEmail(Principal caller, String accountName, String email) {
        requireNonNull(caller, "caller is null");
        String checked = email == null ? null : Account.checkEmail(email);
        Account account = store.findAccountByName(accountName).filter(a -> caller.mayAccess(a.id()))
                .orElseThrow(() -> new BerthException(ErrorCode.ACCOUNT_NOT_FOUND, "no account named '" + accountName + "'"));
        return store.setEmail(account.id(), checked)
                .orElseThrow(() -> new BerthException(ErrorCode.ACCOUNT_NOT_FOUND, "no account named '" + accountName + "'"));
    }

    /**
     * Disables an account (it can then neither sign in nor use its API keys) or enables it again (admin only).
     *
     * @throws BerthException FORBIDDEN, ACCOUNT_NOT_FOUND, INVALID_REQUEST for one's own account
     */
    public Account setDisabled(Principal caller, String accountName, boolean disabled) {
        requireAdmin(caller);
        Account account = store.findAccountByName(accountName)
                .orElseThrow(() -> new BerthException(ErrorCode.ACCOUNT_NOT_FOUND, "no account named '" + accountName + "'"));
        if (account.id().equals(caller.account()) && disabled) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "an admin cannot disable their own account");
        }
        if (account.isDisabled() == disabled) {
            return account;
        }
        return store.updateAccount(account.withDisabledAt(disabled ? clock.instant() : null))
                .orElseThrow(() -> new BerthException(ErrorCode.ACCOUNT_NOT_FOUND, "no account named '" + accountName + "'"));
    }

    /** An account by its name, for admins (others see only their own). */
    public Account account(Principal caller, String accountName) {
        requireNonNull(caller, "caller is null");
        return store.findAccountByName(accountName).filter(a -> caller.mayAccess(a.id()))
                .orElseThrow(() -> new BerthException(ErrorCode.ACCOUNT_NOT_FOUND, "no account named '" + accountName + "'"));
    }

    /** The principal of an account, as it authenticates now. */
    public static Principal principalOf(Account account) {
        return new Principal(account.id(), account.name(), account.role(), account.level());
    }

    /** An account by id, for notifications. */
    public Optional<Account> account(AccountId id) {
        return store.findAccount(id);
    }

    public List<Account> listAccounts(Principal caller) {
        requireAdmin(caller);
        return store.listAccounts();
    }

    /** A new API key: its record and the whole key text, shown once. */
    public record IssuedKey(ApiKey key, String text) {
        @Override
        public String toString() {
            return "IssuedKey[key=" + key + ", text=<hidden>]";
        }
    }

    /** A further key for an account (admin) ; returns the key text, shown once. */
    public String createApiKey(Principal caller, String accountName, String keyName, Instant expiresAt) {
        return createApiKey(caller, accountName, keyName, null, expiresAt, null).text();
    }

    /**
     * A further key of the named account: admins for any account, others for their own.
     *
     * @param scopes        what the key may do; null for everything the caller's own credential may do (and the
     *                      account's role allows). A key never gets a scope its maker lacks.
     * @param expiresAt     when the key stops working, or null
     * @param expiresInDays the same as a number of days from now (1 to {@link #MAX_EXPIRES_IN_DAYS}), or null;
     *                      at most one of the two
     * @throws BerthException ACCOUNT_NOT_FOUND (also for another's account), INVALID_REQUEST for a past expiry,
     *                        both expiries, an out-of-range day count, or a scope the caller or account may not hold
     */
    public IssuedKey createApiKey(Principal caller, String accountName, String keyName, Set<ApiScope> scopes,
            Instant expiresAt, Integer expiresInDays) {
        requireNonNull(caller, "caller is null");
        Account account = store.findAccountByName(accountName).filter(a -> caller.mayAccess(a.id()))
                .orElseThrow(() -> new BerthException(ErrorCode.ACCOUNT_NOT_FOUND, "no account named '" + accountName + "'"));
        return issue(caller, account, keyName, scopes, expiresAt, expiresInDays);
    }

    /**
     * A further key of the caller's own account; see {@link #createApiKey(Principal, String, String, Set, Instant,
     * Integer)} for the parameters.
     */
    public IssuedKey createOwnApiKey(Principal caller, String keyName, Set<ApiScope> scopes, Instant expiresAt,
            Integer expiresInDays) {
        requireNonNull(caller, "caller is null");
        Account account = store.findAccount(caller.account())
                .orElseThrow(() -> new BerthException(ErrorCode.ACCOUNT_NOT_FOUND, "no account " + caller.account()));
        return issue(caller, account, keyName, scopes, expiresAt, expiresInDays);
    }

    /** The caller's own keys, newest first, revoked and expired ones included. */
    public List<ApiKey> listOwnApiKeys(Principal caller) {
        requireNonNull(caller, "caller is null");
        return store.listApiKeys(caller.account());
    }

    /**
     * Revokes a key: one's own, or any as an admin. Revoking a revoked key again changes nothing.
     *
     * @return the key as revoked
     * @throws BerthException API_KEY_NOT_FOUND when there is no such key or it is another's
     */
    public ApiKey revokeApiKey(Principal caller, String keyId) {
        requireNonNull(caller, "caller is null");
        BerthException notFound = new BerthException(ErrorCode.API_KEY_NOT_FOUND, "no API key '"
                + (keyId.length() > 40 ? keyId.substring(0, 40) + "..." : keyId) + "'");
        ApiKey key = store.findApiKey(keyId).filter(k -> caller.mayAccess(k.account())).orElseThrow(() -> notFound);
        if (!store.revokeApiKey(key.keyId(), clock.instant())) {
            throw notFound;
        }
        return store.findApiKey(key.keyId()).orElseThrow(() -> notFound);
    }

    private IssuedKey issue(Principal caller, Account account, String keyName, Set<ApiScope> requested,
            Instant expiresAt, Integer expiresInDays) {
        if (account.level() < 1 && account.role() != Role.ADMIN) {
            // a "give it a try" account is deleted when its session ends: a lasting key would outlive nothing
            throw new BerthException(ErrorCode.LEVEL_NOT_ALLOWED,
                    "a \"give it a try\" account cannot make API keys; register to keep your work");
        }
        Set<ApiScope> grantable = EnumSet.copyOf(ApiScope.allowedFor(account.role()));
        grantable.retainAll(caller.scopes());
        Set<ApiScope> scopes;
        if (requested == null) {
            scopes = grantable;
        } else {
            if (requested.isEmpty()) {
                throw new BerthException(ErrorCode.INVALID_REQUEST, "a key needs at least one scope");
            }
            for (ApiScope scope : requested) {
                if (!ApiScope.allowedFor(account.role()).contains(scope)) {
                    throw new BerthException(ErrorCode.INVALID_REQUEST, "the scope '" + scope.code()
                            + "' is only for keys of admin accounts");
                }
                if (!caller.hasScope(scope)) {
                    throw new BerthException(ErrorCode.INVALID_REQUEST, "the scope '" + scope.code()
                            + "' is not among the scopes of the key making the new one");
                }
            }
            scopes = requested;
        }
        if (scopes.isEmpty()) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "a key needs at least one scope");
        }
        Instant now = clock.instant();
        if (expiresAt != null && expiresInDays != null) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "give expiresAt or expiresInDays, not both");
        }
        if (expiresInDays != null) {
            if (expiresInDays < 1 || expiresInDays > MAX_EXPIRES_IN_DAYS) {
                throw new BerthException(ErrorCode.INVALID_REQUEST,
                        "expiresInDays must be from 1 to " + MAX_EXPIRES_IN_DAYS);
            }
            expiresAt = now.plus(Duration.ofDays(expiresInDays));
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "expiresAt must be in the future");
        }
        return issueKey(account.id(), keyName, scopes, expiresAt);
    }

    private IssuedKey issueKey(AccountId account, String keyName, Set<ApiScope> scopes, Instant expiresAt) {
        ApiKeys.Generated generated = ApiKeys.generate();
        ApiKey key = new ApiKey(generated.keyId(), account, keyName, ApiKeys.hash(generated.key()),
                clock.instant(), expiresAt, null, null, scopes);
        store.insertApiKey(key);
        return new IssuedKey(key, generated.key());
    }

    /**
     * The principal of a bearer key.
     *
     * @throws BerthException INVALID_CREDENTIALS for a malformed, unknown, revoked or expired key (one
     *                        message for all, so the answer tells nothing about which); ACCOUNT_DISABLED when an
     *                        admin disabled the key's account (or it is being deleted)
     */
    public Principal authenticate(String key) {
        BerthException invalid = new BerthException(ErrorCode.INVALID_CREDENTIALS, "invalid API key");
        String keyId = ApiKeys.keyId(key).orElseThrow(() -> invalid);
        ApiKey stored = store.findApiKey(keyId).orElseThrow(() -> invalid);
        Instant now = clock.instant();
        if (!ApiKeys.matches(key, stored.secretHash()) || !stored.isUsableAt(now)) {
            throw invalid;
        }
        Account account = store.findAccount(stored.account()).orElseThrow(() -> invalid);
        if (account.isDisabled()) {
            throw new BerthException(ErrorCode.ACCOUNT_DISABLED, "the account of this API key is disabled");
        }
        if (stored.lastUsedAt() == null || Duration.between(stored.lastUsedAt(), now).compareTo(TOUCH_INTERVAL) >= 0) {
            store.touchApiKey(keyId, now);
        }
        // the key's scopes narrowed to what the account's role allows today (a demoted admin's keys lose ADMIN)
        return new Principal(account.id(), account.name(), account.role(), account.level(), stored.scopes());
    }

    public static void requireAdmin(Principal caller) {
        requireNonNull(caller, "caller is null");
        if (caller.role() == Role.ADMIN && !caller.isAdmin()) {
            throw new BerthException(ErrorCode.INSUFFICIENT_SCOPE, "this operation needs an API key with the 'admin' scope");
        }
        if (!caller.isAdmin()) {
            throw new BerthException(ErrorCode.FORBIDDEN, "this operation needs the ADMIN role");
        }
    }
}
