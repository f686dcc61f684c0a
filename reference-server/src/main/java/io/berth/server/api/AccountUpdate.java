package io.berth.server.api;

/**
 * The body of {@code PATCH /accounts/{name}}: what changes; absent members stay as they are. The level is for
 * admins; the email address (an empty string clears it) for admins and the account itself.
 */
public record AccountUpdate(Integer level, String email) {
}
