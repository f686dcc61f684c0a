package io.berth.core.account;

import io.berth.core.error.BerthException;
import io.berth.core.resource.ResourceLimits;
import io.berth.core.resource.ResourcePackage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccountLevelsTest {

    @Test
    void levelsWithoutAnEntryHaveThoseOfTheHighestBelow() {
        AccountLevels levels = AccountLevels.defaults();
        assertThat(levels.quotasFor(0).defaultPackage()).isEqualTo("tiny");
        assertThat(levels.quotasFor(0).retention().isTransient()).isTrue();
        assertThat(levels.quotasFor(0).savedData()).isEqualTo(LevelQuotas.StorageQuota.NONE);
        assertThat(levels.quotasFor(1).defaultPackage()).isEqualTo("small");
        assertThat(levels.quotasFor(1).retention().isTransient()).isFalse();
        assertThat(levels.quotasFor(7)).isEqualTo(levels.quotasFor(2));
        assertThat(levels.quotasFor(2).retention().notebookMonths()).isNull();
        assertThatThrownBy(() -> levels.quotasFor(100)).isInstanceOf(BerthException.class);
    }

    @Test
    void aLevelCanBeReplacedAndLevelZeroIsRequired() {
        LevelQuotas custom = new LevelQuotas(5, new LevelQuotas.StorageQuota(9, 9), LevelQuotas.StorageQuota.NONE,
                LevelQuotas.StorageQuota.NONE, new LevelQuotas.Retention(1, null, null), "large");
        AccountLevels levels = AccountLevels.defaults().with(custom);
        assertThat(levels.quotasFor(6)).isEqualTo(custom);
        assertThat(levels.quotasFor(4).defaultPackage()).isEqualTo("medium");
        assertThat(levels.levels()).extracting(LevelQuotas::level).containsExactly(0, 1, 2, 5);
        assertThatThrownBy(() -> new AccountLevels(List.of(custom))).isInstanceOf(BerthException.class)
                .hasMessageContaining("level 0");
        assertThatThrownBy(() -> new LevelQuotas.StorageQuota(-1, 0)).isInstanceOf(BerthException.class);
    }

    @Test
    void theNotebookEnvironmentCarriesThePackageAndTheQuotas() {
        LevelQuotas basic = AccountLevels.defaults().quotasFor(1);
        ResourcePackage small = ResourcePackage.standard().get(1);
        assertThat(basic.environment(small)).containsEntry("resources.package", "small")
                .containsEntry("resources.worker.cores", "2")
                .containsEntry("resources.worker.memory", "4096")
                .containsEntry("resources.spark.worker.cores", "2")
                .containsEntry("quota.notebooks.count", "50")
                .containsEntry("retention.temp.days", "7")
                .containsEntry("account.level", "1");
        ResourcePackage half = new ResourcePackage("half", new ResourceLimits(500, 512), new ResourceLimits(1500, 512),
                1, Map.of());
        assertThat(AccountLevels.defaults().quotasFor(2).environment(half))
                .containsEntry("resources.worker.cores", "0.5").containsEntry("resources.spark.worker.cores", "1.5")
                .containsEntry("retention.notebooks.months", "keep");
    }
}
