package io.berth.provisioning.local;

import io.berth.core.catalog.ScriptSource;
import io.berth.core.catalog.TaskSpec;
import io.berth.provisioning.spi.ProviderFactory;
import io.berth.provisioning.tck.ProviderCompatibilityKit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

class LocalProviderCompatibilityTest extends ProviderCompatibilityKit {

    @TempDir
    Path scriptRoot;

    @BeforeEach
    void installScripts() throws IOException {
        Files.writeString(scriptRoot.resolve("succeed.sh"), "exit 0\n");
        Files.writeString(scriptRoot.resolve("fail.sh"), "exit 3\n");
        Files.writeString(scriptRoot.resolve("sleep.sh"), "sleep 120\n");
    }

    @Override
    protected ProviderFactory factory() {
        return new LocalProviderFactory();
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of(LocalProviderFactory.SCRIPT_ROOT, scriptRoot.toString());
    }

    @Override
    protected TaskSpec succeedingTask() {
        return TaskSpec.script("succeed", new ScriptSource.Installed("succeed.sh"), "sh");
    }

    @Override
    protected TaskSpec failingTask() {
        return TaskSpec.script("fail", new ScriptSource.Installed("fail.sh"), "sh");
    }

    @Override
    protected TaskSpec longRunningTask() {
        return TaskSpec.script("sleep", new ScriptSource.Installed("sleep.sh"), "sh");
    }

    @Override
    protected TaskSpec invalidTask() {
        return TaskSpec.script("missing", new ScriptSource.Installed("missing.sh"), "sh");
    }
}
