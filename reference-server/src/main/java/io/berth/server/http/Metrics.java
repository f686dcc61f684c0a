package io.berth.server.http;

import io.berth.platform.provisioning.Executor;
import io.berth.platform.store.ProvisioningStore;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * The server's meters, scraped at {@code /metrics}: HTTP request timers by route template and status, the
 * executor's running commands, the store's active (non-terminal) commands, and the usual JVM meters.
 */
public final class Metrics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);
    /** Methods outside this set are counted as OTHER, so that made-up methods cannot grow the series. */
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    public Metrics(Executor executor, ProvisioningStore store) {
        requireNonNull(executor, "executor is null");
        requireNonNull(store, "store is null");
        Gauge.builder("berth.executor.running.commands", executor, Executor::runningCount)
                .description("Commands this server process is running now")
                .register(registry);
        Gauge.builder("berth.executor.workers", executor, e -> e.settings().workers())
                .description("Commands this server process runs at once at most")
                .register(registry);
        Gauge.builder("berth.commands.active", store, Metrics::activeCommands)
                .description("Commands in the store that are not in a terminal state, across all server processes")
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
    }

    private static double activeCommands(ProvisioningStore store) {
        try {
            return store.countActiveCommands();
        } catch (RuntimeException e) {
            LOG.warn("cannot count active commands: {}", e.toString());
            return Double.NaN;
        }
    }

    /** Records one answered request; used as Javalin's request logger. */
    void record(Context ctx, Float millis) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        String route = endpoint == null || endpoint.path.isEmpty() ? "unmatched" : endpoint.path;
        String method = ctx.method().name();
        Timer.builder("http.server.requests")
                .description("HTTP requests by route template and status")
                .tag("method", METHODS.contains(method) ? method : "OTHER")
                .tag("route", route)
                .tag("status", Integer.toString(ctx.statusCode()))
                .register(registry)
                .record(millis == null ? 0 : (long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
