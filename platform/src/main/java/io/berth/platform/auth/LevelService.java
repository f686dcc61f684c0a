package io.berth.platform.auth;

import io.berth.core.account.Account;
import io.berth.core.account.AccountLevels;
import io.berth.core.account.LevelQuotas;
import io.berth.core.account.Principal;
import io.berth.platform.store.AccountStore;

import java.time.Clock;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * The quotas of account levels: the configured ones (defaults and {@code BERTH_LEVEL_<N>}) with the overrides
 * admins set at runtime. Overrides live in the store and are read on every call, so every server process that
 * shares the database sees a change at once.
 */
public final class LevelService {
    private final AccountLevels configured;
    private final AccountStore store;
    private final Consumer<String> packageCheck;
    private final Clock clock;

    /**
     * @param packageCheck throws {@link io.berth.core.error.BerthException} PACKAGE_NOT_FOUND for an unknown
     *                     package name
     */
    public LevelService(AccountLevels configured, AccountStore store, Consumer<String> packageCheck, Clock clock) {
        this.configured = requireNonNull(configured, "configured is null");
        this.store = requireNonNull(store, "store is null");
        this.packageCheck = requireNonNull(packageCheck, "packageCheck is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The levels in effect: the configured entries with the overrides in place of theirs. */
    public AccountLevels current() {
        AccountLevels levels = configured;
        for (LevelQuotas override : store.levelOverrides()) {
            levels = levels.with(override);
        }
        return levels;
    }

    /** The levels as configured, without overrides. */
    public AccountLevels configured() {
        return configured;
    }

    /**
     * Sets the quotas of a level (admin only), overriding its configured entry; a level without its own entry
     * gets one, which the levels above it up to the next entry then follow.
     *
     * @throws io.berth.core.error.BerthException FORBIDDEN, PACKAGE_NOT_FOUND for an unknown default package
     */
    public LevelQuotas set(Principal caller, LevelQuotas quotas) {
        AccountService.requireAdmin(caller);
        requireNonNull(quotas, "quotas is null");
        packageCheck.accept(quotas.defaultPackage());
        store.putLevelOverride(quotas, clock.instant());
        return quotas;
    }

    /**
     * Removes a level's override (admin only); nothing changes when it had none.
     *
     * @return the quotas that apply to the level now
     * @throws io.berth.core.error.BerthException FORBIDDEN, INVALID_REQUEST for a level out of range
     */
    public LevelQuotas reset(Principal caller, int level) {
        AccountService.requireAdmin(caller);
        Account.checkLevel(level);
        store.deleteLevelOverride(level);
        return current().quotasFor(level);
    }
}
