package io.berth.server.api;

import io.berth.core.account.Principal;

/** The caller, as {@code GET /me} shows it. */
public record MeView(String id, String name, String role, int level) {

    public static MeView of(Principal principal) {
        return new MeView(principal.account().toString(), principal.name(), principal.role().name(),
                principal.level());
    }
}
