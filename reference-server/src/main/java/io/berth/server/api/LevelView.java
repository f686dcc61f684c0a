package io.berth.server.api;

import io.berth.core.account.LevelQuotas;

/**
 * The quotas of an account level. {@code 0} for a retention means on exit; null months mean kept permanently.
 */
public record LevelView(int level, Quota notebooks, Quota savedData, Quota tempData, Retention retention,
                        String defaultPackage) {

    public record Quota(int maxCount, long maxSizeMiB) {
        static Quota of(LevelQuotas.StorageQuota quota) {
            return new Quota(quota.maxCount(), quota.maxSizeMiB());
        }
    }

    public record Retention(int tempDataDays, Integer savedDataMonths, Integer notebookMonths, boolean transientAccount) {
    }

    public static LevelView of(LevelQuotas quotas) {
        LevelQuotas.Retention retention = quotas.retention();
        return new LevelView(quotas.level(), Quota.of(quotas.notebooks()), Quota.of(quotas.savedData()),
                Quota.of(quotas.tempData()), new Retention(retention.tempDataDays(), retention.savedDataMonths(),
                retention.notebookMonths(), retention.isTransient()), quotas.defaultPackage());
    }
}
