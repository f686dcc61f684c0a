package io.berth.server.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.core.account.Account;

import java.time.Instant;

/**
 * An account as {@code GET /accounts} shows it.
 *
 * @param isTransient a "give it a try" account, deleted when its session ends
 * @param disabledAt  when an admin disabled it (or it was deleted and is being removed); null while enabled
 */
public record AccountView(String id, String name, String role, int level, String email, Instant created,
                          String displayName, boolean emailConfirmed, @JsonProperty("transient") boolean isTransient,
                          boolean disabled, Instant disabledAt) {

    public static AccountView of(Account account) {
        return new AccountView(account.id().toString(), account.name(), account.role().name(), account.level(),
                account.email(), account.created(), account.displayName(), account.emailConfirmed(), account.trial(),
                account.isDisabled(), account.disabledAt());
    }
}
