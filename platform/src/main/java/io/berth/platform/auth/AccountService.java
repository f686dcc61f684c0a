package io.berth.platform.auth;

import io.berth.core.account.Account;
import io.berth.core.account.AccountId;
import io.berth.core.account.ApiKey;
import io.berth.core.account.Principal;
import io.berth.core.account.Role;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.store.AccountStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Accounts, API keys and authentication of bearer keys. Sign-up and web sign-in build on the same
 * {@link Principal}.
 */
public final class AccountService {
    /** Uses of a key are recorded at most this often, so authentication stays a read. */
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

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
        return new NewAccount(account, issueKey(account.id(), "initial", null));
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

    /** A further key for an account (admin) ; returns the key text, shown once. */
    public String createApiKey(Principal caller, String accountName, String keyName, Instant expiresAt) {
        Account account = store.findAccountByName(accountName)
                .orElseThrow(() -> new BerthException(ErrorCode.ACCOUNT_NOT_FOUND, "no account named '" + accountName + "'"));
        if (!caller.isAdmin() && !caller.account().equals(account.id())) {
            throw new BerthException(ErrorCode.ACCOUNT_NOT_FOUND, "no account named '" + accountName + "'");
        }
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "expiresAt must be in the future");
        }
        return issueKey(account.id(), keyName, expiresAt);
    }

    private String issueKey(AccountId account, String keyName, Instant expiresAt) {
        ApiKeys.Generated generated = ApiKeys.generate();
        store.insertApiKey(new ApiKey(generated.keyId(), account, keyName, ApiKeys.hash(generated.key()),
                clock.instant(), expiresAt, null, null));
        return generated.key();
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
        return new Principal(account.id(), account.name(), account.role(), account.level());
    }

    public static void requireAdmin(Principal caller) {
        requireNonNull(caller, "caller is null");
        if (!caller.isAdmin()) {
            throw new BerthException(ErrorCode.FORBIDDEN, "this operation needs the ADMIN role");
        }
    }
}
