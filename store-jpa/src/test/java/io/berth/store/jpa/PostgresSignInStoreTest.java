package io.berth.store.jpa;

class PostgresSignInStoreTest extends SignInStoreContractTest {
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
