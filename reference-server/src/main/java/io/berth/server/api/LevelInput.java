package io.berth.server.api;

import io.berth.core.account.LevelQuotas;

/**
 * The body of {@code PUT /levels/{level}}: a level as {@code GET /levels} shows it. {@code level} may be left out
 * and must otherwise match the path; {@code retention.transientAccount} is derived and ignored.
 */
public record LevelInput(Integer level, QuotaInput notebooks, QuotaInput savedData, QuotaInput tempData,
        RetentionInput retention, String defaultPackage) {

    /** At most {@code maxCount} items of at most {@code maxSizeMiB} each. */
    public record QuotaInput(Integer maxCount, Long maxSizeMiB) {
        LevelQuotas.StorageQuota toDomain(String field) {
            if (maxCount == null || maxSizeMiB == null) {
                throw Fields.invalid(field + " needs maxCount and maxSizeMiB");
            }
            return new LevelQuotas.StorageQuota(maxCount, maxSizeMiB);
        }
    }

    /** Days and months; null months mean kept permanently. */
    public record RetentionInput(Integer tempDataDays, Integer savedDataMonths, Integer notebookMonths,
            Boolean transientAccount) {
    }

    /**
     * The quotas of {@code pathLevel}.
     *
     * @throws io.berth.core.error.BerthException INVALID_REQUEST for a missing part, a negative number or a level
     *                                            other than the path's
     */
    public LevelQuotas toDomain(int pathLevel) {
        if (level != null && level != pathLevel) {
            throw Fields.invalid("the body is for level " + level + " but the path names level " + pathLevel);
        }
        if (notebooks == null || savedData == null || tempData == null || retention == null
                || defaultPackage == null) {
            throw Fields.invalid("a level needs notebooks, savedData, tempData, retention and defaultPackage");
        }
        if (retention.tempDataDays() == null) {
            throw Fields.invalid("retention needs tempDataDays");
        }
        return new LevelQuotas(pathLevel, notebooks.toDomain("notebooks"), savedData.toDomain("savedData"),
                tempData.toDomain("tempData"), new LevelQuotas.Retention(retention.tempDataDays(),
                retention.savedDataMonths(), retention.notebookMonths()), defaultPackage);
    }
}
