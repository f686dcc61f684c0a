package io.berth.store.jpa;

class PostgresEnvironmentStoreTest extends EnvironmentStoreContractTest {
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
}
