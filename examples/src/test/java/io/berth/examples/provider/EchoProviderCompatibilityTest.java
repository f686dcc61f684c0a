package io.berth.examples.provider;

import io.berth.core.catalog.TaskSpec;
import io.berth.provisioning.spi.ProviderFactory;
import io.berth.provisioning.tck.ProviderCompatibilityKit;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The whole contract kit, inherited: this is all a plugin needs to prove it keeps the SPI's promises. */
class EchoProviderCompatibilityTest extends ProviderCompatibilityKit {

    private static TaskSpec echo(String name, Map<String, String> settings) {
        return new TaskSpec(name, "echo", null, null, List.of(), Map.of(), settings, Duration.ofMinutes(5), 0, null, false);
    }

    @Override
    protected ProviderFactory factory() {
        return new EchoProviderFactory();
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of();
    }

    @Override
    protected TaskSpec succeedingTask() {
        return echo("hello", Map.of("text", "hello"));
    }

    @Override
    protected TaskSpec failingTask() {
        return echo("broken", Map.of("text", "fail: on purpose"));
    }

    @Override
    protected TaskSpec longRunningTask() {
        return echo("slow", Map.of("text", "slow", "delay", "PT2M"));
    }

    @Override
    protected TaskSpec invalidTask() {
        return echo("empty", Map.of());
    }
}
