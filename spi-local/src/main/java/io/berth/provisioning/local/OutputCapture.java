package io.berth.provisioning.local;

import io.berth.provisioning.spi.TaskMonitor;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Drains a process's output on a reader thread (from the provider's pool) into a buffer that keeps the head and the tail, so memory
 * stays bounded however much the process prints, and passes {@code berth:progress <message>} lines to
 * the task's monitor as they arrive.
 *
 * <p>The reader is the only writer; {@link #text()} may be called from any thread at any time.
 */
final class OutputCapture {

    static final String PROGRESS_PREFIX = "berth:progress ";
    /** Longer progress lines are cut: a progress event is a short note, not a log. */
    static final int MAX_PROGRESS_CHARS = 1024;

    private final int limit;
    private final int keep;
    private final StringBuilder head;
    private final char[] tail;
    private int tailPosition;
    private long total;

    private final TaskMonitor monitor;
    private final System.Logger logger;
    private final StringBuilder line = new StringBuilder();
    private final CountDownLatch ended = new CountDownLatch(1);

    private OutputCapture(int limit, TaskMonitor monitor, System.Logger logger) {
        this.limit = limit;
        // The same split as ServiceTask.bound, so that text() never exceeds the limit.
        this.keep = limit / 2 - 64;
        this.head = new StringBuilder(Math.min(limit, 8192));
        this.tail = new char[keep];
        this.monitor = monitor;
        this.logger = logger;
    }

    /**
     * Starts draining {@code output}, which the capture closes when it ends. The readers come from a pool
     * because starting a thread per task was a measurable part of running a short script.
     */
    static OutputCapture start(InputStream output, int limit, TaskMonitor monitor, System.Logger logger,
                               Executor readers) {
        OutputCapture capture = new OutputCapture(limit, monitor, logger);
        readers.execute(() -> {
            try {
                capture.drain(output);
            } finally {
                capture.ended.countDown();
            }
        });
        return capture;
    }

    /**
     * Waits for the end of the output. The end may never come while a background process the task left
     * behind holds the pipe open, hence the bound.
     *
     * @return whether all output was read
     */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
    }

    /** The output so far: all of it when it fits the limit, else its head and tail around a marker. */
    synchronized String text() {
        if (total <= limit) {
            return head.toString();
        }
        long dropped = total - 2L * keep;
        StringBuilder text = new StringBuilder(limit);
        text.append(head, 0, keep);
        text.append("\n... [").append(dropped).append(" characters dropped] ...\n");
        text.append(tail, tailPosition, keep - tailPosition);
        text.append(tail, 0, tailPosition);
        return text.toString();
    }

    private void drain(InputStream output) {
        char[] chunk = new char[8192];
        boolean complete = false;
        try (Reader reader = new InputStreamReader(output, StandardCharsets.UTF_8)) {
            int read;
            while ((read = reader.read(chunk)) >= 0) {
                append(chunk, read);
                List<String> messages = scanLines(chunk, read);
                messages.forEach(this::report);
            }
            complete = true;
        } catch (IOException e) {
            // The stream is closed under us when the process is destroyed; what was read is kept.
            logger.log(System.Logger.Level.DEBUG, "output stream ended: " + e.getMessage());
        }
        if (complete && !line.isEmpty()) {
            progressMessage(line).ifPresent(this::report);
        }
    }

    private synchronized void append(char[] chunk, int length) {
        int fitsInHead = Math.min(length, Math.max(0, limit - head.length()));
        head.append(chunk, 0, fitsInHead);
        for (int i = Math.max(0, length - keep); i < length; i++) {
            tail[tailPosition] = chunk[i];
            tailPosition = (tailPosition + 1) % keep;
        }
        total += length;
    }

    private List<String> scanLines(char[] chunk, int length) {
        List<String> messages = new ArrayList<>(0);
        for (int i = 0; i < length; i++) {
            char c = chunk[i];
            if (c == '\n') {
                progressMessage(line).ifPresent(messages::add);
                line.setLength(0);
            } else if (line.length() < PROGRESS_PREFIX.length() + MAX_PROGRESS_CHARS) {
                line.append(c);
            }
        }
        return messages;
    }

    private static Optional<String> progressMessage(CharSequence line) {
        if (line.length() <= PROGRESS_PREFIX.length()
                || !line.subSequence(0, PROGRESS_PREFIX.length()).toString().equals(PROGRESS_PREFIX)) {
            return Optional.empty();
        }
        String message = line.subSequence(PROGRESS_PREFIX.length(), line.length()).toString().strip();
        return message.isEmpty() ? Optional.empty() : Optional.of(message);
    }

    private void report(String message) {
        try {
            monitor.progress(message);
        } catch (RuntimeException e) {
            // The monitor must not stop the draining: a process blocked on a full pipe would hang.
            logger.log(System.Logger.Level.WARNING, "task monitor refused a progress message", e);
        }
    }
}
