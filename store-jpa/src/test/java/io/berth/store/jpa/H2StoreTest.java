package io.berth.store.jpa;

import io.berth.core.catalog.ServicePlan;
import io.berth.core.error.ErrorCode;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class H2StoreTest extends StoreContractTest {
    /** Static: an instance field is injected only after the store of the class is opened. */
    @TempDir
    static Path dataDir;

    @Override
    StoreSettings settings() {
        return StoreSettings.h2File(dataDir);
    }

    @Test
    void reopeningTheFileKeepsTheDataAndMigratesNothing(@TempDir Path dir) {
        StoreSettings settings = StoreSettings.h2File(dir);
        ServicePlan plan = Fixtures.plan("notebook");
        try (JpaStores first = JpaStores.open(settings)) {
            first.catalog().insertPlan(plan);
        }
        assertThat(dir.resolve("berth.mv.db")).isRegularFile();

        try (JpaStores again = JpaStores.open(settings)) {
            assertThat(again.catalog().findPlan(plan.id())).contains(plan);
        }
        try (JpaStores third = JpaStores.open(settings)) {
            assertThat(third.catalog().listPlans()).containsExactly(plan);
        }

        Flyway flyway = Flyway.configure()
                .dataSource(settings.jdbcUrl(), settings.user(), settings.password())
                .locations("classpath:db/migration/h2")
                .load();
        flyway.validate();
        MigrationInfoService info = flyway.info();
        assertThat(info.pending()).isEmpty();
        assertThat(info.applied()).extracting(MigrationInfo::getState).containsOnly(MigrationState.SUCCESS);
        // versions may leave gaps (parallel work takes numbers in advance); the newest must be the current one
        assertThat(info.current().getVersion()).isEqualTo(java.util.Arrays.stream(info.all())
                .map(MigrationInfo::getVersion).max(Comparable::compareTo).orElseThrow());
    }

    @Test
    void aDataFolderThatIsAFileIsStoreUnavailable(@TempDir Path dir) throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("data"), "not a folder");

        assertCode(() -> JpaStores.open(StoreSettings.h2File(notAFolder)), ErrorCode.STORE_UNAVAILABLE);
    }

    @Test
    void h2FileSettingsNameTheFileAndItsOptions() {
        StoreSettings settings = StoreSettings.h2File(Path.of("/var/lib/berth"));

        assertThat(settings.jdbcUrl()).isEqualTo(
                "jdbc:h2:file:/var/lib/berth/berth;AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=128;WRITE_DELAY=0");
        assertThat(settings.isPostgres()).isFalse();
        assertThat(settings.maxPoolSize()).isEqualTo(StoreSettings.DEFAULT_MAX_POOL_SIZE);
        assertThat(new StoreSettings("jdbc:postgresql://db/berth", "berth", "secret").isPostgres()).isTrue();
        assertThat(new StoreSettings("jdbc:postgresql://db/berth", "berth", "secret").toString())
                .doesNotContain("secret");
    }
}
