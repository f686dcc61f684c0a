package io.berth.provisioning.local;

import io.berth.core.catalog.ScriptSource;
import io.berth.core.catalog.TaskSpec;
import io.berth.core.error.ErrorCode;
import io.berth.provisioning.spi.Provider;
import io.berth.provisioning.spi.ProviderContext;
import io.berth.provisioning.spi.ProviderException;
import io.berth.provisioning.spi.ProviderHealth;
import io.berth.provisioning.spi.ScriptFetcher;
import io.berth.provisioning.spi.TaskMonitor;
import io.berth.provisioning.spi.TaskOutcome;
import io.berth.provisioning.spi.TaskRequest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Runs {@code script} tasks as processes on the server's own machine.
 *
 * <p>A task's script is either pre-installed under the script root or fetched through the host's
 * {@link ScriptFetcher} and checked against its SHA-256 digest right before it runs. The process starts
 * with an empty environment plus {@code PATH}, {@code HOME} and {@code LANG} of the server,
 * {@code TMPDIR} set to its working folder, and {@link TaskRequest#environment()}; none of the server's
 * other variables (which may hold passwords) reach it. It runs in a fresh folder
 * {@code <workDirectory>/tasks/<taskId>-<attempt>} that is deleted afterwards. Standard error is merged
 * into standard output; a line {@code berth:progress <message>} becomes a progress event.
 *
 * <p>On timeout or cancellation the whole process tree is asked to stop and, after the kill grace, killed.
 *
 * <p>Thread safe. Created by {@link LocalProviderFactory}.
 */
public final class LocalProvider implements Provider {

    /** After the process ended, how long its output may take to drain before the rest is given up. */
    private static final Duration OUTPUT_DRAIN_WAIT = Duration.ofSeconds(2);
    private static final List<String> INHERITED_VARIABLES = List.of("PATH", "HOME", "LANG");
    private static final String FALLBACK_PATH = "/usr/local/bin:/usr/bin:/bin";
    private static final Pattern SAFE_FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final int START_ATTEMPTS = 5;

    private final LocalSettings settings;
    private final ScriptFetcher scripts;
    private final System.Logger logger;
    private final Path tasksFolder;
    /** Running processes with the environment entry that marks their tree. */
    private final Map<Process, String> running = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Output readers; daemon threads, so that a process that is never reaped cannot keep the server from stopping. */
    private final ExecutorService readers = Executors.newCachedThreadPool(new ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "berth-local-output-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    });

    LocalProvider(LocalSettings settings, ProviderContext context) {
        this.settings = requireNonNull(settings, "settings is null");
        requireNonNull(context, "context is null");
        this.scripts = context.scripts();
        this.logger = context.logger(LocalProvider.class.getName());
        this.tasksFolder = context.workDirectory().resolve("tasks").toAbsolutePath();
    }

    @Override
    public String name() {
        return LocalProviderFactory.NAME;
    }

    @Override
    public Set<String> kinds() {
        return Set.of(TaskSpec.SCRIPT_KIND);
    }

    /**
     * Checks that the task has a script, that an installed script exists under the script root (after
     * resolving links) and is executable unless the task names an interpreter, and that the interpreter is
     * a bare program name or an absolute path. Fetched scripts are only fetched when they run.
     *
     * @throws ProviderException with {@link ErrorCode#INVALID_TASK_SPEC} or {@link ErrorCode#SCRIPT_NOT_FOUND}
     */
    @Override
    public void validate(TaskSpec spec) {
        requireNonNull(spec, "spec is null");
        checkShape(spec);
        if (spec.script() instanceof ScriptSource.Installed installed) {
            Path script = resolveInstalled(installed);
            if (spec.interpreter() == null && !Files.isExecutable(script)) {
                throw new ProviderException(ErrorCode.INVALID_TASK_SPEC, "task '" + spec.name() + "': script '"
                        + installed.path() + "' is not executable; set an interpreter or make it executable");
            }
        }
    }

    /**
     * Runs one attempt as a process and waits for it, for at most the task's timeout.
     *
     * @throws ProviderException with {@link ErrorCode#SCRIPT_NOT_FOUND}, {@link ErrorCode#INVALID_TASK_SPEC},
     *                           {@link ErrorCode#SCRIPT_FETCH_FAILED} or {@link ErrorCode#SCRIPT_CHECKSUM_MISMATCH}
     *                           when the script cannot be found or trusted, and
     *                           {@link ErrorCode#PROVIDER_UNAVAILABLE} when the provider is closed or cannot
     *                           create the task's folder; a script that cannot start is a FAILED outcome
     */
    @Override
    public TaskOutcome execute(TaskRequest request, TaskMonitor monitor) {
        requireNonNull(request, "request is null");
        requireNonNull(monitor, "monitor is null");
        if (closed.get()) {
            throw new ProviderException(ErrorCode.PROVIDER_UNAVAILABLE, "the local provider is closed");
        }
        TaskSpec spec = request.spec();
        checkShape(spec);
        String label = request.task() + "-" + request.attempt();
        Path workFolder = tasksFolder.resolve(label);
        Path fetchedFolder = tasksFolder.resolve(label + ".script");
        try {
            Path script = spec.script() instanceof ScriptSource.Fetched fetched
                    ? fetchVerified(fetched, fetchedFolder)
                    : resolveInstalled((ScriptSource.Installed) spec.script());
            createEmptyFolder(workFolder);
            return run(request, monitor, script, workFolder);
        } finally {
            boolean workFolderDeleted = Folders.deleteRecursively(workFolder);
            boolean fetchedFolderDeleted = Folders.deleteRecursively(fetchedFolder);
            if (!workFolderDeleted || !fetchedFolderDeleted) {
                logger.log(System.Logger.Level.WARNING, "could not delete all files of task " + label
                        + " under " + tasksFolder);
            }
        }
    }

    /** Healthy when the script root is a readable folder and the provider is open. Never throws. */
    @Override
    public ProviderHealth health() {
        try {
            Path root = settings.scriptRoot();
            if (closed.get()) {
                return ProviderHealth.unhealthy("the local provider is closed");
            }
            if (!Files.isDirectory(root)) {
                return ProviderHealth.unhealthy("script root " + root + " does not exist or is not a folder");
            }
            if (!Files.isReadable(root) || !Files.isExecutable(root)) {
                return ProviderHealth.unhealthy("script root " + root + " is not readable");
            }
            return ProviderHealth.healthy();
        } catch (RuntimeException e) {
            return ProviderHealth.unhealthy("cannot check the script root: " + e);
        }
    }

    /**
     * Stops the process trees of tasks still running, which should be none, and refuses further tasks.
     * Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            Map.copyOf(running).forEach((process, tag) -> ProcessTrees.stop(process, settings.killGrace(), tag));
            readers.shutdown();
        }
    }

    private TaskOutcome run(TaskRequest request, TaskMonitor monitor, Path script, Path workFolder) {
        TaskSpec spec = request.spec();
        Map<String, String> environment = environment(request, workFolder);
        List<String> command = new ArrayList<>();
        if (spec.interpreter() != null) {
            Optional<Path> interpreter = findInterpreter(spec.interpreter(), environment.get("PATH"));
            if (interpreter.isEmpty()) {
                return TaskOutcome.failed(null, "", spec.interpreter().startsWith("/")
                        ? "interpreter '" + spec.interpreter() + "' is not an executable file"
                        : "interpreter '" + spec.interpreter() + "' not found on PATH");
            }
            command.add(interpreter.get().toString());
        } else if (!Files.isExecutable(script)) {
            return TaskOutcome.failed(null, "", "script " + spec.script().describe()
                    + " is not executable and the task names no interpreter");
        }
        command.add(script.toString());
        command.addAll(spec.arguments());

        if (monitor.isCancelled()) {
            return new TaskOutcome(TaskOutcome.Status.CANCELLED, null, "", "cancelled before it started");
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workFolder.toFile())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);

        Process process;
        try {
            process = start(builder);
        } catch (IOException e) {
            return TaskOutcome.failed(null, "", "could not start " + spec.script().describe() + ": " + e.getMessage());
        }
        String tag = "BERTH_TASK_ID=" + request.task();
        running.put(process, tag);
        try {
            logger.log(System.Logger.Level.DEBUG, () -> "task " + request.task() + " attempt " + request.attempt()
                    + " started task '" + spec.name() + "' as process " + process.pid());
            closeQuietly(process.getOutputStream());
            OutputCapture output = OutputCapture.start(process.getInputStream(), settings.outputLimit(), monitor,
                    logger, readers);
            AtomicBoolean cancelRequested = new AtomicBoolean();
            // The callback runs on the executor's thread: it only signals; the tree is stopped below, here.
            monitor.onCancel(() -> {
                cancelRequested.set(true);
                process.destroy();
            });

            Ending ending = awaitEnding(process, spec.timeout(), cancelRequested);
            if (ending != Ending.EXITED) {
                ProcessTrees.stop(process, settings.killGrace(), tag);
            }
            drain(output, request);
            String text = output.text();
            Integer exitCode = process.isAlive() ? null : process.exitValue();
            TaskOutcome outcome = switch (ending) {
                case EXITED -> exitCode != null && exitCode == 0
                        ? TaskOutcome.succeeded(0, text)
                        : TaskOutcome.failed(exitCode, text, "exit code " + exitCode);
                case TIMED_OUT -> new TaskOutcome(TaskOutcome.Status.TIMED_OUT, exitCode, text,
                        "timed out after " + spec.timeout());
                case CANCELLED -> new TaskOutcome(TaskOutcome.Status.CANCELLED, exitCode, text, "cancelled");
                case INTERRUPTED -> new TaskOutcome(TaskOutcome.Status.CANCELLED, exitCode, text, "interrupted");
            };
            logger.log(System.Logger.Level.DEBUG, () -> "task " + request.task() + " attempt " + request.attempt()
                    + " ended " + outcome.status() + " " + outcome.reason());
            return outcome;
        } finally {
            if (process.isAlive()) {
                // Reached only when something above threw; the tree must not outlive the attempt.
                ProcessTrees.stop(process, settings.killGrace(), tag);
            }
            running.remove(process);
        }
    }

    private enum Ending { EXITED, TIMED_OUT, CANCELLED, INTERRUPTED }

    /**
     * Waits on the calling thread with {@link Process#waitFor(long, TimeUnit)}: {@code onExit()} would hop through
     * the common fork-join pool, which has a single thread on a two-core machine and so adds latency to every task.
     */
    private static Ending awaitEnding(Process process, Duration timeout, AtomicBoolean cancelRequested) {
        boolean exited;
        try {
            exited = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            // The interrupt stays set for the caller; ProcessTrees.stop then skips the grace period.
            Thread.currentThread().interrupt();
            return process.isAlive() ? Ending.INTERRUPTED : Ending.EXITED;
        }
        if (cancelRequested.get()) {
            return Ending.CANCELLED;
        }
        return exited ? Ending.EXITED : Ending.TIMED_OUT;
    }

    private void drain(OutputCapture output, TaskRequest request) {
        boolean interrupted = Thread.interrupted();
        try {
            if (!output.awaitEnd(OUTPUT_DRAIN_WAIT)) {
                logger.log(System.Logger.Level.WARNING, "task " + request.task() + " attempt " + request.attempt()
                        + ": a process it left behind keeps its output open; the rest of the output is dropped");
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Starts the process, retrying briefly on ETXTBSY: a fork by another thread can hold a script that was
     * just written open for writing for a moment, and executing it fails until that fork has exec'd.
     */
    private static Process start(ProcessBuilder builder) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return builder.start();
            } catch (IOException e) {
                if (attempt >= START_ATTEMPTS || e.getMessage() == null || !e.getMessage().contains("Text file busy")) {
                    throw e;
                }
                try {
                    Thread.sleep(20L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static Map<String, String> environment(TaskRequest request, Path workFolder) {
        Map<String, String> environment = new HashMap<>();
        Map<String, String> server = System.getenv();
        for (String name : INHERITED_VARIABLES) {
            String value = server.get(name);
            if (value != null) {
                environment.put(name, value);
            }
        }
        environment.putIfAbsent("PATH", FALLBACK_PATH);
        environment.put("TMPDIR", workFolder.toString());
        environment.putAll(request.environment());
        return environment;
    }

    private static Optional<Path> findInterpreter(String interpreter, String path) {
        if (interpreter.startsWith("/")) {
            Path program = Path.of(interpreter);
            return Files.isRegularFile(program) && Files.isExecutable(program) ? Optional.of(program) : Optional.empty();
        }
        for (String folder : (path == null ? "" : path).split(":")) {
            try {
                Path directory = Path.of(folder);
                // Empty and relative entries would mean the task's own folder: never a place for interpreters.
                if (!directory.isAbsolute()) {
                    continue;
                }
                Path program = directory.resolve(interpreter);
                if (Files.isRegularFile(program) && Files.isExecutable(program)) {
                    return Optional.of(program);
                }
            } catch (InvalidPathException e) {
                // An entry that is no path holds no interpreter either.
            }
        }
        return Optional.empty();
    }

    private void checkShape(TaskSpec spec) {
        if (!kinds().contains(spec.kind())) {
            throw new ProviderException(ErrorCode.INVALID_TASK_SPEC, "task '" + spec.name() + "' is of kind '"
                    + spec.kind() + "', which the local provider does not run");
        }
        if (spec.script() == null) {
            throw new ProviderException(ErrorCode.INVALID_TASK_SPEC, "task '" + spec.name() + "' has no script");
        }
        String interpreter = spec.interpreter();
        if (interpreter != null) {
            boolean absolute = interpreter.startsWith("/");
            boolean bareName = !interpreter.contains("/") && !interpreter.equals(".") && !interpreter.equals("..");
            if ((!absolute && !bareName) || interpreter.chars().anyMatch(c -> Character.isWhitespace(c)
                    || Character.isISOControl(c))) {
                throw new ProviderException(ErrorCode.INVALID_TASK_SPEC, "task '" + spec.name()
                        + "': interpreter must be a program name found on PATH or an absolute path, without"
                        + " arguments: '" + interpreter + "'");
            }
        }
    }

    /**
     * The real path of an installed script. Links are resolved before the containment check, so a link
     * inside the root cannot lend a file outside it.
     */
    private Path resolveInstalled(ScriptSource.Installed installed) {
        Path root;
        try {
            root = settings.scriptRoot().toRealPath();
        } catch (IOException e) {
            throw new ProviderException(ErrorCode.SCRIPT_NOT_FOUND, "script '" + installed.path()
                    + "' not found: the script root " + settings.scriptRoot() + " does not exist", e);
        }
        Path script;
        try {
            script = root.resolve(installed.path()).toRealPath();
        } catch (NoSuchFileException e) {
            throw new ProviderException(ErrorCode.SCRIPT_NOT_FOUND, "script '" + installed.path()
                    + "' does not exist under the script root", e);
        } catch (IOException e) {
            throw new ProviderException(ErrorCode.SCRIPT_NOT_FOUND, "script '" + installed.path()
                    + "' cannot be read: " + e.getMessage(), e);
        }
        if (!script.startsWith(root)) {
            throw new ProviderException(ErrorCode.INVALID_TASK_SPEC, "script '" + installed.path()
                    + "' resolves to a file outside the script root");
        }
        if (!Files.isRegularFile(script)) {
            throw new ProviderException(ErrorCode.SCRIPT_NOT_FOUND, "script '" + installed.path()
                    + "' is not a file");
        }
        return script;
    }

    /**
     * Fetches a script, hashes it again and writes the hashed bytes to a private copy, which is what runs:
     * a fetcher's cache that was changed after the fetch cannot slip other bytes in between check and run.
     */
    private Path fetchVerified(ScriptSource.Fetched source, Path copyFolder) {
        Path fetched;
        try {
            fetched = requireNonNull(scripts.fetch(source), "the script fetcher returned null");
        } catch (ProviderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ProviderException(ErrorCode.SCRIPT_FETCH_FAILED, "cannot fetch " + source.url() + ": " + e, e);
        }
        byte[] content;
        try {
            content = Files.readAllBytes(fetched);
        } catch (IOException e) {
            throw new ProviderException(ErrorCode.SCRIPT_FETCH_FAILED, "cannot read the fetched copy of "
                    + source.url(), e);
        }
        String actual = sha256(content);
        if (!actual.equals(source.sha256())) {
            throw new ProviderException(ErrorCode.SCRIPT_CHECKSUM_MISMATCH, "script " + source.url()
                    + " has SHA-256 " + actual + " but " + source.sha256() + " was expected; it was not run");
        }
        try {
            createEmptyFolder(copyFolder);
            Path copy = copyFolder.resolve(fileName(source));
            Files.write(copy, content);
            try {
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("r-x------"));
            } catch (UnsupportedOperationException e) {
                // Without POSIX permissions the copy is run as the file system allows.
            }
            return copy;
        } catch (IOException e) {
            throw new ProviderException(ErrorCode.PROVIDER_UNAVAILABLE, "cannot store the script of the task under "
                    + copyFolder, e);
        }
    }

    /** The URL's last segment when it is a harmless file name, so that the script sees a familiar {@code $0}. */
    private static String fileName(ScriptSource.Fetched source) {
        String path = source.url().getPath();
        String last = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        return SAFE_FILE_NAME.matcher(last).matches() ? last : "script";
    }

    private static void createEmptyFolder(Path folder) {
        // A folder of the same name is a leftover of an attempt the server did not see to its end.
        if (!Folders.deleteRecursively(folder)) {
            throw new ProviderException(ErrorCode.PROVIDER_UNAVAILABLE, "cannot clear the leftover folder " + folder);
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new ProviderException(ErrorCode.PROVIDER_UNAVAILABLE, "cannot create the task folder " + folder, e);
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            // A script reading its standard input gets end-of-file instead of waiting forever.
            stream.close();
        } catch (IOException e) {
            // The process may already have exited; there is nothing to close then.
        }
    }
}
