package io.berth.store.jpa;

import io.berth.core.account.AccountId;
import io.berth.core.account.SshKey;
import io.berth.core.account.SshKeyId;
import io.berth.core.account.SshPublicKey;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "ssh_key")
class SshKeyEntity {
    @Id
    @Column(name = "id", nullable = false)
    UUID id;

    @Column(name = "account_id", nullable = false)
    UUID accountId;

    @Column(name = "name", nullable = false, length = SshKey.MAX_NAME_LENGTH)
    String name;

    @Column(name = "key_type", nullable = false, length = 40)
    String type;

    @Column(name = "key_blob", nullable = false)
    String blob;

    @Column(name = "key_comment", nullable = false, length = SshPublicKey.MAX_COMMENT_LENGTH)
    String comment;

    @Column(name = "key_bits", nullable = false)
    int bits;

    @Column(name = "fingerprint", nullable = false, length = 60)
    String fingerprint;

    @Column(name = "created", nullable = false)
    Instant created;

    SshKeyEntity() {
    }

    static SshKeyEntity of(SshKey key) {
        SshKeyEntity entity = new SshKeyEntity();
        entity.id = key.id().value();
        entity.accountId = key.account().value();
        entity.name = key.name();
        entity.type = key.key().type();
        entity.blob = key.key().blob();
        entity.comment = key.key().comment();
        entity.bits = key.key().bits();
        entity.fingerprint = key.fingerprint();
        entity.created = Times.stored(key.created());
        return entity;
    }

    SshKey toDomain() {
        return new SshKey(new SshKeyId(id), new AccountId(accountId), name, new SshPublicKey(type, blob, comment, bits),
                fingerprint, created);
    }
}
