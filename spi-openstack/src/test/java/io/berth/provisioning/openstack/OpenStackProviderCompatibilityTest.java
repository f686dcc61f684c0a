package io.berth.provisioning.openstack;

import io.berth.core.catalog.TaskSpec;
import io.berth.provisioning.spi.ProviderContext;
import io.berth.provisioning.spi.ProviderFactory;
import io.berth.provisioning.tck.ProviderCompatibilityKit;
import io.berth.provisioning.tck.TestProviderContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The provider passes the provisioning TCK against the in-process fake cloud, with Nova servers as tasks. */
class OpenStackProviderCompatibilityTest extends ProviderCompatibilityKit {

    private FakeOpenStack cloud;

    @BeforeEach
    void startCloud() {
        cloud = FakeOpenStack.start();
    }

    @AfterEach
    void stopCloud() {
        cloud.close();
    }

    @Override
    protected ProviderFactory factory() {
        return new OpenStackProviderFactory();
    }

    @Override
    protected Map<String, String> settings() {
        return cloud.providerSettings();
    }

    @Override
    protected ProviderContext context() {
        return TestProviderContext.builder().secret(OpenStackSettings.DEFAULT_APPLICATION_SECRET,
                FakeOpenStack.APPLICATION_SECRET).build();
    }

    private static TaskSpec server(String name, Map<String, String> settings, Duration timeout) {
        return new TaskSpec(name, OpenStackProvider.SERVER_KIND, null, null, List.of(), Map.of(), settings, timeout, 0,
                null, true);
    }

    @Override
    protected TaskSpec succeedingTask() {
        return server("servers", Map.of("flavor", "m1.small"), Duration.ofMinutes(1));
    }

    @Override
    protected TaskSpec failingTask() {
        return server("broken-servers", Map.of("flavor", "m1.small", "image", FakeOpenStack.FAILING_IMAGE),
                Duration.ofMinutes(1));
    }

    @Override
    protected TaskSpec longRunningTask() {
        return server("stuck-servers", Map.of("flavor", "m1.small", "image", FakeOpenStack.STUCK_IMAGE),
                Duration.ofMinutes(5));
    }

    @Override
    protected TaskSpec invalidTask() {
        return server("bad-servers", Map.of("flavor", "m1.small", "nodes", "lots"), Duration.ofMinutes(1));
    }
}
