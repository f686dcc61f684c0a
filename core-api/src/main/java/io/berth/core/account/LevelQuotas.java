package io.berth.core.account;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;

import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * What an account level may keep, and for how long.
 *
 * @param level          the level these apply to (and to the levels above it, up to the next configured one)
 * @param notebooks      how many notebooks, of what size each
 * @param savedData      how many saved data files, of what size each (level 0 has none)
 * @param tempData       how many files under /temp, of what size each
 * @param retention      when notebooks and data are deleted
 * @param defaultPackage the resource package an account of this level runs in unless it booked another
 */
public record LevelQuotas(int level, StorageQuota notebooks, StorageQuota savedData, StorageQuota tempData,
                          Retention retention, String defaultPackage) {
    public LevelQuotas {
        Account.checkLevel(level);
        requireNonNull(notebooks, "notebooks is null");
        requireNonNull(savedData, "savedData is null");
        requireNonNull(tempData, "tempData is null");
        requireNonNull(retention, "retention is null");
        requireNonNull(defaultPackage, "defaultPackage is null");
    }

    /** At most {@code maxCount} items of at most {@code maxSizeMiB} each. */
    public record StorageQuota(int maxCount, long maxSizeMiB) {
        public static final StorageQuota NONE = new StorageQuota(0, 0);

        public StorageQuota {
            if (maxCount < 0 || maxSizeMiB < 0) {
                throw new BerthException(ErrorCode.INVALID_REQUEST, "a quota must not be negative: " + maxCount + " x "
                        + maxSizeMiB + " MiB");
            }
        }
    }

    /**
     * When things are deleted. {@code 0} means on exit (at logout or when the session expires); {@code null} for
     * months means kept permanently.
     *
     * @param tempDataDays    days after which files under /temp are deleted
     * @param savedDataMonths months after which saved data is deleted; null: kept
     * @param notebookMonths  months after which notebooks are deleted; null: kept
     */
    public record Retention(int tempDataDays, Integer savedDataMonths, Integer notebookMonths) {
        public Retention {
            if (tempDataDays < 0 || savedDataMonths != null && savedDataMonths < 0
                    || notebookMonths != null && notebookMonths < 0) {
                throw new BerthException(ErrorCode.INVALID_REQUEST, "retention must not be negative");
            }
        }

        /** Whether everything is deleted when the session ends: the transient level 0. */
        public boolean isTransient() {
            return tempDataDays == 0 && Integer.valueOf(0).equals(notebookMonths);
        }
    }

    /**
     * The environment variables a notebook of this level carries, so that it can check its quotas (the seed's
     * {@code resources.*} names plus {@code quota.*}); the package's own variables come from
     * {@link #environment(io.berth.core.resource.ResourcePackage)}.
     */
    public Map<String, String> environment(io.berth.core.resource.ResourcePackage pkg) {
        requireNonNull(pkg, "pkg is null");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("account.level", Integer.toString(level));
        env.put("resources.package", pkg.name());
        env.put("resources.worker.cores", cores(pkg.notebookWorker().milliCores()));
        env.put("resources.worker.memory", Long.toString(pkg.notebookWorker().memoryMiB()));
        env.put("resources.spark.worker.cores", cores(pkg.sparkWorker().milliCores()));
        env.put("resources.spark.worker.memory", Long.toString(pkg.sparkWorker().memoryMiB()));
        env.put("resources.disk", Long.toString(pkg.localDiskGiB()));
        env.put("quota.notebooks.count", Integer.toString(notebooks.maxCount()));
        env.put("quota.notebooks.size", Long.toString(notebooks.maxSizeMiB()));
        env.put("quota.saved.count", Integer.toString(savedData.maxCount()));
        env.put("quota.saved.size", Long.toString(savedData.maxSizeMiB()));
        env.put("quota.temp.count", Integer.toString(tempData.maxCount()));
        env.put("quota.temp.size", Long.toString(tempData.maxSizeMiB()));
        env.put("retention.temp.days", Integer.toString(retention.tempDataDays()));
        env.put("retention.saved.months", retention.savedDataMonths() == null ? "keep"
                : Integer.toString(retention.savedDataMonths()));
        env.put("retention.notebooks.months", retention.notebookMonths() == null ? "keep"
                : Integer.toString(retention.notebookMonths()));
        return env;
    }

    /** Whole cores as a whole number, fractions with their decimals: {@code 2}, {@code 0.5}. */
    private static String cores(long milliCores) {
        return milliCores % 1000 == 0 ? Long.toString(milliCores / 1000)
                : java.math.BigDecimal.valueOf(milliCores, 3).stripTrailingZeros().toPlainString();
    }
}
