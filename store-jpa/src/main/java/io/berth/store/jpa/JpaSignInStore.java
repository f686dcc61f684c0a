package io.berth.store.jpa;

import io.berth.core.account.AccountId;
import io.berth.platform.store.SignInStore;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

final class JpaSignInStore implements SignInStore {
    private final Transactions transactions;

    JpaSignInStore(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override public void setPassword(AccountId account, String hash, Instant at) { throw new UnsupportedOperationException(); }
    @Override public Optional<String> passwordHash(AccountId account) { throw new UnsupportedOperationException(); }
    @Override public void insertCode(LinkCode code) { throw new UnsupportedOperationException(); }
    @Override public Optional<LinkCode> useCode(String hash, Set<Purpose> purposes, Instant now) { throw new UnsupportedOperationException(); }
    @Override public void insertLoginToken(LoginToken token) { throw new UnsupportedOperationException(); }
    @Override public Optional<AccountId> useLoginToken(String hash, String site, Instant now) { throw new UnsupportedOperationException(); }
    @Override public void insertSession(Session session) { throw new UnsupportedOperationException(); }
    @Override public Optional<Session> findSession(String hash, Instant now) { throw new UnsupportedOperationException(); }
    @Override public void touchSession(String hash, Instant lastSeenAt, Instant expiresAt) { throw new UnsupportedOperationException(); }
    @Override public boolean deleteSession(String hash) { throw new UnsupportedOperationException(); }
    @Override public int deleteSessions(AccountId account, String keepHash) { throw new UnsupportedOperationException(); }
    @Override public void insertIdentity(StoredIdentity identity) { throw new UnsupportedOperationException(); }
    @Override public Optional<StoredIdentity> findIdentity(String provider, String subject) { throw new UnsupportedOperationException(); }
    @Override public List<StoredIdentity> identities(AccountId account) { throw new UnsupportedOperationException(); }
    @Override public void touchAccount(AccountId account, Instant at) { throw new UnsupportedOperationException(); }
    @Override public void markForDeletion(AccountId account, Instant at) { throw new UnsupportedOperationException(); }
    @Override public List<AccountId> accountsToPurge(Instant idleBefore, Instant now, int limit) { throw new UnsupportedOperationException(); }
    @Override public boolean purgeAccount(AccountId account) { throw new UnsupportedOperationException(); }
    @Override public int deleteExpired(Instant now) { throw new UnsupportedOperationException(); }
}
