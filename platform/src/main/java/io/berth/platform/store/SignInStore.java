package io.berth.platform.store;

import io.berth.core.account.AccountId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Passwords, mailed link codes, login tokens, web sessions and provider identities of accounts. Secrets are
 * stored only as hashes (lower-case hex SHA-256 of the secret). Every method is one transaction and thread safe.
 */
public interface SignInStore {

    /** What a mailed link is for. */
    enum Purpose {
        /** Confirms the address of a new registration. */
        CONFIRM,
        /** Lets the owner of the address set a new password. */
        RESET,
        /** Confirms a changed address; the change applies when the link is followed. */
        EMAIL
    }

    /**
     * A mailed link's code.
     *
     * @param email the address the link was mailed to (for EMAIL: the new address)
     */
    record LinkCode(String hash, AccountId account, Purpose purpose, String email, Instant created, Instant expiresAt) {
        @Override
        public String toString() {
            return "LinkCode[account=" + account + ", purpose=" + purpose + ", expiresAt=" + expiresAt + "]";
        }
    }

    /** A login token for one notebook site. */
    record LoginToken(String hash, AccountId account, String site, Instant created, Instant expiresAt) {
        @Override
        public String toString() {
            return "LoginToken[account=" + account + ", site=" + site + ", expiresAt=" + expiresAt + "]";
        }
    }

    /**
     * A web session.
     *
     * @param expiresAt         when it ends unless touched: the earlier of the idle limit and {@code absoluteExpiresAt}
     * @param absoluteExpiresAt when it ends whatever happens
     */
    record Session(String hash, AccountId account, Instant created, Instant lastSeenAt, Instant expiresAt,
                   Instant absoluteExpiresAt) {
        @Override
        public String toString() {
            return "Session[account=" + account + ", expiresAt=" + expiresAt + "]";
        }
    }

    /** A provider identity as stored. */
    record StoredIdentity(AccountId account, String provider, String subject, String email, Instant linkedAt) {
    }

    /** Sets or replaces an account's password hash. */
    void setPassword(AccountId account, String hash, Instant at);

    /** The account's password hash; empty when it has none (trial accounts, provider-only accounts). */
    Optional<String> passwordHash(AccountId account);

    void insertCode(LinkCode code);

    /**
     * Spends a code atomically: marks it used when it exists, has one of {@code purposes}, is unused and expires
     * after {@code now}. Of concurrent callers at most one gets it.
     *
     * @return the code when this call spent it, else empty
     */
    Optional<LinkCode> useCode(String hash, Set<Purpose> purposes, Instant now);

    void insertLoginToken(LoginToken token);

    /**
     * Spends a login token atomically, like {@link #useCode}: only for {@code site}, only once, only before it
     * expires.
     *
     * @return the account it signs in when this call spent it, else empty
     */
    Optional<AccountId> useLoginToken(String hash, String site, Instant now);

    void insertSession(Session session);

    /** A session that has not ended at {@code now}. */
    Optional<Session> findSession(String hash, Instant now);

    /** Records a use: the session's new last-seen time and expiry. */
    void touchSession(String hash, Instant lastSeenAt, Instant expiresAt);

    /** @return whether there was such a session */
    boolean deleteSession(String hash);

    /** Ends every session of an account but {@code keepHash} (null: all). @return how many ended */
    int deleteSessions(AccountId account, String keepHash);

    /**
     * Links a provider identity.
     *
     * @throws io.berth.core.error.BerthException IDENTITY_LINKED when the provider's subject is linked already
     */
    void insertIdentity(StoredIdentity identity);

    Optional<StoredIdentity> findIdentity(String provider, String subject);

    /** Identities of an account, oldest first. */
    List<StoredIdentity> identities(AccountId account);

    /** Records that a trial account was active (signed in, redeemed a token, used its session). */
    void touchAccount(AccountId account, Instant at);

    /**
     * Marks an account for deletion (a trial account that logged out, or an account deleted by its owner or an
     * admin): the maintenance job removes its deployments and then purges it.
     */
    void markForDeletion(AccountId account, Instant at);

    /**
     * Accounts to delete: those marked for deletion, and trial accounts without a live session at {@code now}
     * whose last activity (or creation) was before {@code idleBefore}.
     */
    List<AccountId> accountsToPurge(Instant idleBefore, Instant now, int limit);

    /**
     * Deletes an account and what only it refers to: its password, codes, tokens, sessions, identities, API keys,
     * queue entries and calendar feed. Deployments, commands and bookings stay as history (they name the account's
     * id without a foreign key).
     *
     * @return whether there was such an account
     */
    boolean purgeAccount(AccountId account);

    /** Deletes codes, tokens and sessions that ended before {@code now}. @return how many rows went */
    int deleteExpired(Instant now);
}
