package io.berth.store.jpa;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class H2SignInStoreTest extends SignInStoreContractTest {
    /** Static: an instance field is injected only after the store of the class is opened. */
    @TempDir
    static Path dataDir;

    @Override
    StoreSettings settings() {
        return StoreSettings.h2File(dataDir);
    }
}
