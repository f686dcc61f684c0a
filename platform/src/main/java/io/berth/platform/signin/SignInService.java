package io.berth.platform.signin;

import io.berth.core.account.Account;
import io.berth.core.account.AccountId;
import io.berth.core.account.AccountLevels;
import io.berth.core.account.LevelQuotas;
import io.berth.core.account.Role;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.resource.ResourcePackage;
import io.berth.platform.booking.BookingService;
import io.berth.platform.mail.Mailer;
import io.berth.platform.provisioning.CommandService;
import io.berth.platform.store.AccountStore;
import io.berth.platform.store.SignInStore;
import io.berth.platform.store.SignInStore.LinkCode;
import io.berth.platform.store.SignInStore.Purpose;
import io.berth.platform.store.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
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
    /** The warning to show a trial account before it logs out. */
    public static final String TRIAL_WARNING = "This is a trial account: when you log out or your session expires,"
            + " your notebooks and data will be deleted. Register to keep them.";
    /** A session's last use is recorded at most this often, so most requests only read it. */
    static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(SignInService.class);
    private static final int NAME_RANDOM_LENGTH = 10;

    private final Stores stores;
    private final AccountStore accounts;
    private final SignInStore store;
    private final CommandService commands;
    private final BookingService bookings;
    private final Mailer mailer;
    private final AccountLevels levels;
    private final SignInSettings settings;
    private final Passwords passwords;
    private final Clock clock;
    private final Throttle throttle;

    /**
     * @param commands  issues the REMOVE commands of a deleted account's deployments
     * @param bookings  knows the resource packages, and cancels a deleted account's bookings
     * @param passwords hashing of passwords
     */
    public SignInService(Stores stores, CommandService commands, BookingService bookings, Mailer mailer,
                         AccountLevels levels, SignInSettings settings, Passwords passwords, Clock clock) {
        this.stores = requireNonNull(stores, "stores is null");
        this.accounts = stores.accounts();
        this.store = stores.signIn();
        this.commands = requireNonNull(commands, "commands is null");
        this.bookings = requireNonNull(bookings, "bookings is null");
        this.mailer = requireNonNull(mailer, "mailer is null");
        this.levels = requireNonNull(levels, "levels is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.passwords = requireNonNull(passwords, "passwords is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.throttle = new Throttle(settings.maxFailures(), settings.failureWindow(), clock);
    }

    /** The settings this service runs with. */
    public SignInSettings settings() {
        return settings;
    }

    /**
     * "Give it a try": a new level-0 trial account with a generated name ({@code guest-} and 10 random base32
     * characters) and a login token for {@code site}. Each call counts against the client address's attempts.
     *
     * @param site     a configured site's name; null for the default site
     * @param clientIp the caller's address, for throttling
     * @throws BerthException SITE_NOT_FOUND, TOO_MANY_ATTEMPTS
     */
    public Handoff tryIt(String site, String clientIp) {
        String siteName = siteName(site);
        throttle.acquire(ipKey("try", clientIp));
        Instant now = clock.instant();
        Account account = insertNamed("guest-", name -> new Account(AccountId.random(), name, Role.USER, 0, null, now,
                null, true, false, null));
        store.touchAccount(account.id(), now);
        LOG.info("sign-in: trial account {} created", account.name());
        return issueToken(account, siteName);
    }

    /**
     * Registers an email address. The visible outcome is always the same: for an unknown address a level-1
     * account (or, for {@code trialAccountOrNull}, the address and password of that trial account, which becomes a
     * lasting level-1 account when the address is confirmed) and a mail with a confirmation link; for a known one
     * a mail saying that the address has an account already (log in or reset the password).
     *
     * @param password           the caller's array; not kept
     * @param trialAccountOrNull a signed-in trial account to upgrade, or null
     * @throws BerthException INVALID_REQUEST for a malformed address, WEAK_PASSWORD, TOO_MANY_ATTEMPTS
     */
    public void register(String email, char[] password, String clientIp, AccountId trialAccountOrNull) {
        String address = checkedEmail(email);
        Passwords.checkNew(password);
        throttle.acquire(ipKey("register", clientIp), "register:" + address);
        // hashed whether or not it is used, so that a known address answers as slowly as an unknown one
        String hash = passwords.hash(password);
        Instant now = clock.instant();
        if (accounts.findAccountByEmail(address).isPresent()) {
            mailAlreadyRegistered(address);
            return;
        }
        Account account;
        try {
            if (trialAccountOrNull != null) {
                Account trial = accounts.findAccount(trialAccountOrNull).filter(Account::trial)
                        .filter(a -> !a.isDisabled())
                        .orElseThrow(() -> new BerthException(ErrorCode.INVALID_REQUEST,
                                "only a signed-in trial account can be upgraded by registering"));
                // it stays a trial until the address is confirmed: an unproven address buys no level
                account = accounts.updateAccount(trial.withEmail(address))
                        .orElseThrow(() -> new BerthException(ErrorCode.ACCOUNT_NOT_FOUND, "no account " + trial.id()));
                LOG.info("sign-in: trial account {} registering", account.name());
            } else {
                account = insertNamed("user-", name -> new Account(AccountId.random(), name, Role.USER,
                        Account.DEFAULT_LEVEL, address, now));
                LOG.info("sign-in: account {} registered", account.name());
            }
        } catch (BerthException e) {
            if (e.errorCode() != ErrorCode.ACCOUNT_EXISTS) {
                throw e;
            }
            // another request registered the address a moment ago
            mailAlreadyRegistered(address);
            return;
        }
        store.setPassword(account.id(), hash, now);
        String code = newCode(account.id(), Purpose.CONFIRM, address, now);
        mailer.send(new Mailer.Mail(address, "Confirm your email address", "Welcome!\n\n"
                + "Please confirm your email address by following this link within "
                + minutes(settings.linkLifetime()) + ":\n\n" + link("confirm", code) + "\n\n"
                + "If you did not register, ignore this mail.\n"));
    }

    /**
     * Follows a mailed confirmation link (of a registration or of a changed address): confirms the address,
     * spends the code and hands the account off to {@code site}.
     *
     * @param site a configured site's name; null for the default site
     * @throws BerthException CODE_INVALID for an unknown, used or expired code, SITE_NOT_FOUND, ACCOUNT_DISABLED
     */
    public Handoff confirm(String code, String site) {
        String siteName = siteName(site);
        LinkCode spent = spend(code, EnumSet.of(Purpose.CONFIRM, Purpose.EMAIL));
        Account account = enabled(accounts.findAccount(spent.account()).orElseThrow(Secrets::codeInvalid));
        Account confirmed;
        if (spent.purpose() == Purpose.EMAIL) {
            confirmed = account.withEmail(spent.email()).withEmailConfirmed(true);
        } else if (spent.email().equals(account.email())) {
            confirmed = account.withEmailConfirmed(true);
            if (account.trial()) {
                // a registering trial account is kept from now on, at level 1
                confirmed = confirmed.withTrial(false).withLevel(Math.max(Account.DEFAULT_LEVEL, account.level()));
            }
        } else {
            throw Secrets.codeInvalid();
        }
        Account stored = accounts.updateAccount(confirmed).orElseThrow(Secrets::codeInvalid);
        return issueToken(stored, siteName);
    }

    /**
     * Logs in with email and password and opens a new session. Rehashes the password when its hash was made with
     * other parameters. A success clears the address's count of failures.
     *
     * @throws BerthException INVALID_CREDENTIALS for an unknown address or a wrong password (one message for
     *                        both), EMAIL_NOT_CONFIRMED (right password, address not yet confirmed),
     *                        ACCOUNT_DISABLED, TOO_MANY_ATTEMPTS, INVALID_REQUEST for a malformed address
     */
    public SignedIn login(String email, char[] password, String clientIp) {
        String address = checkedEmail(email);
        if (password == null) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "password is required");
        }
        String accountKey = "login:" + address;
        String ipKey = ipKey("login", clientIp);
        throttle.check(accountKey, ipKey);
        Optional<Account> found = accounts.findAccountByEmail(address);
        Optional<String> hash = found.flatMap(a -> store.passwordHash(a.id()));
        boolean matches = passwords.verify(password, hash.orElseGet(passwords::decoy)) && hash.isPresent();
        if (!matches) {
            throttle.record(accountKey, ipKey);
            throw new BerthException(ErrorCode.INVALID_CREDENTIALS, "the email address or the password is wrong");
        }
        Account account = enabled(found.get());
        if (!account.emailConfirmed()) {
            throw new BerthException(ErrorCode.EMAIL_NOT_CONFIRMED, "confirm your email address first: follow"
                    + " the link mailed to you, or reset your password to get a new one");
        }
        throttle.reset(accountKey);
        if (passwords.needsRehash(hash.get())) {
            store.setPassword(account.id(), passwords.hash(password), clock.instant());
        }
        return openSession(account);
    }

    /**
     * Mails a password-reset link when the address is registered; does nothing visible otherwise.
     *
     * @throws BerthException INVALID_REQUEST for a malformed address, TOO_MANY_ATTEMPTS
     */
    public void requestReset(String email, String clientIp) {
        String address = checkedEmail(email);
        throttle.acquire(ipKey("reset", clientIp), "reset:" + address);
        Optional<Account> found = accounts.findAccountByEmail(address).filter(a -> !a.isDisabled());
        if (found.isEmpty()) {
            return;
        }
        String code = newCode(found.get().id(), Purpose.RESET, address, clock.instant());
        mailer.send(new Mailer.Mail(address, "Reset your password", "Hello,\n\n"
                + "Someone (we hope you) asked to reset the password of the account with this address. To choose a"
                + " new password, follow this link within " + minutes(settings.linkLifetime()) + ":\n\n"
                + link("reset", code) + "\n\nIf you did not ask for it, ignore this mail: your password stays"
                + " as it is.\n"));
    }

    /**
     * Follows a reset link: sets the new password, confirms the address (the link proved it), ends every other
     * session and opens a new one.
     *
     * @throws BerthException CODE_INVALID, WEAK_PASSWORD, ACCOUNT_DISABLED, TOO_MANY_ATTEMPTS
     */
    public SignedIn resetPassword(String code, char[] newPassword, String clientIp) {
        Passwords.checkNew(newPassword);
        String ipKey = ipKey("reset-code", clientIp);
        throttle.check(ipKey);
        LinkCode spent;
        try {
            spent = spend(code, EnumSet.of(Purpose.RESET));
        } catch (BerthException e) {
            throttle.record(ipKey);
            throw e;
        }
        Account account = enabled(accounts.findAccount(spent.account()).orElseThrow(Secrets::codeInvalid));
        store.setPassword(account.id(), passwords.hash(newPassword), clock.instant());
        if (spent.email().equals(account.email()) && !account.emailConfirmed()) {
            account = accounts.updateAccount(account.withEmailConfirmed(true)).orElse(account);
        }
        store.deleteSessions(account.id(), null);
        throttle.reset("login:" + spent.email());
        LOG.info("sign-in: password of account {} reset", account.name());
        return openSession(account);
    }

    /**
     * Signs in with a provider identity: a linked identity selects its account; an unknown one creates a level-1
     * account (with the provider's address, confirmed, when it is verified and not registered yet) and links it.
     *
     * @throws BerthException ACCOUNT_DISABLED, INVALID_REQUEST for an empty or over-long provider or subject
     */
    public SignedIn signInWithIdentity(String provider, String subject, String email, boolean emailVerified,
                                       String clientIp) {
        checkIdentity(provider, subject);
        Optional<SignInStore.StoredIdentity> linked = store.findIdentity(provider, subject);
        Account account;
        if (linked.isPresent()) {
            account = accounts.findAccount(linked.get().account())
                    .orElseThrow(() -> new BerthException(ErrorCode.ACCOUNT_NOT_FOUND, "the linked account is gone"));
        } else {
            throttle.acquire(ipKey("identity", clientIp));
            Instant now = clock.instant();
            String address = email == null || !emailVerified ? null : optionalEmail(email);
            if (address != null && accounts.findAccountByEmail(address).isPresent()) {
                address = null;
            }
            String accountEmail = address;
            account = insertNamed("user-", name -> new Account(AccountId.random(), name, Role.USER,
                    Account.DEFAULT_LEVEL, accountEmail, now, null, false, accountEmail != null, null));
            try {
                store.insertIdentity(new SignInStore.StoredIdentity(account.id(), provider, subject,
                        email == null ? null : optionalEmail(email), now));
            } catch (BerthException e) {
                // a concurrent first sign-in of the same identity won: use its account, drop ours
                store.purgeAccount(account.id());
                if (e.errorCode() != ErrorCode.IDENTITY_LINKED) {
                    throw e;
                }
                account = store.findIdentity(provider, subject).flatMap(i -> accounts.findAccount(i.account()))
                        .orElseThrow(() -> e);
            }
            LOG.info("sign-in: account {} created for a {} identity", account.name(), provider);
        }
        return openSession(enabled(account));
    }

    /**
     * Links a provider identity to a signed-in account.
     *
     * @throws BerthException IDENTITY_LINKED when it belongs to another account (linking it to its own account
     *                        again is a no-op), ACCOUNT_NOT_FOUND, INVALID_REQUEST
     */
    public void linkIdentity(AccountId account, String provider, String subject) {
        requireNonNull(account, "account is null");
        checkIdentity(provider, subject);
        Optional<SignInStore.StoredIdentity> linked = store.findIdentity(provider, subject);
        if (linked.isPresent()) {
            if (linked.get().account().equals(account)) {
                return;
            }
            throw new BerthException(ErrorCode.IDENTITY_LINKED, "the " + provider
                    + " identity is linked to another account");
        }
        store.insertIdentity(new SignInStore.StoredIdentity(account, provider, subject, null, clock.instant()));
    }

    /** The provider identities of an account, oldest first. */
    public List<Identity> identities(AccountId account) {
        requireNonNull(account, "account is null");
        return store.identities(account).stream()
                .map(i -> new Identity(i.provider(), i.subject(), i.email(), i.linkedAt())).toList();
    }

    /**
     * A fresh login token for a signed-in account, to go to {@code site}.
     *
     * @param site a configured site's name; null for the default site
     * @throws BerthException SITE_NOT_FOUND, ACCOUNT_NOT_FOUND, ACCOUNT_DISABLED
     */
    public Handoff handoff(AccountId account, String site) {
        requireNonNull(account, "account is null");
        String siteName = siteName(site);
        Account found = enabled(accounts.findAccount(account)
                .orElseThrow(() -> new BerthException(ErrorCode.ACCOUNT_NOT_FOUND, "no account " + account)));
        return issueToken(found, siteName);
    }

    /**
     * Redeems a login token for the site that authenticated: atomic and single use, so of two concurrent redeems
     * of one token exactly one succeeds.
     *
     * @throws BerthException TOKEN_INVALID for an unknown, used or expired token or one meant for another site;
     *                        ACCOUNT_DISABLED
     */
    public Redeemed redeem(String siteName, String token) {
        requireNonNull(siteName, "siteName is null");
        if (!Secrets.plausible(token)) {
            throw tokenInvalid();
        }
        Instant now = clock.instant();
        AccountId id = store.useLoginToken(Secrets.hash(token), siteName, now).orElseThrow(SignInService::tokenInvalid);
        Account account = enabled(accounts.findAccount(id).orElseThrow(SignInService::tokenInvalid));
        store.touchAccount(id, now);
        LevelQuotas quotas = levels.quotasFor(account.level());
        ResourcePackage pkg = bookings.packageNamed(quotas.defaultPackage());
        return new Redeemed(account, quotas, pkg, quotas.environment(pkg));
    }

    /**
     * The session of a session id when it is live (neither idle nor past its absolute limit) and its account is
     * enabled; touches it, extending its idle limit (recorded at most once a minute).
     */
    public Optional<SignedIn> session(String sessionId) {
        if (!Secrets.plausible(sessionId)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String hash = Secrets.hash(sessionId);
        Optional<SignInStore.Session> found = store.findSession(hash, now);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        SignInStore.Session session = found.get();
        Optional<Account> account = accounts.findAccount(session.account()).filter(a -> !a.isDisabled());
        if (account.isEmpty()) {
            return Optional.empty();
        }
        Instant expiresAt = session.expiresAt();
        if (Duration.between(session.lastSeenAt(), now).compareTo(TOUCH_INTERVAL) >= 0) {
            expiresAt = earlier(now.plus(settings.sessionIdle()), session.absoluteExpiresAt());
            store.touchSession(hash, now, expiresAt);
            if (account.get().trial()) {
                store.touchAccount(account.get().id(), now);
            }
        }
        return Optional.of(new SignedIn(account.get(), sessionId, expiresAt));
    }

    /**
     * Opens a session for an account the caller has just authenticated by other means: a trial account right
     * after {@link #tryIt} (so that it can log out, upgrade by registering, and is kept while the session lives), or
     * an account whose provider sign-in the web layer completed.
     *
     * @throws BerthException ACCOUNT_NOT_FOUND, ACCOUNT_DISABLED
     */
    public SignedIn openSession(AccountId account) {
        requireNonNull(account, "account is null");
        return openSession(enabled(accounts.findAccount(account)
                .orElseThrow(() -> new BerthException(ErrorCode.ACCOUNT_NOT_FOUND, "no account " + account))));
    }

    /** Ends a session (no-op for an unknown one). A trial account's data is then deleted by the cleanup job. */
    public void logout(String sessionId) {
        if (!Secrets.plausible(sessionId)) {
            return;
        }
        String hash = Secrets.hash(sessionId);
        Optional<SignInStore.Session> session = store.findSession(hash, Instant.EPOCH);
        store.deleteSession(hash);
        session.flatMap(s -> accounts.findAccount(s.account())).filter(Account::trial).ifPresent(trial -> {
            markForDeletion(trial);
            LOG.info("sign-in: trial account {} logged out; it will be deleted", trial.name());
        });
    }

    /**
     * Changes one's own profile: the display name at once; a new email address when the link mailed to it is
     * followed (see {@link #confirm}). When the new address belongs to another account, its owner is told by mail
     * and nothing changes (the answer does not say so).
     *
     * @return the account as it is now
     * @throws BerthException INVALID_REQUEST (also for an address change of a trial account, which registers
     *                        instead), ACCOUNT_NOT_FOUND, TOO_MANY_ATTEMPTS
     */
    public Account updateProfile(AccountId account, ProfileUpdate update) {
        requireNonNull(account, "account is null");
        requireNonNull(update, "update is null");
        Account current = accounts.findAccount(account)
                .orElseThrow(() -> new BerthException(ErrorCode.ACCOUNT_NOT_FOUND, "no account " + account));
        String newEmail = update.email() == null ? null : checkedEmail(update.email());
        if (newEmail != null && current.trial()) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "a trial account gets an email address by registering");
        }
        if (update.displayName() != null) {
            String displayName = Account.checkDisplayName(update.displayName());
            current = accounts.updateAccount(current.withDisplayName(displayName))
                    .orElseThrow(() -> new BerthException(ErrorCode.ACCOUNT_NOT_FOUND, "no account " + account));
        }
        if (newEmail != null && !newEmail.equals(current.email())) {
            throttle.acquire("email:" + account);
            if (accounts.findAccountByEmail(newEmail).isPresent()) {
                mailAlreadyRegistered(newEmail);
            } else {
                String code = newCode(account, Purpose.EMAIL, newEmail, clock.instant());
                mailer.send(new Mailer.Mail(newEmail, "Confirm your new email address", "Hello,\n\n"
                        + "To make this the address of your account, follow this link within "
                        + minutes(settings.linkLifetime()) + ":\n\n" + link("confirm", code) + "\n\n"
                        + "If you did not ask for it, ignore this mail.\n"));
            }
        }
        return current;
    }

    /**
     * Changes one's password after checking the current one, and ends the account's sessions (all of them: the
     * caller keeps only the session it uses, see {@link #changePassword(AccountId, char[], char[], String)}).
     *
     * @throws BerthException INVALID_CREDENTIALS for a wrong current password (or an account without one: reset
     *                        sets a first password), WEAK_PASSWORD, TOO_MANY_ATTEMPTS
     */
    public void changePassword(AccountId account, char[] current, char[] next) {
        changePassword(account, current, next, null);
    }

    /** As {@link #changePassword(AccountId, char[], char[])}, keeping the session {@code keepSessionId} open. */
    public void changePassword(AccountId account, char[] current, char[] next, String keepSessionId) {
        requireNonNull(account, "account is null");
        if (current == null) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "the current password is required");
        }
        Passwords.checkNew(next);
        String key = "password:" + account;
        throttle.check(key);
        Optional<String> hash = store.passwordHash(account);
        if (!(passwords.verify(current, hash.orElseGet(passwords::decoy)) && hash.isPresent())) {
            throttle.record(key);
            throw new BerthException(ErrorCode.INVALID_CREDENTIALS, "the current password is wrong");
        }
        throttle.reset(key);
        store.setPassword(account, passwords.hash(next), clock.instant());
        store.deleteSessions(account, Secrets.plausible(keepSessionId) ? Secrets.hash(keepSessionId) : null);
    }

    /**
     * Deletes an account: it can no longer sign in at once (it is disabled and its sessions end); REMOVE commands
     * go to its active deployments, and the cleanup job deletes the account once they are removed.
     *
     * @throws BerthException ACCOUNT_NOT_FOUND
     */
    public void deleteAccount(AccountId account) {
        requireNonNull(account, "account is null");
        Account found = accounts.findAccount(account)
                .orElseThrow(() -> new BerthException(ErrorCode.ACCOUNT_NOT_FOUND, "no account " + account));
        markForDeletion(found);
        LOG.info("sign-in: account {} deleted; its deployments are removed and then the account purged",
                found.name());
    }

    /** Whether the account is a transient "give it a try" account. */
    public boolean isTrial(AccountId account) {
        requireNonNull(account, "account is null");
        return accounts.findAccount(account).map(Account::trial).orElse(false);
    }

    /** The warning a trial account sees before logging out; empty for other accounts. */
    public Optional<String> logoutWarning(AccountId account) {
        return isTrial(account) ? Optional.of(TRIAL_WARNING) : Optional.empty();
    }

    /** The names and URLs of the notebook sites, the default first. */
    public java.util.Map<String, URI> sites() {
        return settings.effectiveSites();
    }

    // ---- for the maintenance job

    SignInStore store() {
        return store;
    }

    Stores stores() {
        return stores;
    }

    CommandService commands() {
        return commands;
    }

    BookingService bookings() {
        return bookings;
    }

    Clock clock() {
        return clock;
    }

    Throttle throttle() {
        return throttle;
    }

    // ---- helpers

    private void markForDeletion(Account account) {
        Instant now = clock.instant();
        if (!account.isDisabled()) {
            accounts.updateAccount(account.withDisabledAt(now));
        }
        store.markForDeletion(account.id(), now);
        store.deleteSessions(account.id(), null);
    }

    private Handoff issueToken(Account account, String siteName) {
        URI url = settings.effectiveSites().get(siteName);
        String token = Secrets.generate();
        Instant now = clock.instant();
        store.insertLoginToken(new SignInStore.LoginToken(Secrets.hash(token), account.id(), siteName, now,
                now.plus(settings.loginTokenLifetime())));
        String base = url.toString();
        URI redirect = URI.create(base + (url.getRawQuery() == null ? "?" : "&") + "token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8));
        return new Handoff(account, token, redirect);
    }

    private SignedIn openSession(Account account) {
        String id = Secrets.generate();
        Instant now = clock.instant();
        Instant absolute = now.plus(settings.sessionAbsolute());
        Instant expiresAt = earlier(now.plus(settings.sessionIdle()), absolute);
        store.insertSession(new SignInStore.Session(Secrets.hash(id), account.id(), now, now, expiresAt, absolute));
        if (account.trial()) {
            store.touchAccount(account.id(), now);
        }
        return new SignedIn(account, id, expiresAt);
    }

    private String newCode(AccountId account, Purpose purpose, String email, Instant now) {
        String code = Secrets.generate();
        store.insertCode(new LinkCode(Secrets.hash(code), account, purpose, email, now,
                now.plus(settings.linkLifetime())));
        return code;
    }

    private LinkCode spend(String code, EnumSet<Purpose> purposes) {
        if (!Secrets.plausible(code)) {
            throw Secrets.codeInvalid();
        }
        return store.useCode(Secrets.hash(code), purposes, clock.instant()).orElseThrow(Secrets::codeInvalid);
    }

    private void mailAlreadyRegistered(String address) {
        mailer.send(new Mailer.Mail(address, "You already have an account", "Hello,\n\n"
                + "Someone (we hope you) tried to register this address, but you already have an account with it."
                + "\n\nLog in at " + page("login") + ", or if you forgot your password, reset it at "
                + page("reset") + ".\n\nIf it was not you, ignore this mail: nothing has changed.\n"));
    }

    private String link(String page, String code) {
        return page(page) + "?code=" + URLEncoder.encode(code, StandardCharsets.UTF_8);
    }

    private String page(String page) {
        String base = settings.publicUrl().toString();
        return (base.endsWith("/") ? base : base + "/") + page;
    }

    private String siteName(String site) {
        if (site == null || site.isBlank()) {
            return settings.defaultSite();
        }
        if (!settings.effectiveSites().containsKey(site)) {
            throw new BerthException(ErrorCode.SITE_NOT_FOUND, "no notebook site named '"
                    + (site.length() > 64 ? site.substring(0, 64) + "..." : site) + "'");
        }
        return site;
    }

    private Account insertNamed(String prefix, java.util.function.Function<String, Account> make) {
        for (int attempt = 0; ; attempt++) {
            Account account = make.apply(prefix + Secrets.base32(NAME_RANDOM_LENGTH));
            try {
                accounts.insertAccount(account);
                return account;
            } catch (BerthException e) {
                // 50 random bits rarely collide; a taken email address is the caller's to handle
                if (e.errorCode() != ErrorCode.ACCOUNT_EXISTS || attempt >= 3
                        || accounts.findAccountByName(account.name()).isEmpty()) {
                    throw e;
                }
            }
        }
    }

    private static Account enabled(Account account) {
        if (account.isDisabled()) {
            throw new BerthException(ErrorCode.ACCOUNT_DISABLED, "this account is disabled");
        }
        return account;
    }

    private static String checkedEmail(String email) {
        if (email == null || email.isBlank()) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "email is required");
        }
        return Account.checkEmail(email.strip());
    }

    private static String optionalEmail(String email) {
        try {
            return Account.checkEmail(email.strip());
        } catch (BerthException e) {
            return null;
        }
    }

    private static void checkIdentity(String provider, String subject) {
        if (provider == null || provider.isBlank() || provider.length() > Identity.MAX_LENGTH
                || subject == null || subject.isBlank() || subject.length() > Identity.MAX_LENGTH) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "a provider identity needs a provider and a subject"
                    + " of 1-" + Identity.MAX_LENGTH + " characters");
        }
    }

    private static String ipKey(String action, String clientIp) {
        return clientIp == null || clientIp.isBlank() ? null : action + "-ip:" + clientIp.toLowerCase(Locale.ROOT);
    }

    private static BerthException tokenInvalid() {
        return new BerthException(ErrorCode.TOKEN_INVALID, "the login token is unknown, used, expired or meant for"
                + " another site");
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static String minutes(Duration duration) {
        long minutes = Math.max(1, duration.toMinutes());
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }
}
