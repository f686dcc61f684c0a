package io.berth.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/** The answers of the sign-in routes: sessions, login-token hand-offs, trials and one's own profile. */
public final class SignInViews {
    private SignInViews() {
    }

    /**
     * Who signed in.
     *
     * @param isTransient a "give it a try" account, deleted with its notebooks and data when its session ends
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Account(String id, String name, String displayName, String email, int level,
                          @JsonProperty("transient") boolean isTransient) {
    }

    /**
     * A new session.
     *
     * @param sessionId a bearer credential ({@code --api-key}) until {@code expiresAt}, extended by use
     */
    public record Session(Account account, String sessionId, Instant expiresAt) {
        @Override
        public String toString() {
            return "Session[account=" + account.name() + ", sessionId=<hidden>, expiresAt=" + expiresAt + "]";
        }
    }

    /** A single-use login token for a notebook site, and the site's address carrying it. */
    public record Handoff(Account account, String token, String redirect) {
        @Override
        public String toString() {
            return "Handoff[account=" + account.name() + ", token=<hidden>]";
        }
    }

    /** A new trial account: its login token, its session, and the warning that it is transient. */
    public record Trial(Account account, String token, String redirect, String sessionId, Instant expiresAt,
                        String warning) {
        @Override
        public String toString() {
            return "Trial[account=" + account.name() + ", token=<hidden>, sessionId=<hidden>]";
        }
    }

    /** The answer of requests whose outcome is a mail, or a deletion under way. */
    public record Accepted(String status, String detail) {
    }

    /** One's own account. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record User(String id, String name, String displayName, String email, boolean emailConfirmed, int level,
                       String role, @JsonProperty("transient") boolean isTransient, String warning, Instant created,
                       List<Identity> identities) {
    }

    /** A linked provider identity. */
    public record Identity(String provider, String subject, String email, Instant linkedAt) {
    }

    /** What a notebook site learns from a redeemed token. */
    public record Redeemed(Account account, @JsonProperty("package") PackageView pkg, LevelView quotas,
                           java.util.Map<String, String> environment) {
    }
}
