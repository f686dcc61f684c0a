package io.berth.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.core.account.Role;

/**
 * An account, as {@code GET /me} and {@code GET /accounts} show it.
 *
 * @param isTransient a "give it a try" account; null when the answer does not say
 * @param disabled    whether an admin disabled it; null when the answer does not say
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccountView(String id, String name, Role role, int level, String email,
                          @JsonProperty("transient") Boolean isTransient, Boolean disabled) {

    /** An account as older servers describe it. */
    public AccountView(String id, String name, Role role, int level, String email) {
        this(id, name, role, level, email, null, null);
    }
}
