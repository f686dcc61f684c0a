package io.berth.server.api;

/** The body of {@code PATCH /accounts/{name}}: what an admin changes; absent members stay as they are. */
public record AccountUpdate(Integer level) {
}
