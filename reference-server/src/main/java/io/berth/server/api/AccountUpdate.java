package io.berth.server.api;

/**
 * The body of {@code PATCH /accounts/{name}}: what changes; absent members stay as they are. The level is for
 * admins; the email address (an empty string clears it) for admins and the account itself; {@code disabled} for
 * admins (a disabled account can neither sign in nor use its API keys).
 */
public record AccountUpdate(Integer level, String email, Boolean disabled) {
}
