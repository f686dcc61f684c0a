package io.berth.provisioning.spi;

/** The executor's side of a running task. Thread safe. */
public interface TaskMonitor {

    /**
     * Reports a meaningful step inside the task (e.g. "image pulled"); it becomes a progress event of
     * the command. Never throws; cheap enough to call a few times per second.
     *
     * @param message one line, never null
     */
    void progress(String message);

    /** Whether the executor wants the task stopped (the command was superseded or the server stops). */
    boolean isCancelled();

    /**
     * Runs {@code action} once when the task is cancelled, at once if it already is. Providers use it to
     * stop blocking work, e.g. to kill a process tree.
     */
    void onCancel(Runnable action);

    /** A monitor that never cancels and drops progress, for tools and tests. */
    static TaskMonitor none() {
        return new TaskMonitor() {
            @Override
            public void progress(String message) {
            }

            @Override
            public boolean isCancelled() {
                return false;
            }

            @Override
            public void onCancel(Runnable action) {
            }
        };
    }
}
