package io.berth.platform.auth;

import io.berth.core.account.AccountId;
import io.berth.core.account.Principal;
import io.berth.core.account.SshKey;
import io.berth.core.account.SshKeyId;
import io.berth.core.account.SshPublicKey;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.store.AccountStore;

import java.time.Clock;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The authorized SSH public keys of accounts: added from an OpenSSH line or generated here, listed, removed.
 * At most {@link SshKey#MAX_PER_ACCOUNT} per account, each public key once per account.
 */
public final class SshKeyService {
    private final AccountStore store;
    private final Clock clock;

    public SshKeyService(AccountStore store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A generated key: the stored public key and the private key file's text, shown once. */
    public record GeneratedKey(SshKey key, String privateKey) {
        @Override
        public String toString() {
            return "GeneratedKey[key=" + key + ", privateKey=<hidden>]";
        }
    }

    /** The caller's keys, oldest first. */
    public List<SshKey> list(Principal caller) {
        requireNonNull(caller, "caller is null");
        return store.listSshKeys(caller.account());
    }

    /** The keys of an account, oldest first, for provisioning. */
    public List<SshKey> keysOf(AccountId account) {
        requireNonNull(account, "account is null");
        return store.listSshKeys(account);
    }

    /**
     * Adds a public key to the caller's account.
     *
     * @param line an OpenSSH public key line ({@code ssh-ed25519 AAAA... comment})
     * @param name a label; null or blank for the key's comment
     * @throws BerthException INVALID_SSH_KEY for a bad line, INVALID_REQUEST for a bad name, SSH_KEY_EXISTS,
     *                        SSH_KEY_LIMIT
     */
    public SshKey add(Principal caller, String line, String name) {
        requireNonNull(caller, "caller is null");
        SshPublicKey key = SshPublicKey.parse(line);
        return insert(caller, key, name == null || name.isBlank() ? key.comment() : name.strip());
    }

    /**
     * Makes an Ed25519 key pair, stores its public key for the caller and returns the private key once.
     *
     * @param name a label and the key's comment; null or blank for {@code <account>@berth}
     * @throws BerthException INVALID_REQUEST for a bad name, SSH_KEY_LIMIT
     */
    public GeneratedKey generate(Principal caller, String name) {
        requireNonNull(caller, "caller is null");
        String label = SshKey.checkName(name == null || name.isBlank() ? caller.name() + "@berth" : name.strip());
        if (store.listSshKeys(caller.account()).size() >= SshKey.MAX_PER_ACCOUNT) {
            // refused before the key is made; the store checks again atomically
            throw new BerthException(ErrorCode.SSH_KEY_LIMIT,
                    "an account may have at most " + SshKey.MAX_PER_ACCOUNT + " SSH keys");
        }
        SshKeyPairs.Generated pair = SshKeyPairs.ed25519(label);
        return new GeneratedKey(insert(caller, pair.publicKey(), label), pair.privateKey());
    }

    /**
     * Removes a key: one's own, or any as an admin.
     *
     * @return the removed key
     * @throws BerthException SSH_KEY_NOT_FOUND when there is no such key or it is another's
     */
    public SshKey remove(Principal caller, SshKeyId id) {
        requireNonNull(caller, "caller is null");
        requireNonNull(id, "id is null");
        BerthException notFound = new BerthException(ErrorCode.SSH_KEY_NOT_FOUND, "no SSH key " + id);
        SshKey key = store.findSshKey(id).filter(k -> caller.mayAccess(k.account())).orElseThrow(() -> notFound);
        if (!store.deleteSshKey(id)) {
            throw notFound;
        }
        return key;
    }

    private SshKey insert(Principal caller, SshPublicKey key, String name) {
        SshKey stored = new SshKey(SshKeyId.random(), caller.account(), name, key, clock.instant());
        store.insertSshKey(stored, SshKey.MAX_PER_ACCOUNT);
        return stored;
    }
}
