package io.berth.store.jpa;

import io.berth.core.account.Account;
import io.berth.core.account.AccountId;
import io.berth.core.account.ApiKey;
import io.berth.core.account.Role;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.store.AccountStore;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

final class JpaAccountStore implements AccountStore {
    private final Transactions transactions;

    JpaAccountStore(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void insertAccount(Account account) {
        requireNonNull(account, "account is null");
        transactions.execute("insertAccount", em -> {
            if (accountByName(em, account.name()).isPresent()) {
                throw accountExists(account.name());
            }
            em.persist(AccountEntity.of(account));
            try {
                em.flush();
            } catch (PersistenceException e) {
                // Another transaction took the name between the lookup and the insert.
                if (StoreErrors.isUniqueViolation(e, "uk_account_name")) {
                    throw accountExists(account.name());
                }
                if (StoreErrors.isUniqueViolation(e, "uk_account_email")) {
                    throw new BerthException(ErrorCode.ACCOUNT_EXISTS, "another account has the email address "
                            + account.email());
                }
                throw e;
            }
        });
    }

    @Override
    public Optional<Account> findAccount(AccountId id) {
        requireNonNull(id, "id is null");
        return transactions.read("findAccount",
                em -> Optional.ofNullable(em.find(AccountEntity.class, id.value())).map(AccountEntity::toDomain));
    }

    @Override
    public Optional<Account> findAccountByName(String name) {
        requireNonNull(name, "name is null");
        return transactions.read("findAccountByName", em -> accountByName(em, name).map(AccountEntity::toDomain));
    }

    @Override
    public List<Account> listAccounts() {
        return transactions.read("listAccounts", em -> em
                .createQuery("select a from AccountEntity a order by a.name", AccountEntity.class)
                .getResultStream().map(AccountEntity::toDomain).toList());
    }

    @Override
    public Optional<Account> setLevel(AccountId id, int level) {
        requireNonNull(id, "id is null");
        Account.checkLevel(level);
        return transactions.write("setLevel", em -> {
            AccountEntity entity = em.find(AccountEntity.class, id.value());
            if (entity == null) {
                return Optional.empty();
            }
            entity.level = level;
            return Optional.of(entity.toDomain());
        });
    }

    @Override
    public Optional<Account> setEmail(AccountId id, String email) {
        requireNonNull(id, "id is null");
        String checked = email == null ? null : Account.checkEmail(email);
        return transactions.write("setEmail", em -> {
            AccountEntity entity = em.find(AccountEntity.class, id.value());
            if (entity == null) {
                return Optional.empty();
            }
            if (!java.util.Objects.equals(entity.email, checked)) {
                entity.email = checked;
                entity.emailConfirmed = false;
            }
            flushEmail(em, checked);
            return Optional.of(entity.toDomain());
        });
    }

    @Override
    public Optional<Account> findAccountByEmail(String email) {
        requireNonNull(email, "email is null");
        String checked = Account.checkEmail(email);
        return transactions.read("findAccountByEmail", em -> em
                .createQuery("select a from AccountEntity a where a.email = :email", AccountEntity.class)
                .setParameter("email", checked)
                .getResultStream().findFirst().map(AccountEntity::toDomain));
    }

    @Override
    public Optional<Account> updateAccount(Account account) {
        requireNonNull(account, "account is null");
        return transactions.write("updateAccount", em -> {
            AccountEntity entity = em.find(AccountEntity.class, account.id().value());
            if (entity == null) {
                return Optional.empty();
            }
            entity.copyChangeable(account);
            flushEmail(em, account.email());
            return Optional.of(entity.toDomain());
        });
    }

    private static void flushEmail(EntityManager em, String email) {
        try {
            em.flush();
        } catch (PersistenceException e) {
            if (StoreErrors.isUniqueViolation(e, "uk_account_email")) {
                throw new BerthException(ErrorCode.ACCOUNT_EXISTS, "another account has the email address " + email);
            }
            throw e;
        }
    }

    @Override
    public boolean hasAdmin() {
        return transactions.read("hasAdmin", em -> !em
                .createQuery("select a.id from AccountEntity a where a.role = :role", UUID.class)
                .setParameter("role", Role.ADMIN.name())
                .setMaxResults(1)
                .getResultList().isEmpty());
    }

    @Override
    public void insertApiKey(ApiKey key) {
        requireNonNull(key, "key is null");
        if (key.keyId().isEmpty() || key.keyId().length() > ApiKeyEntity.MAX_KEY_ID) {
            throw new BerthException(ErrorCode.INVALID_REQUEST,
                    "an API key id must be 1-" + ApiKeyEntity.MAX_KEY_ID + " characters");
        }
        if (key.secretHash().length() > ApiKeyEntity.MAX_SECRET_HASH) {
            throw new BerthException(ErrorCode.INVALID_REQUEST,
                    "an API key's secret hash must be at most " + ApiKeyEntity.MAX_SECRET_HASH + " characters");
        }
        transactions.execute("insertApiKey", em -> {
            if (em.find(AccountEntity.class, key.account().value()) == null) {
                throw new BerthException(ErrorCode.ACCOUNT_NOT_FOUND, "no account " + key.account());
            }
            em.persist(ApiKeyEntity.of(key));
            em.flush();
        });
    }

    @Override
    public Optional<ApiKey> findApiKey(String keyId) {
        requireNonNull(keyId, "keyId is null");
        return transactions.read("findApiKey",
                em -> Optional.ofNullable(em.find(ApiKeyEntity.class, keyId)).map(ApiKeyEntity::toDomain));
    }

    @Override
    public List<ApiKey> listApiKeys(AccountId account) {
        requireNonNull(account, "account is null");
        return transactions.read("listApiKeys", em -> em
                .createQuery("select k from ApiKeyEntity k where k.accountId = :account"
                        + " order by k.created desc, k.keyId", ApiKeyEntity.class)
                .setParameter("account", account.value())
                .getResultStream().map(ApiKeyEntity::toDomain).toList());
    }

    @Override
    public void touchApiKey(String keyId, Instant at) {
        requireNonNull(keyId, "keyId is null");
        requireNonNull(at, "at is null");
        // Callers touch from several threads and processes; a late, older touch must not move the time back.
        transactions.execute("touchApiKey", em -> em
                .createQuery("update ApiKeyEntity k set k.lastUsedAt = :at"
                        + " where k.keyId = :id and (k.lastUsedAt is null or k.lastUsedAt < :at)")
                .setParameter("at", Times.stored(at))
                .setParameter("id", keyId)
                .executeUpdate());
    }

    @Override
    public boolean revokeApiKey(String keyId, Instant at) {
        requireNonNull(keyId, "keyId is null");
        requireNonNull(at, "at is null");
        // Revoking again keeps the first revocation time: that is when the key stopped working.
        return transactions.write("revokeApiKey", em -> em
                .createQuery("update ApiKeyEntity k set k.revokedAt = coalesce(k.revokedAt, :at) where k.keyId = :id")
                .setParameter("at", Times.stored(at))
                .setParameter("id", keyId)
                .executeUpdate() > 0);
    }

    private static Optional<AccountEntity> accountByName(EntityManager em, String name) {
        return em.createQuery("select a from AccountEntity a where a.name = :name", AccountEntity.class)
                .setParameter("name", name)
                .getResultStream().findFirst();
    }

    private static BerthException accountExists(String name) {
        return new BerthException(ErrorCode.ACCOUNT_EXISTS, "an account named '" + name + "' exists");
    }
}
