package io.berth.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.core.account.Principal;
import io.berth.platform.signin.SignInService;

import java.util.Map;

/**
 * The caller, as {@code GET /me} shows it: with the quotas of its level and the environment variables its
 * notebook carries (package, worker limits, quotas, retention). A {@code transient} ("give it a try") account
 * carries the {@code warning} to show before it logs out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MeView(String id, String name, String role, int level, LevelView quotas, Map<String, String> environment,
                     @JsonProperty("transient") boolean isTransient, String warning) {

    public static MeView of(Principal principal, LevelView quotas, Map<String, String> environment,
                            boolean isTransient) {
        return new MeView(principal.account().toString(), principal.name(), principal.role().name(),
                principal.level(), quotas, Map.copyOf(environment), isTransient,
                isTransient ? SignInService.TRIAL_WARNING : null);
    }
}
