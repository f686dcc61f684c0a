package io.berth.store.jpa;

import io.berth.core.account.LevelQuotas;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "level_quota")
class LevelQuotaEntity {
    static final int MAX_PACKAGE = 64;

    @Id
    @Column(name = "level", nullable = false)
    int level;

    @Column(name = "notebooks_count", nullable = false)
    int notebooksCount;

    @Column(name = "notebooks_size_mib", nullable = false)
    long notebooksSizeMiB;

    @Column(name = "saved_count", nullable = false)
    int savedCount;

    @Column(name = "saved_size_mib", nullable = false)
    long savedSizeMiB;

    @Column(name = "temp_count", nullable = false)
    int tempCount;

    @Column(name = "temp_size_mib", nullable = false)
    long tempSizeMiB;

    @Column(name = "temp_days", nullable = false)
    int tempDays;

    @Column(name = "saved_months")
    Integer savedMonths;

    @Column(name = "notebook_months")
    Integer notebookMonths;

    @Column(name = "default_package", nullable = false, length = MAX_PACKAGE)
    String defaultPackage;

    @Column(name = "updated", nullable = false)
    Instant updated;

    LevelQuotaEntity() {
    }

    void set(LevelQuotas quotas, Instant at) {
        level = quotas.level();
        notebooksCount = quotas.notebooks().maxCount();
        notebooksSizeMiB = quotas.notebooks().maxSizeMiB();
        savedCount = quotas.savedData().maxCount();
        savedSizeMiB = quotas.savedData().maxSizeMiB();
        tempCount = quotas.tempData().maxCount();
        tempSizeMiB = quotas.tempData().maxSizeMiB();
        tempDays = quotas.retention().tempDataDays();
        savedMonths = quotas.retention().savedDataMonths();
        notebookMonths = quotas.retention().notebookMonths();
        defaultPackage = quotas.defaultPackage();
        updated = Times.stored(at);
    }

    LevelQuotas toDomain() {
        return new LevelQuotas(level, new LevelQuotas.StorageQuota(notebooksCount, notebooksSizeMiB),
                new LevelQuotas.StorageQuota(savedCount, savedSizeMiB), new LevelQuotas.StorageQuota(tempCount, tempSizeMiB),
                new LevelQuotas.Retention(tempDays, savedMonths, notebookMonths), defaultPackage);
    }
}
