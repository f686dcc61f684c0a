package io.berth.core.account;

import io.berth.core.error.BerthException;
import io.berth.core.error.Checks;
import io.berth.core.error.ErrorCode;

import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Someone who owns deployments, bookings and issues commands.
 *
 * @param level the account level: 0 anonymous ("give it a try"), 1 basic, 2 and above custom ("level-n");
 *              it decides what the account may book and use
 * @param email where notifications go (offers of the access queue, ...), lower-cased; null when none is known
 * @param displayName    how the person wants to be called, at most {@link #MAX_DISPLAY_NAME_LENGTH} characters
 *                       without control characters; null when not given
 * @param trial          a "give it a try" account: transient, deleted with everything it owns when its session
 *                       ends, until it registers
 * @param emailConfirmed whether a mailed link proved that the {@code email} reaches the account's owner
 * @param disabledAt     when an admin disabled the account (it can then neither sign in nor use its API keys);
 *                       null while enabled
 */
public record Account(AccountId id, String name, Role role, int level, String email, Instant created,
                      String displayName, boolean trial, boolean emailConfirmed, Instant disabledAt) {
    /** The level of an account created without one. */
    public static final int DEFAULT_LEVEL = 1;
    /** The highest level; levels above the highest configured policy share that policy. */
    public static final int MAX_LEVEL = 99;
    /** RFC 5321's limit of a forward path. */
    public static final int MAX_EMAIL_LENGTH = 254;
    /** The longest display name. */
    public static final int MAX_DISPLAY_NAME_LENGTH = 100;
    /**
     * One {@code @}, a local part of printable characters without spaces, and a domain of dot-separated labels:
     * deliberately plain, since only a confirmation mail can prove an address.
     */
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

    public Account {
        requireNonNull(id, "id is null");
        Checks.name(name, "account.name");
        requireNonNull(role, "role is null");
        checkLevel(level);
        if (email != null) {
            email = checkEmail(email);
        }
        requireNonNull(created, "created is null");
        if (displayName != null) {
            displayName = checkDisplayName(displayName);
        }
    }

    /** An enabled, non-trial account without a display name and with an unconfirmed email address. */
    public Account(AccountId id, String name, Role role, int level, String email, Instant created) {
        this(id, name, role, level, email, created, null, false, false, null);
    }

    /** An account without an email address. */
    public Account(AccountId id, String name, Role role, int level, Instant created) {
        this(id, name, role, level, null, created);
    }

    /** An account of the {@link #DEFAULT_LEVEL} without an email address. */
    public Account(AccountId id, String name, Role role, Instant created) {
        this(id, name, role, DEFAULT_LEVEL, null, created);
    }

    public Account withLevel(int newLevel) {
        return new Account(id, name, role, newLevel, email, created, displayName, trial, emailConfirmed, disabledAt);
    }

    /** This account with another (unconfirmed) address. */
    public Account withEmail(String newEmail) {
        return new Account(id, name, role, level, newEmail, created, displayName, trial, false, disabledAt);
    }

    public Account withDisplayName(String newDisplayName) {
        return new Account(id, name, role, level, email, created, newDisplayName, trial, emailConfirmed, disabledAt);
    }

    public Account withEmailConfirmed(boolean confirmed) {
        return new Account(id, name, role, level, email, created, displayName, trial, confirmed, disabledAt);
    }

    public Account withTrial(boolean newTrial) {
        return new Account(id, name, role, level, email, created, displayName, newTrial, emailConfirmed, disabledAt);
    }

    public Account withDisabledAt(Instant newDisabledAt) {
        return new Account(id, name, role, level, email, created, displayName, trial, emailConfirmed, newDisabledAt);
    }

    /** Whether an admin disabled this account. */
    public boolean isDisabled() {
        return disabledAt != null;
    }

    /**
     * The name stripped of surrounding white space; empty means none (null).
     *
     * @throws BerthException INVALID_REQUEST for one longer than {@link #MAX_DISPLAY_NAME_LENGTH} characters or with
     *                        control characters
     */
    public static String checkDisplayName(String displayName) {
        requireNonNull(displayName, "displayName is null");
        String stripped = displayName.strip();
        if (stripped.codePointCount(0, stripped.length()) > MAX_DISPLAY_NAME_LENGTH) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "a display name has at most "
                    + MAX_DISPLAY_NAME_LENGTH + " characters");
        }
        if (stripped.codePoints().anyMatch(Character::isISOControl)) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "a display name must not contain control characters");
        }
        return stripped.isEmpty() ? null : stripped;
    }

    /** @throws BerthException INVALID_REQUEST unless 0 &le; level &le; {@link #MAX_LEVEL} */
    public static int checkLevel(int level) {
        if (level < 0 || level > MAX_LEVEL) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "level must be between 0 and " + MAX_LEVEL + ", not "
                    + level);
        }
        return level;
    }

    /**
     * The address lower-cased.
     *
     * @throws BerthException INVALID_REQUEST for a malformed or over-long address
     */
    public static String checkEmail(String email) {
        requireNonNull(email, "email is null");
        if (email.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(email).matches()) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "not an email address: '"
                    + (email.length() > 60 ? email.substring(0, 60) + "..." : email) + "'");
        }
        return email.toLowerCase(Locale.ROOT);
    }
}
