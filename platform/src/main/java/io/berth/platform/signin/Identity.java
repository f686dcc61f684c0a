package io.berth.platform.signin;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * An account's identity at an OAuth / OpenID Connect provider. One provider identity belongs to at most one
 * account.
 *
 * @param provider the configured provider's name ({@code google}, {@code github}, ...)
 * @param subject  the provider's stable id of the person ({@code sub})
 * @param email    the address the provider reported when the identity was linked; null when none
 * @param linkedAt when it was linked
 */
public record Identity(String provider, String subject, String email, Instant linkedAt) {
    /** The longest provider name and subject kept. */
    public static final int MAX_LENGTH = 255;

    public Identity {
        requireNonNull(provider, "provider is null");
        requireNonNull(subject, "subject is null");
        requireNonNull(linkedAt, "linkedAt is null");
    }
}
