package io.berth.store.jpa;

import io.berth.core.account.AccountId;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.store.SignInStore;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Sign-in data in plain SQL: every statement is small and fixed, and single use is a conditional UPDATE whose
 * row count says whether this transaction spent the secret, which is atomic on both databases without locks
 * held across statements.
 */
final class JpaSignInStore implements SignInStore {
    private static final String CODE_COLUMNS = "code_hash, account_id, purpose, email, created, expires_at";

    private final Transactions transactions;

    JpaSignInStore(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void setPassword(AccountId account, String hash, Instant at) {
        requireNonNull(account, "account is null");
        requireNonNull(hash, "hash is null");
        requireNonNull(at, "at is null");
        transactions.execute("setPassword", em -> {
            requireAccount(em, account);
            int updated = Jdbc.update(em, "update account_password set hash = ?, updated = ? where account_id = ?",
                    hash, at, account.value());
            if (updated == 0) {
                Jdbc.update(em, "insert into account_password (account_id, hash, updated) values (?, ?, ?)",
                        account.value(), hash, at);
            }
        });
    }

    @Override
    public Optional<String> passwordHash(AccountId account) {
        requireNonNull(account, "account is null");
        return transactions.read("passwordHash", em -> first(Jdbc.query(em,
                "select hash from account_password where account_id = ?", rs -> rs.getString(1), account.value())));
    }

    @Override
    public void insertCode(LinkCode code) {
        requireNonNull(code, "code is null");
        transactions.execute("insertCode", em -> {
            requireAccount(em, code.account());
            Jdbc.update(em, "insert into email_code (" + CODE_COLUMNS + ") values (?, ?, ?, ?, ?, ?)",
                    code.hash(), code.account().value(), code.purpose().name(), code.email(), code.created(),
                    code.expiresAt());
        });
    }

    @Override
    public Optional<LinkCode> useCode(String hash, Set<Purpose> purposes, Instant now) {
        requireNonNull(hash, "hash is null");
        requireNonNull(now, "now is null");
        if (purposes.isEmpty()) {
            return Optional.empty();
        }
        List<Object> parameters = new ArrayList<>(List.of(now, hash, now));
        purposes.forEach(p -> parameters.add(p.name()));
        String in = String.join(", ", Collections.nCopies(purposes.size(), "?"));
        return transactions.write("useCode", em -> {
            int spent = Jdbc.update(em, "update email_code set used_at = ? where code_hash = ? and used_at is null"
                    + " and expires_at > ? and purpose in (" + in + ")", parameters.toArray());
            if (spent != 1) {
                return Optional.empty();
            }
            return first(Jdbc.query(em, "select " + CODE_COLUMNS + " from email_code where code_hash = ?",
                    rs -> new LinkCode(rs.getString(1), new AccountId(Jdbc.uuid(rs, 2)),
                            Purpose.valueOf(rs.getString(3)), rs.getString(4), Jdbc.instant(rs, 5),
                            Jdbc.instant(rs, 6)), hash));
        });
    }

    @Override
    public void insertLoginToken(LoginToken token) {
        requireNonNull(token, "token is null");
        transactions.execute("insertLoginToken", em -> {
            requireAccount(em, token.account());
            Jdbc.update(em, "insert into login_token (token_hash, account_id, site, created, expires_at)"
                    + " values (?, ?, ?, ?, ?)", token.hash(), token.account().value(), token.site(),
                    token.created(), token.expiresAt());
        });
    }

    @Override
    public Optional<AccountId> useLoginToken(String hash, String site, Instant now) {
        requireNonNull(hash, "hash is null");
        requireNonNull(site, "site is null");
        requireNonNull(now, "now is null");
        return transactions.write("useLoginToken", em -> {
            int spent = Jdbc.update(em, "update login_token set used_at = ? where token_hash = ? and site = ?"
                    + " and used_at is null and expires_at > ?", now, hash, site, now);
            if (spent != 1) {
                return Optional.empty();
            }
            return first(Jdbc.query(em, "select account_id from login_token where token_hash = ?",
                    rs -> new AccountId(Jdbc.uuid(rs, 1)), hash));
        });
    }

    @Override
    public void insertSession(Session session) {
        requireNonNull(session, "session is null");
        transactions.execute("insertSession", em -> {
            requireAccount(em, session.account());
            Jdbc.update(em, "insert into web_session (session_hash, account_id, created, last_seen_at, expires_at,"
                    + " absolute_expires_at) values (?, ?, ?, ?, ?, ?)", session.hash(), session.account().value(),
                    session.created(), session.lastSeenAt(), session.expiresAt(), session.absoluteExpiresAt());
        });
    }

    @Override
    public Optional<Session> findSession(String hash, Instant now) {
        requireNonNull(hash, "hash is null");
        requireNonNull(now, "now is null");
        return transactions.read("findSession", em -> first(Jdbc.query(em,
                "select session_hash, account_id, created, last_seen_at, expires_at, absolute_expires_at"
                        + " from web_session where session_hash = ? and expires_at > ?",
                rs -> new Session(rs.getString(1), new AccountId(Jdbc.uuid(rs, 2)), Jdbc.instant(rs, 3),
                        Jdbc.instant(rs, 4), Jdbc.instant(rs, 5), Jdbc.instant(rs, 6)), hash, now)));
    }

    @Override
    public void touchSession(String hash, Instant lastSeenAt, Instant expiresAt) {
        requireNonNull(hash, "hash is null");
        transactions.execute("touchSession", em -> Jdbc.update(em,
                // a late, older touch must not move the times back
                "update web_session set last_seen_at = ?, expires_at = ? where session_hash = ? and last_seen_at < ?",
                lastSeenAt, expiresAt, hash, lastSeenAt));
    }

    @Override
    public boolean deleteSession(String hash) {
        requireNonNull(hash, "hash is null");
        return transactions.write("deleteSession",
                em -> Jdbc.update(em, "delete from web_session where session_hash = ?", hash) > 0);
    }

    @Override
    public int deleteSessions(AccountId account, String keepHash) {
        requireNonNull(account, "account is null");
        return transactions.write("deleteSessions", em -> keepHash == null
                ? Jdbc.update(em, "delete from web_session where account_id = ?", account.value())
                : Jdbc.update(em, "delete from web_session where account_id = ? and session_hash <> ?",
                account.value(), keepHash));
    }

    @Override
    public void insertIdentity(StoredIdentity identity) {
        requireNonNull(identity, "identity is null");
        transactions.execute("insertIdentity", em -> {
            requireAccount(em, identity.account());
            if (!Jdbc.query(em, "select 1 from account_identity where provider = ? and subject = ?", rs -> 1,
                    identity.provider(), identity.subject()).isEmpty()) {
                throw linked(identity);
            }
            try {
                Jdbc.update(em, "insert into account_identity (provider, subject, account_id, email, linked_at)"
                                + " values (?, ?, ?, ?, ?)", identity.provider(), identity.subject(),
                        identity.account().value(), identity.email(), identity.linkedAt());
            } catch (PersistenceException e) {
                // another transaction linked it between the lookup and the insert
                if (StoreErrors.isUniqueViolation(e, "pk_account_identity")) {
                    throw linked(identity);
                }
                throw e;
            }
        });
    }

    private static BerthException linked(StoredIdentity identity) {
        return new BerthException(ErrorCode.IDENTITY_LINKED, "the " + identity.provider()
                + " identity is linked to an account already");
    }

    @Override
    public Optional<StoredIdentity> findIdentity(String provider, String subject) {
        requireNonNull(provider, "provider is null");
        requireNonNull(subject, "subject is null");
        return transactions.read("findIdentity", em -> first(Jdbc.query(em,
                "select account_id, provider, subject, email, linked_at from account_identity"
                        + " where provider = ? and subject = ?", JpaSignInStore::identity, provider, subject)));
    }

    @Override
    public List<StoredIdentity> identities(AccountId account) {
        requireNonNull(account, "account is null");
        return transactions.read("identities", em -> Jdbc.query(em,
                "select account_id, provider, subject, email, linked_at from account_identity"
                        + " where account_id = ? order by linked_at, provider, subject", JpaSignInStore::identity,
                account.value()));
    }

    private static StoredIdentity identity(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new StoredIdentity(new AccountId(Jdbc.uuid(rs, 1)), rs.getString(2), rs.getString(3), rs.getString(4),
                Jdbc.instant(rs, 5));
    }

    @Override
    public void touchAccount(AccountId account, Instant at) {
        requireNonNull(account, "account is null");
        requireNonNull(at, "at is null");
        transactions.execute("touchAccount", em -> Jdbc.update(em, "update account set last_active_at = ?"
                + " where id = ? and (last_active_at is null or last_active_at < ?)", at, account.value(), at));
    }

    @Override
    public void markForDeletion(AccountId account, Instant at) {
        requireNonNull(account, "account is null");
        requireNonNull(at, "at is null");
        transactions.execute("markForDeletion", em -> Jdbc.update(em, "update account set delete_requested_at = ?"
                + " where id = ? and delete_requested_at is null", at, account.value()));
    }

    @Override
    public List<AccountId> accountsToPurge(Instant idleBefore, Instant now, int limit) {
        requireNonNull(idleBefore, "idleBefore is null");
        requireNonNull(now, "now is null");
        return transactions.read("accountsToPurge", em -> Jdbc.query(em,
                "select a.id from account a where a.delete_requested_at is not null"
                        + " or (a.trial and coalesce(a.last_active_at, a.created) < ? and not exists"
                        + " (select 1 from web_session s where s.account_id = a.id and s.expires_at > ?))"
                        + " order by a.created, a.id limit ?",
                rs -> new AccountId(Jdbc.uuid(rs, 1)), idleBefore, now, limit));
    }

    @Override
    public boolean purgeAccount(AccountId account) {
        requireNonNull(account, "account is null");
        return transactions.write("purgeAccount", em -> {
            Object id = account.value();
            // password, codes, tokens, sessions and identities go with the account row (ON DELETE CASCADE)
            Jdbc.update(em, "delete from api_key where account_id = ?", id);
            Jdbc.update(em, "delete from calendar_feed where account_id = ?", id);
            Jdbc.update(em, "delete from queue_entry where account_id = ?", id);
            return Jdbc.update(em, "delete from account where id = ?", id) > 0;
        });
    }

    @Override
    public int deleteExpired(Instant now) {
        requireNonNull(now, "now is null");
        return transactions.write("deleteExpired", em ->
                Jdbc.update(em, "delete from email_code where expires_at <= ?", now)
                        + Jdbc.update(em, "delete from login_token where expires_at <= ?", now)
                        + Jdbc.update(em, "delete from web_session where expires_at <= ?", now));
    }

    private static void requireAccount(EntityManager em, AccountId account) {
        if (Jdbc.query(em, "select 1 from account where id = ?", rs -> 1, account.value()).isEmpty()) {
            throw new BerthException(ErrorCode.ACCOUNT_NOT_FOUND, "no account " + account);
        }
    }

    private static <T> Optional<T> first(List<T> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }
}
