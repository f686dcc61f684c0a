package io.berth.core.account;

import io.berth.core.error.Checks;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * Someone who owns deployments, bookings and issues commands.
 *
 * @param level the account level: 0 anonymous ("give it a try"), 1 basic, 2 and above custom ("level-n");
 *              it decides what the account may book and use
 */
public record Account(AccountId id, String name, Role role, int level, Instant created) {
    /** The level of an account created without one. */
    public static final int DEFAULT_LEVEL = 1;
    /** The highest level; levels above the highest configured policy share that policy. */
    public static final int MAX_LEVEL = 99;

    public Account {
        requireNonNull(id, "id is null");
        Checks.name(name, "account.name");
        requireNonNull(role, "role is null");
        checkLevel(level);
        requireNonNull(created, "created is null");
    }

    /** An account of the {@link #DEFAULT_LEVEL}. */
    public Account(AccountId id, String name, Role role, Instant created) {
        this(id, name, role, DEFAULT_LEVEL, created);
    }

    public Account withLevel(int newLevel) {
        return new Account(id, name, role, newLevel, created);
    }

    /** @throws io.berth.core.error.BerthException INVALID_REQUEST unless 0 &le; level &le; {@link #MAX_LEVEL} */
    public static int checkLevel(int level) {
        if (level < 0 || level > MAX_LEVEL) {
            throw new io.berth.core.error.BerthException(io.berth.core.error.ErrorCode.INVALID_REQUEST,
                    "level must be between 0 and " + MAX_LEVEL + ", not " + level);
        }
        return level;
    }
}
