package io.berth.store.jpa;

import io.berth.core.account.AccountId;
import io.berth.core.catalog.ServiceConfiguration;
import io.berth.core.error.ErrorCode;
import io.berth.core.provisioning.CommandId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.berth.store.jpa.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

class PostgresStoreTest extends StoreContractTest {
    private PostgresSchema schema;

    @Override
    StoreSettings settings() {
        schema = PostgresSchema.create();
        return schema.settings();
    }

    @Override
    void dropDatabase() {
        if (schema != null) {
            schema.drop();
        }
    }

    @Test
    void anUnreachableServerIsStoreUnavailable() {
        assertCode(() -> JpaStores.open(new StoreSettings("jdbc:postgresql://127.0.0.1:1/test?connectTimeout=2",
                "nobody", "")), ErrorCode.STORE_UNAVAILABLE);
    }

    /** Two stores with two pools stand for two server processes sharing the database. */
    @Test
    void twoProcessesClaimEveryCommandExactlyOnce() throws Exception {
        ServiceConfiguration configuration = planWithConfiguration("worker");
        int commands = 200;
        for (int i = 0; i < commands; i++) {
            submitCreated(Fixtures.install(configuration, AccountId.random(), null, at(i % 500)));
        }

        try (JpaStores second = JpaStores.open(stores.settings())) {
            Map<CommandId, AtomicInteger> claims = drain(List.of(stores, second), 4, commands);

            assertThat(claims).hasSize(commands);
            assertThat(claims.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        }
        assertThat(provisioning.countActiveCommands()).isZero();
    }
}
