package io.berth.platform.signin;

import io.berth.core.account.Account;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A web session that was just opened (or found).
 *
 * @param account   whose session it is
 * @param sessionId the session's id, the value of its cookie; only its hash is stored; never logged
 * @param expiresAt when the session ends unless used again before (the earlier of its idle and absolute limits)
 */
public record SignedIn(Account account, String sessionId, Instant expiresAt) {
    public SignedIn {
        requireNonNull(account, "account is null");
        requireNonNull(sessionId, "sessionId is null");
        requireNonNull(expiresAt, "expiresAt is null");
    }

    @Override
    public String toString() {
        return "SignedIn[account=" + account.name() + ", sessionId=<hidden>, expiresAt=" + expiresAt + "]";
    }
}
