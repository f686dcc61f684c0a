package io.berth.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.core.account.Account;
import io.berth.platform.signin.Identity;
import io.berth.platform.signin.SignInService;

import java.time.Instant;
import java.util.List;

/**
 * One's own account as {@code GET /user} shows it. {@code transient} accounts ("give it a try") are deleted with
 * their notebooks and data when their session ends; {@code warning} says so, for the logout page.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserView(String id, String name, String displayName, String email, boolean emailConfirmed, int level,
                       String role, @JsonProperty("transient") boolean isTransient, String warning, Instant created,
                       List<IdentityView> identities) {

    /** A linked provider identity. */
    public record IdentityView(String provider, String subject, String email, Instant linkedAt) {
        static IdentityView of(Identity identity) {
            return new IdentityView(identity.provider(), identity.subject(), identity.email(), identity.linkedAt());
        }
    }

    public static UserView of(Account account, List<Identity> identities) {
        return new UserView(account.id().toString(), account.name(), account.displayName(), account.email(),
                account.emailConfirmed(), account.level(), account.role().name(), account.trial(),
                account.trial() ? SignInService.TRIAL_WARNING : null, account.created(),
                identities.stream().map(IdentityView::of).toList());
    }
}
