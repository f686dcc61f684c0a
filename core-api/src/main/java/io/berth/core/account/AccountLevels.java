package io.berth.core.account;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The quotas of every account level. A level without its own entry has those of the highest configured level
 * below it, so "level-n" is the highest entry and every level above it. Immutable.
 */
public final class AccountLevels {
    private final NavigableMap<Integer, LevelQuotas> byLevel;

    /** @throws BerthException INVALID_REQUEST without a level 0 entry, or with two entries for one level */
    public AccountLevels(Collection<LevelQuotas> levels) {
        TreeMap<Integer, LevelQuotas> map = new TreeMap<>();
        for (LevelQuotas quotas : levels) {
            if (map.put(quotas.level(), quotas) != null) {
                throw new BerthException(ErrorCode.INVALID_REQUEST, "two quota entries for level " + quotas.level());
            }
        }
        if (!map.containsKey(0)) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "the quotas of level 0 are missing");
        }
        this.byLevel = map;
    }

    /**
     * The defaults of the account manager:
     * <ul>
     *   <li>level 0 (anonymous, transient): 5 notebooks of 10 MiB, no saved data, 20 files of 100 MiB under
     *       /temp, everything deleted on exit, the tiny package;</li>
     *   <li>level 1 (basic): 50 notebooks of 50 MiB, 100 saved files of 1 GiB, 200 files of 1 GiB under /temp;
     *       /temp kept 7 days, saved data 6 months, notebooks 12 months; the small package;</li>
     *   <li>level 2 and above (level-n): 500 notebooks of 200 MiB, 1000 saved files of 10 GiB, 1000 files of
     *       10 GiB under /temp; /temp kept 30 days, saved data 12 months, notebooks kept; the medium package.</li>
     * </ul>
     */
    public static AccountLevels defaults() {
        return new AccountLevels(List.of(
                new LevelQuotas(0, new LevelQuotas.StorageQuota(5, 10), LevelQuotas.StorageQuota.NONE,
                        new LevelQuotas.StorageQuota(20, 100), new LevelQuotas.Retention(0, 0, 0), "tiny"),
                new LevelQuotas(1, new LevelQuotas.StorageQuota(50, 50), new LevelQuotas.StorageQuota(100, 1024),
                        new LevelQuotas.StorageQuota(200, 1024), new LevelQuotas.Retention(7, 6, 12), "small"),
                new LevelQuotas(2, new LevelQuotas.StorageQuota(500, 200), new LevelQuotas.StorageQuota(1000, 10240),
                        new LevelQuotas.StorageQuota(1000, 10240), new LevelQuotas.Retention(30, 12, null), "medium")));
    }

    /** The configured entries, by level. */
    public List<LevelQuotas> levels() {
        return List.copyOf(byLevel.values());
    }

    /** The quotas that apply to {@code level}. */
    public LevelQuotas quotasFor(int level) {
        Account.checkLevel(level);
        Map.Entry<Integer, LevelQuotas> entry = byLevel.floorEntry(level);
        return entry.getValue();
    }

    /** These levels with {@code replacement} instead of the entry of its level. */
    public AccountLevels with(LevelQuotas replacement) {
        TreeMap<Integer, LevelQuotas> map = new TreeMap<>(byLevel);
        map.put(replacement.level(), replacement);
        return new AccountLevels(map.values());
    }
}
