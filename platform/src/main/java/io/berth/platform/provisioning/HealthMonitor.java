package io.berth.platform.provisioning;

import io.berth.core.catalog.ServiceConfiguration;
import io.berth.core.catalog.TaskPhase;
import io.berth.core.catalog.TaskSpec;
import io.berth.core.provisioning.CommandId;
import io.berth.core.provisioning.DeploymentHealth;
import io.berth.core.provisioning.HealthStatus;
import io.berth.core.provisioning.ServiceDeployment;
import io.berth.core.provisioning.TaskId;
import io.berth.platform.catalog.CatalogService;
import io.berth.platform.provider.ProviderRegistry;
import io.berth.platform.store.ProvisioningStore;
import io.berth.provisioning.spi.TaskMonitor;
import io.berth.provisioning.spi.TaskOutcome;
import io.berth.provisioning.spi.TaskRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Runs the health-check task of COMPLETED deployments every health interval and records the result on
 * the deployment. A check is claimed in the store first, so among several servers one runs it.
 */
public final class HealthMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);
    private static final Duration CLAIM = Duration.ofMinutes(5);
    private static final int MAX_PER_ROUND = 100;

    private final ProvisioningStore store;
    private final CatalogService catalog;
    private final ProviderRegistry providers;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    public HealthMonitor(ProvisioningStore store, CatalogService catalog, ProviderRegistry providers, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.providers = requireNonNull(providers, "providers is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public synchronized void start(Duration every) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "berth-health");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                runDue();
            } catch (RuntimeException e) {
                LOG.warn("health round failed: {}", e.toString());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Runs the checks that are due now on the calling thread.
     *
     * @return how many ran
     */
    public int runDue() {
        int count = 0;
        while (count < MAX_PER_ROUND) {
            Optional<ServiceDeployment> due = store.claimHealthCheck(clock.instant(), CLAIM);
            if (due.isEmpty()) {
                break;
            }
            check(due.get());
            count++;
        }
        return count;
    }

    private void check(ServiceDeployment deployment) {
        ServiceConfiguration configuration = catalog.configuration(deployment.configuration());
        Optional<TaskSpec> spec = configuration.healthCheckTask();
        if (spec.isEmpty()) {
            store.recordHealth(deployment.id(), DeploymentHealth.UNKNOWN, null);
            return;
        }
        Instant started = clock.instant();
        DeploymentHealth health;
        try {
            TaskRequest request = new TaskRequest(spec.get(), TaskPhase.HEALTH, null, CommandId.random(), TaskId.random(),
                    1, deployment.id(), deployment.owner(), catalog.plan(deployment.plan()).name(),
                    deployment.parameters());
            TaskOutcome outcome = providers.require(spec.get().kind()).execute(request, TaskMonitor.none());
            health = outcome.succeeded()
                    ? new DeploymentHealth(HealthStatus.HEALTHY, started, tail(outcome.output()))
                    : new DeploymentHealth(HealthStatus.UNHEALTHY, started, outcome.reason() + tailLine(outcome.output()));
        } catch (RuntimeException e) {
            health = new DeploymentHealth(HealthStatus.UNHEALTHY, started, e.getMessage());
        }
        store.recordHealth(deployment.id(), health, clock.instant().plus(configuration.healthInterval()));
    }

    private static String tail(String output) {
        String trimmed = output.strip();
        return trimmed.length() <= 500 ? trimmed : trimmed.substring(trimmed.length() - 500);
    }

    private static String tailLine(String output) {
        String tail = tail(output);
        return tail.isEmpty() ? "" : ": " + tail;
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
