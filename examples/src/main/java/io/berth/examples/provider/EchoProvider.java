package io.berth.examples.provider;

import io.berth.core.catalog.TaskSpec;
import io.berth.core.error.ErrorCode;
import io.berth.provisioning.spi.Provider;
import io.berth.provisioning.spi.ProviderException;
import io.berth.provisioning.spi.TaskMonitor;
import io.berth.provisioning.spi.TaskOutcome;
import io.berth.provisioning.spi.TaskRequest;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Echoes a task's text; shows validation, progress, timeouts and cancellation in a few lines. */
final class EchoProvider implements Provider {
    private final System.Logger logger;

    EchoProvider(System.Logger logger) {
        this.logger = logger;
    }

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public Set<String> kinds() {
        return Set.of("echo");
    }

    @Override
    public void validate(TaskSpec spec) {
        if (!spec.settings().containsKey("text")) {
            throw new ProviderException(ErrorCode.INVALID_TASK_SPEC, "task '" + spec.name() + "' needs settings.text");
        }
        delay(spec);
    }

    @Override
    public TaskOutcome execute(TaskRequest request, TaskMonitor monitor) {
        TaskSpec spec = request.spec();
        String text = spec.settings().get("text");
        if (text == null) {
            return TaskOutcome.failed(null, "", "settings.text is missing");
        }
        if (text.startsWith("fail:")) {
            return TaskOutcome.failed(1, text, text.substring("fail:".length()).strip());
        }
        Duration delay = delay(spec);
        CountDownLatch cancelled = new CountDownLatch(1);
        monitor.onCancel(cancelled::countDown);
        monitor.progress("echoing for " + request.deployment());
        try {
            // the task's timeout is the provider's to enforce
            Duration wait = delay.compareTo(spec.timeout()) > 0 ? spec.timeout() : delay;
            if (cancelled.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                return new TaskOutcome(TaskOutcome.Status.CANCELLED, null, "", "cancelled");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TaskOutcome(TaskOutcome.Status.CANCELLED, null, "", "interrupted");
        }
        if (delay.compareTo(spec.timeout()) > 0) {
            return new TaskOutcome(TaskOutcome.Status.TIMED_OUT, null, "", "timed out after " + spec.timeout());
        }
        logger.log(System.Logger.Level.DEBUG, () -> "echoed for task " + request.task());
        return TaskOutcome.succeeded(0, text);
    }

    private static Duration delay(TaskSpec spec) {
        String delay = spec.settings().get("delay");
        if (delay == null) {
            return Duration.ZERO;
        }
        try {
            return Duration.parse(delay);
        } catch (DateTimeParseException e) {
            throw new ProviderException(ErrorCode.INVALID_TASK_SPEC, "settings.delay is not an ISO-8601 duration: " + delay);
        }
    }
}
