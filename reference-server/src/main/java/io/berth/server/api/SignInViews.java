package io.berth.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.core.account.Account;
import io.berth.platform.signin.Handoff;
import io.berth.platform.signin.Redeemed;
import io.berth.platform.signin.SignedIn;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** The answers of the sign-in routes. */
public final class SignInViews {
    private SignInViews() {
    }

    /** Who signed in, as the sign-in answers and the redeem show it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SignInAccount(String id, String name, String displayName, String email, int level,
                                @JsonProperty("transient") boolean isTransient) {
        public static SignInAccount of(Account account) {
            return new SignInAccount(account.id().toString(), account.name(), account.displayName(), account.email(),
                    account.level(), account.trial());
        }
    }

    /** A login token and where to send the browser with it (answer it with 303 See Other). */
    public record HandoffView(SignInAccount account, String token, String redirect) {
        public static HandoffView of(Handoff handoff) {
            return new HandoffView(SignInAccount.of(handoff.account()), handoff.token(), handoff.redirect().toString());
        }

        @Override
        public String toString() {
            return "HandoffView[account=" + account.name() + ", token=<hidden>]";
        }
    }

    /**
     * A new trial account: its login token for the site, and a session (its id a bearer credential) to log out
     * with, or to register with and keep the account.
     */
    public record TrialView(SignInAccount account, String token, String redirect, String sessionId,
                            Instant expiresAt, String warning) {
        public static TrialView of(Handoff handoff, SignedIn session, String warning) {
            return new TrialView(SignInAccount.of(handoff.account()), handoff.token(), handoff.redirect().toString(),
                    session.sessionId(), session.expiresAt(), warning);
        }

        @Override
        public String toString() {
            return "TrialView[account=" + account.name() + ", token=<hidden>, sessionId=<hidden>]";
        }
    }

    /** A new session: its id is a bearer credential until {@code expiresAt} (extended by use). */
    public record SessionView(SignInAccount account, String sessionId, Instant expiresAt) {
        public static SessionView of(SignedIn signedIn) {
            return new SessionView(SignInAccount.of(signedIn.account()), signedIn.sessionId(), signedIn.expiresAt());
        }

        @Override
        public String toString() {
            return "SessionView[account=" + account.name() + ", sessionId=<hidden>]";
        }
    }

    /** What a notebook site learns from a redeemed token. */
    public record RedeemedView(SignInAccount account, @JsonProperty("package") PackageView pkg, LevelView quotas,
                               Map<String, String> environment) {
        public static RedeemedView of(Redeemed redeemed) {
            return new RedeemedView(SignInAccount.of(redeemed.account()), PackageView.of(redeemed.pkg()),
                    LevelView.of(redeemed.quotas()), new TreeMap<>(redeemed.environment()));
        }
    }

    /** The answer of requests whose outcome is only a mail (or none): the same for every address. */
    public record Accepted(String status, String detail) {
    }
}
