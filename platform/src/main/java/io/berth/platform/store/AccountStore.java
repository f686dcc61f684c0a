package io.berth.platform.store;

import io.berth.core.account.Account;
import io.berth.core.account.AccountId;
import io.berth.core.account.ApiKey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Accounts and their API keys. Every method is one transaction and thread safe. */
public interface AccountStore {

    /** @throws io.berth.core.error.BerthException ACCOUNT_EXISTS when the name is taken */
    void insertAccount(Account account);

    Optional<Account> findAccount(AccountId id);

    Optional<Account> findAccountByName(String name);

    /** Ordered by name. */
    List<Account> listAccounts();

    /** @return the account with its new level, or empty when there is no such account */
    Optional<Account> setLevel(AccountId id, int level);

    /** @return the account with its new email address (null: none), or empty when there is no such account */
    Optional<Account> setEmail(AccountId id, String email);

    /** The account with that (lower-cased) email address. */
    Optional<Account> findAccountByEmail(String email);

    /**
     * Writes an account's changeable fields: level, email, display name, trial flag, email confirmation and
     * disabled time (not its id, name, role or creation time).
     *
     * @return the account as stored, or empty when there is no such account
     * @throws io.berth.core.error.BerthException ACCOUNT_EXISTS when another account has that email address
     */
    Optional<Account> updateAccount(Account account);

    /** Whether any account has the ADMIN role. */
    boolean hasAdmin();

    void insertApiKey(ApiKey key);

    Optional<ApiKey> findApiKey(String keyId);

    /** Keys of an account, newest first. */
    List<ApiKey> listApiKeys(AccountId account);

    /** Records a use; cheap, may be skipped by the caller when the last record is recent. */
    void touchApiKey(String keyId, Instant at);

    /** @return false when there is no such key */
    boolean revokeApiKey(String keyId, Instant at);
}
