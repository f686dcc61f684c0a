package io.berth.server.api;

import io.berth.core.account.Principal;

import java.util.Map;

/**
 * The caller, as {@code GET /me} shows it: with the quotas of its level and the environment variables its
 * notebook carries (package, worker limits, quotas, retention).
 */
public record MeView(String id, String name, String role, int level, LevelView quotas, Map<String, String> environment) {

    public static MeView of(Principal principal, LevelView quotas, Map<String, String> environment) {
        return new MeView(principal.account().toString(), principal.name(), principal.role().name(),
                principal.level(), quotas, Map.copyOf(environment));
    }
}
