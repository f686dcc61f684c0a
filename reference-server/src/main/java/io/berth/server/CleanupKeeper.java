package io.berth.server;

import io.berth.platform.signin.AccountCleanup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs the sign-in maintenance job ({@link AccountCleanup#runOnce()}) every {@code BERTH_CLEANUP_SECONDS}: expired
 * secrets go, and ended trial and deleted accounts are removed with what they owned.
 */
final class CleanupKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CleanupKeeper.class);

    private final ScheduledExecutorService scheduler;

    CleanupKeeper(Supplier<AccountCleanup> cleanup, Duration every) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "berth-cleanup");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                AccountCleanup.Result result = cleanup.get().runOnce();
                if (result.removalsIssued() > 0 || result.purged() > 0) {
                    LOG.info("cleanup: {} removal(s) issued, {} account(s) waiting for removals, {} deleted",
                            result.removalsIssued(), result.waiting(), result.purged());
                }
            } catch (RuntimeException e) {
                LOG.warn("cleanup round failed: {}", e.toString());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
