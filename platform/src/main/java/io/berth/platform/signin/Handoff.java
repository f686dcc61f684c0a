package io.berth.platform.signin;

import io.berth.core.account.Account;

import java.net.URI;

import static java.util.Objects.requireNonNull;

/**
 * A signed-in person on the way to a notebook site: the single-use login token the site redeems, and the address
 * to send the browser to (the site's URL with {@code ?token=}); answer it with 303 See Other, never 301, which
 * browsers cache and would replay with a spent token.
 *
 * @param account  whom the token signs in
 * @param token    the login token, shown once; never logged
 * @param redirect the site's URL carrying the token
 */
public record Handoff(Account account, String token, URI redirect) {
    public Handoff {
        requireNonNull(account, "account is null");
        requireNonNull(token, "token is null");
        requireNonNull(redirect, "redirect is null");
    }

    @Override
    public String toString() {
        return "Handoff[account=" + account.name() + ", token=<hidden>, redirect=<hidden>]";
    }
}
