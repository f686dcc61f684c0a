package io.berth.server;

import io.berth.platform.booking.BookingService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link BookingService#maintainQueues()} every sweep: offers not taken in time pass on, and capacity freed
 * by bookings that ended is offered to the heads of the queues.
 */
final class QueueKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueueKeeper.class);

    private final ScheduledExecutorService scheduler;

    QueueKeeper(BookingService bookings, Duration every) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "berth-queues");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                int offers = bookings.maintainQueues();
                if (offers > 0) {
                    LOG.info("access queue: {} offer(s) made", offers);
                }
            } catch (RuntimeException e) {
                LOG.warn("access queue round failed: {}", e.toString());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
