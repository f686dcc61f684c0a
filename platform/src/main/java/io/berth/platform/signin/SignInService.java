package io.berth.platform.signin;

import io.berth.core.account.Account;
import io.berth.core.account.AccountId;
import io.berth.core.account.AccountLevels;
import io.berth.platform.booking.BookingService;
import io.berth.platform.mail.Mailer;
import io.berth.platform.provisioning.CommandService;
import io.berth.platform.store.Stores;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Signing up and in: "give it a try" accounts, registration with a confirmed email address, password login and
 * reset, provider identities, login-token hand-off to notebook sites, web sessions, profile and account deletion.
 *
 * <p>Answers never tell whether an email address is registered: {@link #register}, {@link #requestReset} and
 * {@link #login} behave the same for known and unknown addresses as far as the caller can see (the difference is
 * in the mail the address's owner receives). Failed attempts are throttled per account and per client address.
 * Secrets (passwords, codes, tokens, session ids) are never logged. Thread safe.
 */
public final class SignInService {
    private final Stores stores;
    private final CommandService commands;
    private final BookingService bookings;
    private final Mailer mailer;
    private final AccountLevels levels;
    private final SignInSettings settings;
    private final Passwords passwords;
    private final Clock clock;

    /**
     * @param commands  issues the REMOVE commands of a deleted account's deployments
     * @param bookings  knows the resource packages, and cancels a deleted account's bookings
     * @param passwords hashing of passwords
     */
    public SignInService(Stores stores, CommandService commands, BookingService bookings, Mailer mailer,
                         AccountLevels levels, SignInSettings settings, Passwords passwords, Clock clock) {
        this.stores = requireNonNull(stores, "stores is null");
        this.commands = requireNonNull(commands, "commands is null");
        this.bookings = requireNonNull(bookings, "bookings is null");
        this.mailer = requireNonNull(mailer, "mailer is null");
        this.levels = requireNonNull(levels, "levels is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.passwords = requireNonNull(passwords, "passwords is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The settings this service runs with. */
    public SignInSettings settings() {
        return settings;
    }

    /**
     * "Give it a try": a new level-0 trial account with a generated name ({@code guest-} and 10 random base32
     * characters) and a login token for {@code site}.
     *
     * @param site     a configured site's name; null for the default site
     * @param clientIp the caller's address, for throttling
     * @throws io.berth.core.error.BerthException SITE_NOT_FOUND, TOO_MANY_ATTEMPTS
     */
    public Handoff tryIt(String site, String clientIp) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Registers an email address. The visible outcome is always the same: for an unknown address a level-1
     * account (or the upgrade of {@code trialAccountOrNull} to level 1) and a mail with a confirmation link; for a
     * known one a mail saying that the address has an account already (log in or reset the password).
     *
     * @param password           the caller's array; not kept
     * @param trialAccountOrNull a signed-in trial account to upgrade, or null
     * @throws io.berth.core.error.BerthException INVALID_REQUEST for a malformed address, WEAK_PASSWORD,
     *                                            TOO_MANY_ATTEMPTS
     */
    public void register(String email, char[] password, String clientIp, AccountId trialAccountOrNull) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Follows a mailed confirmation link (of a registration or of a changed address): confirms the address,
     * spends the code and hands the account off to {@code site}.
     *
     * @param site a configured site's name; null for the default site
     * @throws io.berth.core.error.BerthException CODE_INVALID for an unknown, used or expired code,
     *                                            SITE_NOT_FOUND, ACCOUNT_DISABLED
     */
    public Handoff confirm(String code, String site) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Logs in with email and password and opens a new session. Rehashes the password when its hash was made with
     * other parameters.
     *
     * @throws io.berth.core.error.BerthException INVALID_CREDENTIALS for an unknown address or a wrong password
     *                                            (one message for both), EMAIL_NOT_CONFIRMED (right password,
     *                                            address not yet confirmed), ACCOUNT_DISABLED, TOO_MANY_ATTEMPTS
     */
    public SignedIn login(String email, char[] password, String clientIp) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Mails a password-reset link when the address is registered; does nothing visible otherwise.
     *
     * @throws io.berth.core.error.BerthException INVALID_REQUEST for a malformed address, TOO_MANY_ATTEMPTS
     */
    public void requestReset(String email, String clientIp) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Follows a reset link: sets the new password, confirms the address (the link proved it), ends every other
     * session and opens a new one.
     *
     * @throws io.berth.core.error.BerthException CODE_INVALID, WEAK_PASSWORD, ACCOUNT_DISABLED, TOO_MANY_ATTEMPTS
     */
    public SignedIn resetPassword(String code, char[] newPassword, String clientIp) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Signs in with a provider identity: a linked identity selects its account; an unknown one creates a level-1
     * account (with the provider's address when it is verified and not registered yet) and links it.
     *
     * @throws io.berth.core.error.BerthException ACCOUNT_DISABLED, INVALID_REQUEST for an empty provider or subject
     */
    public SignedIn signInWithIdentity(String provider, String subject, String email, boolean emailVerified,
                                       String clientIp) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Links a provider identity to a signed-in account.
     *
     * @throws io.berth.core.error.BerthException IDENTITY_LINKED when it belongs to another account (linking it to
     *                                            its own account again is a no-op), ACCOUNT_NOT_FOUND
     */
    public void linkIdentity(AccountId account, String provider, String subject) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The provider identities of an account, oldest first. */
    public List<Identity> identities(AccountId account) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * A fresh login token for a signed-in account, to go to {@code site}.
     *
     * @param site a configured site's name; null for the default site
     * @throws io.berth.core.error.BerthException SITE_NOT_FOUND, ACCOUNT_NOT_FOUND, ACCOUNT_DISABLED
     */
    public Handoff handoff(AccountId account, String site) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Redeems a login token for the site that authenticated: atomic and single use, so of two concurrent redeems
     * of one token exactly one succeeds.
     *
     * @throws io.berth.core.error.BerthException TOKEN_INVALID for an unknown, used or expired token or one meant
     *                                            for another site; ACCOUNT_DISABLED
     */
    public Redeemed redeem(String siteName, String token) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * The session of a session id when it is live (neither idle nor past its absolute limit) and its account is
     * enabled; touches it, extending its idle limit.
     */
    public Optional<SignedIn> session(String sessionId) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Ends a session (no-op for an unknown one). A trial account's data is then deleted by the cleanup job. */
    public void logout(String sessionId) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Changes one's own profile: the display name at once; a new email address when the link mailed to it is
     * followed (see {@link #confirm}).
     *
     * @throws io.berth.core.error.BerthException INVALID_REQUEST, ACCOUNT_NOT_FOUND, TOO_MANY_ATTEMPTS
     */
    public Account updateProfile(AccountId account, ProfileUpdate update) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Changes one's password after checking the current one, and ends the account's other sessions (all of them:
     * the caller keeps only the session it uses, see {@link #changePassword(AccountId, char[], char[], String)}).
     *
     * @throws io.berth.core.error.BerthException INVALID_CREDENTIALS for a wrong current password, WEAK_PASSWORD,
     *                                            TOO_MANY_ATTEMPTS
     */
    public void changePassword(AccountId account, char[] current, char[] next) {
        changePassword(account, current, next, null);
    }

    /** As {@link #changePassword(AccountId, char[], char[])}, keeping the session {@code keepSessionId} open. */
    public void changePassword(AccountId account, char[] current, char[] next, String keepSessionId) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Deletes an account: it can no longer sign in at once (sessions, tokens and keys end); REMOVE commands go to
     * its active deployments, and the cleanup job deletes the account once they are removed.
     *
     * @throws io.berth.core.error.BerthException ACCOUNT_NOT_FOUND
     */
    public void deleteAccount(AccountId account) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Whether the account is a transient "give it a try" account. */
    public boolean isTrial(AccountId account) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The warning to show a trial account before it logs out. */
    public static final String TRIAL_WARNING = "This is a trial account: when you log out or your session expires,"
            + " your notebooks and data will be deleted. Register to keep them.";
}
