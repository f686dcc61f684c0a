package io.berth.provisioning.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Stops a process together with everything it started.
 *
 * <p>{@link ProcessHandle#descendants()} finds a process's offspring through their parent links, which
 * break when a parent dies: a child forked just after the snapshot and orphaned by the parent's death
 * would escape. On Linux such escapees are also found by a variable that every process of the task
 * inherits (the task's id), read from {@code /proc/<pid>/environ}, as Jenkins finds the processes of a
 * build.
 */
final class ProcessTrees {

    private static final long POLL_MILLIS = 10;
    /** A process that received SIGKILL is gone at once; this only bounds the wait for its exit status. */
    private static final Duration REAP_WAIT = Duration.ofSeconds(5);
    /** Rounds of killing, for processes forked while the previous round was under way. */
    private static final int KILL_ROUNDS = 3;
    private static final Path PROC = Path.of("/proc");

    private ProcessTrees() {
    }

    /**
     * Asks {@code process} and its descendants to stop, gives them {@code grace} to exit, then kills what
     * is left. Returns once {@code process} has exited or {@link #REAP_WAIT} has passed after the kill.
     * An interrupt skips the grace period and is kept on the thread.
     *
     * @param environmentTag a {@code NAME=value} entry that every process of the tree inherited from
     *                       {@code process}, unique to it
     */
    static void stop(Process process, Duration grace, String environmentTag) {
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        // The root is signalled first and right after the snapshot: the shorter that gap, the fewer
        // children it can fork unseen.
        tree.add(process.toHandle());
        process.descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroy);
        Set<ProcessHandle> tagged = tagged(environmentTag);
        tagged.forEach(ProcessHandle::destroy);
        tree.addAll(tagged);

        boolean interrupted = awaitExit(tree, grace);

        for (int round = 0; round < KILL_ROUNDS; round++) {
            Set<ProcessHandle> survivors = new LinkedHashSet<>();
            for (ProcessHandle handle : tree) {
                if (isRunning(handle)) {
                    survivors.add(handle);
                    // Children started during the grace period are caught through their living ancestors.
                    handle.descendants().forEach(survivors::add);
                }
            }
            survivors.addAll(tagged(environmentTag));
            survivors.removeIf(handle -> !isRunning(handle));
            if (survivors.isEmpty()) {
                break;
            }
            survivors.forEach(ProcessHandle::destroyForcibly);
            tree.addAll(survivors);
        }

        try {
            process.waitFor(REAP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether the process still runs. A zombie has ended and only waits for its parent to collect its exit
     * status; orphans are collected by init, which in a container may never do it, so a zombie counts as
     * ended rather than stretching every stop to the full grace period.
     */
    static boolean isRunning(ProcessHandle handle) {
        return handle.isAlive() && !isZombie(handle.pid());
    }

    private static boolean isZombie(long pid) {
        try {
            // Linux only; elsewhere the file is missing and the process counts as running.
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.ISO_8859_1);
            int endOfName = stat.lastIndexOf(')');
            return endOfName >= 0 && endOfName + 2 < stat.length() && stat.charAt(endOfName + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The processes, other than this one, whose environment holds {@code tag}; empty where there is no /proc. */
    private static Set<ProcessHandle> tagged(String tag) {
        Set<ProcessHandle> found = new LinkedHashSet<>();
        if (!Files.isDirectory(PROC)) {
            return found;
        }
        byte[] entry = tag.getBytes(StandardCharsets.UTF_8);
        long self = ProcessHandle.current().pid();
        try (Stream<Path> entries = Files.list(PROC)) {
            entries.map(path -> path.getFileName().toString())
                    .filter(name -> !name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9'))
                    .mapToLong(Long::parseLong)
                    .filter(pid -> pid != self && hasEnvironmentEntry(pid, entry))
                    .forEach(pid -> ProcessHandle.of(pid).ifPresent(found::add));
        } catch (IOException | RuntimeException e) {
            // Best effort: the descendants found through parent links are still stopped.
        }
        return found;
    }

    private static boolean hasEnvironmentEntry(long pid, byte[] entry) {
        byte[] environment;
        try {
            environment = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("environ"));
        } catch (IOException | RuntimeException e) {
            // Processes of other users, or ones that ended meanwhile.
            return false;
        }
        int start = 0;
        for (int i = 0; i <= environment.length; i++) {
            if (i == environment.length || environment[i] == 0) {
                if (i - start == entry.length && Arrays.equals(environment, start, i, entry, 0, entry.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    /** @return whether the wait was interrupted */
    private static boolean awaitExit(Set<ProcessHandle> tree, Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        // Polling rather than onExit(): for processes that are not our children the JDK polls anyway,
        // with long intervals that would stretch every stop to the full grace period.
        while (tree.stream().anyMatch(ProcessTrees::isRunning) && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return true;
            }
        }
        return false;
    }
}
