package io.berth.server.http;

import io.berth.core.provisioning.CommandId;
import io.berth.platform.provisioning.CommandListener;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Wakes event-stream readers when a command changes in this process. Only commands someone watches are
 * tracked, so a busy executor costs a map lookup per change. Changes written by other server processes
 * are not signalled here; readers poll the store as well.
 */
public final class CommandSignals implements CommandListener {
    private final Map<CommandId, Signal> signals = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private static final class Signal {
        long version;
        int watchers;
    }

    @Override
    public void changed(CommandId command) {
        Signal signal = signals.get(command);
        if (signal != null) {
            synchronized (signal) {
                signal.version++;
                signal.notifyAll();
            }
        }
    }

    /** Starts watching a command; close the watch when done. */
    public Watch watch(CommandId command) {
        requireNonNull(command, "command is null");
        Signal signal = signals.compute(command, (id, existing) -> {
            Signal s = existing == null ? new Signal() : existing;
            s.watchers++;
            return s;
        });
        return new Watch(command, signal);
    }

    /** Whether {@link #close()} was called: streams end. */
    public boolean isClosed() {
        return closed;
    }

    /** Wakes every waiter for good, as the server stops. */
    public void close() {
        closed = true;
        for (Signal signal : signals.values()) {
            synchronized (signal) {
                signal.notifyAll();
            }
        }
    }

    /** Interest in one command's changes. */
    public final class Watch implements AutoCloseable {
        private final CommandId command;
        private final Signal signal;
        private boolean released;

        private Watch(CommandId command, Signal signal) {
            this.command = command;
            this.signal = signal;
        }

        /** A number that changes whenever the command changes; read it before reading the store. */
        public long version() {
            synchronized (signal) {
                return signal.version;
            }
        }

        /**
         * Waits until the version differs from {@code seen}, the signals close, or {@code max} passes.
         *
         * @return whether the version changed
         */
        public boolean await(long seen, Duration max) throws InterruptedException {
            long deadline = System.nanoTime() + max.toNanos();
            synchronized (signal) {
                while (signal.version == seen && !closed) {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        return false;
                    }
                    Duration left = Duration.ofNanos(remaining);
                    signal.wait(Math.max(1, left.toMillis()));
                }
                return signal.version != seen;
            }
        }

        @Override
        public synchronized void close() {
            if (released) {
                return;
            }
            released = true;
            signals.computeIfPresent(command, (id, s) -> --s.watchers == 0 ? null : s);
        }
    }
}
