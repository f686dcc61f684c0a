package io.berth.platform.testing;

import io.berth.core.account.Account;
import io.berth.core.account.AccountId;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.store.SignInStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The sign-in store of {@link InMemoryStores}, with the semantics of the database store, under the stores' lock. */
final class InMemorySignInStore implements SignInStore {
    private final InMemoryStores stores;
    private final Map<AccountId, String> passwords = new HashMap<>();
    private final Map<String, LinkCode> codes = new HashMap<>();
    private final Map<String, Instant> codesUsed = new HashMap<>();
    private final Map<String, LoginToken> tokens = new HashMap<>();
    private final Map<String, Instant> tokensUsed = new HashMap<>();
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<String, StoredIdentity> identities = new LinkedHashMap<>();
    private final Map<AccountId, Instant> lastActive = new HashMap<>();
    private final Map<AccountId, Instant> deleteRequested = new HashMap<>();

    InMemorySignInStore(InMemoryStores stores) {
        this.stores = stores;
    }

    private void requireAccount(AccountId account) {
        if (stores.findAccount(account).isEmpty()) {
            throw new BerthException(ErrorCode.ACCOUNT_NOT_FOUND, "no account " + account);
        }
    }

    @Override
    public void setPassword(AccountId account, String hash, Instant at) {
        synchronized (stores) {
            requireAccount(account);
            passwords.put(account, hash);
        }
    }

    @Override
    public Optional<String> passwordHash(AccountId account) {
        synchronized (stores) {
            return Optional.ofNullable(passwords.get(account));
        }
    }

    @Override
    public void insertCode(LinkCode code) {
        synchronized (stores) {
            requireAccount(code.account());
            codes.put(code.hash(), code);
        }
    }

    @Override
    public Optional<LinkCode> useCode(String hash, Set<Purpose> purposes, Instant now) {
        synchronized (stores) {
            LinkCode code = codes.get(hash);
            if (code == null || codesUsed.containsKey(hash) || !code.expiresAt().isAfter(now)
                    || !purposes.contains(code.purpose())) {
                return Optional.empty();
            }
            codesUsed.put(hash, now);
            return Optional.of(code);
        }
    }

    @Override
    public void insertLoginToken(LoginToken token) {
        synchronized (stores) {
            requireAccount(token.account());
            tokens.put(token.hash(), token);
        }
    }

    @Override
    public Optional<AccountId> useLoginToken(String hash, String site, Instant now) {
        synchronized (stores) {
            LoginToken token = tokens.get(hash);
            if (token == null || tokensUsed.containsKey(hash) || !token.expiresAt().isAfter(now)
                    || !token.site().equals(site)) {
                return Optional.empty();
            }
            tokensUsed.put(hash, now);
            return Optional.of(token.account());
        }
    }

    @Override
    public void insertSession(Session session) {
        synchronized (stores) {
            requireAccount(session.account());
            sessions.put(session.hash(), session);
        }
    }

    @Override
    public Optional<Session> findSession(String hash, Instant now) {
        synchronized (stores) {
            return Optional.ofNullable(sessions.get(hash)).filter(s -> s.expiresAt().isAfter(now));
        }
    }

    @Override
    public void touchSession(String hash, Instant lastSeenAt, Instant expiresAt) {
        synchronized (stores) {
            Session s = sessions.get(hash);
            if (s != null && s.lastSeenAt().isBefore(lastSeenAt)) {
                sessions.put(hash, new Session(s.hash(), s.account(), s.created(), lastSeenAt, expiresAt,
                        s.absoluteExpiresAt()));
            }
        }
    }

    @Override
    public boolean deleteSession(String hash) {
        synchronized (stores) {
            return sessions.remove(hash) != null;
        }
    }

    @Override
    public int deleteSessions(AccountId account, String keepHash) {
        synchronized (stores) {
            List<String> ended = sessions.values().stream()
                    .filter(s -> s.account().equals(account) && !s.hash().equals(keepHash)).map(Session::hash).toList();
            ended.forEach(sessions::remove);
            return ended.size();
        }
    }

    @Override
    public void insertIdentity(StoredIdentity identity) {
        synchronized (stores) {
            requireAccount(identity.account());
            String key = identity.provider() + "\u0000" + identity.subject();
            if (identities.containsKey(key)) {
                throw new BerthException(ErrorCode.IDENTITY_LINKED, "the " + identity.provider()
                        + " identity is linked to an account already");
            }
            identities.put(key, identity);
        }
    }

    @Override
    public Optional<StoredIdentity> findIdentity(String provider, String subject) {
        synchronized (stores) {
            return Optional.ofNullable(identities.get(provider + "\u0000" + subject));
        }
    }

    @Override
    public List<StoredIdentity> identities(AccountId account) {
        synchronized (stores) {
            return identities.values().stream().filter(i -> i.account().equals(account))
                    .sorted(Comparator.comparing(StoredIdentity::linkedAt)).toList();
        }
    }

    @Override
    public void touchAccount(AccountId account, Instant at) {
        synchronized (stores) {
            if (stores.findAccount(account).isPresent()) {
                lastActive.merge(account, at, (a, b) -> a.isAfter(b) ? a : b);
            }
        }
    }

    @Override
    public void markForDeletion(AccountId account, Instant at) {
        synchronized (stores) {
            if (stores.findAccount(account).isPresent()) {
                deleteRequested.putIfAbsent(account, at);
            }
        }
    }

    @Override
    public List<AccountId> accountsToPurge(Instant idleBefore, Instant now, int limit) {
        synchronized (stores) {
            List<AccountId> result = new ArrayList<>();
            for (Account account : stores.listAccounts().stream()
                    .sorted(Comparator.comparing(Account::created)).toList()) {
                boolean marked = deleteRequested.containsKey(account.id());
                boolean idleTrial = account.trial()
                        && lastActive.getOrDefault(account.id(), account.created()).isBefore(idleBefore)
                        && sessions.values().stream().noneMatch(s -> s.account().equals(account.id())
                        && s.expiresAt().isAfter(now));
                if ((marked || idleTrial) && result.size() < limit) {
                    result.add(account.id());
                }
            }
            return result;
        }
    }

    @Override
    public boolean purgeAccount(AccountId account) {
        synchronized (stores) {
            passwords.remove(account);
            codes.values().removeIf(c -> c.account().equals(account));
            tokens.values().removeIf(t -> t.account().equals(account));
            sessions.values().removeIf(s -> s.account().equals(account));
            identities.values().removeIf(i -> i.account().equals(account));
            lastActive.remove(account);
            deleteRequested.remove(account);
            ((InMemoryBookingStore) stores.bookings()).deleteQueueEntriesOf(account);
            return stores.removeAccount(account);
        }
    }

    @Override
    public int deleteExpired(Instant now) {
        synchronized (stores) {
            int before = codes.size() + tokens.size() + sessions.size();
            codes.values().removeIf(c -> !c.expiresAt().isAfter(now));
            tokens.values().removeIf(t -> !t.expiresAt().isAfter(now));
            sessions.values().removeIf(s -> !s.expiresAt().isAfter(now));
            return before - codes.size() - tokens.size() - sessions.size();
        }
    }
}
