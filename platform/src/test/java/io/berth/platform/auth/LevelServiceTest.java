package io.berth.platform.auth;

import io.berth.core.account.AccountLevels;
import io.berth.core.account.LevelQuotas;
import io.berth.core.account.Principal;
import io.berth.core.account.Role;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.testing.InMemoryStores;
import io.berth.platform.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LevelServiceTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final InMemoryStores stores = new InMemoryStores();
    private final AccountService accounts = new AccountService(stores, clock);
    private final Principal root = accounts.authenticate(accounts.bootstrapAdmin("admin").orElseThrow().apiKey());
    private final Principal alice = accounts.authenticate(accounts.createAccount(root, "alice", Role.USER).apiKey());
    private final LevelService levels = new LevelService(AccountLevels.defaults(), stores, name -> {
        if (!Set.of("tiny", "small", "medium").contains(name)) {
            throw new BerthException(ErrorCode.PACKAGE_NOT_FOUND, "no package named '" + name + "'");
        }
    }, clock);

    private static LevelQuotas quotas(int level, int notebooks, String pkg) {
        return new LevelQuotas(level, new LevelQuotas.StorageQuota(notebooks, 1024), LevelQuotas.StorageQuota.NONE,
                new LevelQuotas.StorageQuota(3, 100), new LevelQuotas.Retention(1, 2, null), pkg);
    }

    @Test
    void anOverrideReplacesTheConfiguredLevelUntilItIsReset() {
        LevelQuotas configured = AccountLevels.defaults().quotasFor(1);
        levels.set(root, quotas(1, 5, "medium"));
        assertThat(levels.current().quotasFor(1)).isEqualTo(quotas(1, 5, "medium"));
        assertThat(levels.current().quotasFor(0)).isEqualTo(AccountLevels.defaults().quotasFor(0));
        assertThat(levels.reset(root, 1)).isEqualTo(configured);
        assertThat(levels.current().quotasFor(1)).isEqualTo(configured);
        // resetting again changes nothing
        assertThat(levels.reset(root, 1)).isEqualTo(configured);
    }

    @Test
    void aNewLevelEntryIsFollowedByTheLevelsAboveIt() {
        levels.set(root, quotas(5, 7, "small"));
        assertThat(levels.current().quotasFor(4)).isEqualTo(AccountLevels.defaults().quotasFor(2));
        assertThat(levels.current().quotasFor(5).notebooks().maxCount()).isEqualTo(7);
        assertThat(levels.current().quotasFor(9).notebooks().maxCount()).isEqualTo(7);
        assertThat(levels.current().levels()).extracting(LevelQuotas::level).containsExactly(0, 1, 2, 5);
    }

    @Test
    void onlyAdminsSetLevelsAndThePackageMustExist() {
        assertThatThrownBy(() -> levels.set(alice, quotas(1, 5, "small")))
                .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThatThrownBy(() -> levels.reset(alice, 1))
                .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThatThrownBy(() -> levels.set(root, quotas(1, 5, "huge")))
                .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.PACKAGE_NOT_FOUND));
        assertThat(levels.current().quotasFor(1)).isEqualTo(AccountLevels.defaults().quotasFor(1));
    }
}
