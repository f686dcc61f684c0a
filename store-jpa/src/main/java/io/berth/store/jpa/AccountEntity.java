package io.berth.store.jpa;

import io.berth.core.account.Account;
import io.berth.core.account.AccountId;
import io.berth.core.account.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "account")
class AccountEntity {
    @Id
    @Column(name = "id", nullable = false)
    UUID id;

    @Column(name = "name", nullable = false, length = 64)
    String name;

    @Column(name = "role", nullable = false, length = 16)
    String role;

    @Column(name = "level", nullable = false)
    int level;

    @Column(name = "email", length = Account.MAX_EMAIL_LENGTH)
    String email;

    @Column(name = "created", nullable = false)
    Instant created;

    @Column(name = "display_name", length = 400)
    String displayName;

    @Column(name = "trial", nullable = false)
    boolean trial;

    @Column(name = "email_confirmed", nullable = false)
    boolean emailConfirmed;

    @Column(name = "disabled_at")
    Instant disabledAt;

    AccountEntity() {
    }

    static AccountEntity of(Account account) {
        AccountEntity entity = new AccountEntity();
        entity.id = account.id().value();
        entity.name = account.name();
        entity.role = account.role().name();
        entity.level = account.level();
        entity.email = account.email();
        entity.created = Times.stored(account.created());
        entity.copyChangeable(account);
        return entity;
    }

    /** Takes the fields {@code AccountStore.updateAccount} writes. */
    void copyChangeable(Account account) {
        level = account.level();
        email = account.email();
        displayName = account.displayName();
        trial = account.trial();
        emailConfirmed = account.emailConfirmed();
        disabledAt = account.disabledAt() == null ? null : Times.stored(account.disabledAt());
    }

    Account toDomain() {
        return new Account(new AccountId(id), name, Role.valueOf(role), level, email, created, displayName, trial,
                emailConfirmed, disabledAt);
    }
}
