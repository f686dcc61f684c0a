package io.berth.provisioning.local;

import io.berth.core.account.AccountId;
import io.berth.core.catalog.ScriptSource;
import io.berth.core.catalog.TaskPhase;
import io.berth.core.catalog.TaskSpec;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.provisioning.CommandAction;
import io.berth.core.provisioning.CommandId;
import io.berth.core.provisioning.DeploymentId;
import io.berth.core.provisioning.TaskId;
import io.berth.provisioning.spi.Provider;
import io.berth.provisioning.spi.ProviderException;
import io.berth.provisioning.spi.ProviderHealth;
import io.berth.provisioning.spi.TaskMonitor;
import io.berth.provisioning.spi.TaskOutcome;
import io.berth.provisioning.spi.TaskRequest;
import io.berth.provisioning.tck.FileScriptFetcher;
import io.berth.provisioning.tck.RecordingTaskMonitor;
import io.berth.provisioning.tck.TestProviderContext;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class LocalProviderTest {

    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    @TempDir
    Path scriptRoot;
    @TempDir
    Path outside;

    private TestProviderContext context;
    private final List<Provider> providers = new ArrayList<>();
    private final ExecutorService runner = Executors.newCachedThreadPool();

    @BeforeEach
    void createContext() {
        context = new TestProviderContext();
    }

    @AfterEach
    void closeEverything() {
        runner.shutdownNow();
        providers.forEach(Provider::close);
        context.close();
    }

    @Test
    void scriptSeesTheTaskVariablesAndNoOtherServerVariables() throws IOException {
        ScriptSource script = install("env.sh", "env\n");
        TaskSpec spec = sh("env", script).withEnvironment(Map.of("GREETING", "hello"));
        TaskId task = TaskId.random();
        DeploymentId deployment = DeploymentId.random();
        TaskRequest request = new TaskRequest(spec, TaskPhase.INSTALL, CommandAction.CONFIGURE, CommandId.random(),
                task, 1, deployment, AccountId.random(), "small", Map.of("worker.cores", "4", "mode", "fast"));

        TaskOutcome outcome = execute(provider(), request);

        assertThat(outcome.status()).as("outcome %s", outcome).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        Map<String, String> seen = parseEnvironment(outcome.output());
        assertThat(System.getenv()).as("a server variable the script must not see")
                .containsKey("BERTH_DATABASE_PASSWORD");
        Set<String> expected = new TreeSet<>(request.environment().keySet());
        // PWD is not passed on: the shell sets and exports it itself.
        expected.addAll(List.of("PATH", "TMPDIR", "PWD"));
        for (String inherited : List.of("HOME", "LANG")) {
            if (System.getenv(inherited) != null) {
                expected.add(inherited);
            }
        }
        assertThat(new TreeSet<>(seen.keySet())).isEqualTo(expected);
        String workFolder = context.workDirectory().resolve("tasks").resolve(task + "-1").toString();
        assertThat(seen)
                .containsEntry("BERTH_DEPLOYMENT_ID", deployment.toString())
                .containsEntry("BERTH_TASK_ID", task.toString())
                .containsEntry("BERTH_ACTION", "configure")
                .containsEntry("BERTH_ATTEMPT", "1")
                .containsEntry("BERTH_PLAN", "small")
                .containsEntry("BERTH_PARAM_WORKER_CORES", "4")
                .containsEntry("BERTH_PARAM_MODE", "fast")
                .containsEntry("GREETING", "hello")
                .containsEntry("PATH", System.getenv("PATH"))
                .containsEntry("TMPDIR", workFolder)
                .containsEntry("PWD", workFolder)
                .doesNotContainKey("BERTH_DATABASE_PASSWORD");
    }

    @Test
    void successReturnsTheOutputWithStandardErrorMerged() throws IOException {
        ScriptSource script = install("hello.sh", "echo out\necho err >&2\n");

        TaskOutcome outcome = execute(provider(), request(sh("hello", script)));

        assertThat(outcome).isEqualTo(new TaskOutcome(TaskOutcome.Status.SUCCEEDED, 0, "out\nerr\n", ""));
    }

    @Test
    void nonZeroExitFailsWithTheExitCode() throws IOException {
        ScriptSource script = install("fail.sh", "echo broken\nexit 3\n");

        TaskOutcome outcome = execute(provider(), request(sh("fail", script)));

        assertThat(outcome).isEqualTo(new TaskOutcome(TaskOutcome.Status.FAILED, 3, "broken\n", "exit code 3"));
    }

    @Test
    void argumentsFollowTheScript() throws IOException {
        ScriptSource script = install("args.sh", "for a in \"$@\"; do echo \"[$a]\"; done\n");

        TaskOutcome outcome = execute(provider(),
                request(sh("args", script).withArguments(List.of("one", "two words", "$HOME"))));

        assertThat(outcome.output()).isEqualTo("[one]\n[two words]\n[$HOME]\n");
    }

    @Test
    void standardInputIsClosed() throws IOException {
        ScriptSource script = install("cat.sh", "cat\necho after\n");

        TaskOutcome outcome = execute(provider(), request(sh("cat", script)));

        assertThat(outcome).isEqualTo(new TaskOutcome(TaskOutcome.Status.SUCCEEDED, 0, "after\n", ""));
    }

    @Test
    void timeoutKillsTheWholeProcessTree() throws Exception {
        Path pidFile = outside.resolve("grandchild.pid");
        ScriptSource script = install("tree.sh", "sleep 300 &\necho $! > \"$1\"\nwait\n");
        TaskSpec spec = sh("tree", script).withArguments(List.of(pidFile.toString()))
                .withTimeout(Duration.ofSeconds(3));

        TaskOutcome outcome = execute(provider(), request(spec));

        assertThat(outcome.status()).as("outcome %s", outcome).isEqualTo(TaskOutcome.Status.TIMED_OUT);
        assertThat(outcome.reason()).isEqualTo("timed out after PT3S");
        long grandchild = Long.parseLong(Files.readString(pidFile).strip());
        awaitTrue(() -> !running(grandchild), "grandchild " + grandchild + " ended");
    }

    @Test
    void cancellationKillsTheWholeProcessTree() throws Exception {
        Path pidFile = outside.resolve("grandchild.pid");
        ScriptSource script = install("tree.sh", "sleep 300 &\necho $! > \"$1.tmp\"\nmv \"$1.tmp\" \"$1\"\nwait\n");
        TaskRequest request = request(sh("tree", script).withArguments(List.of(pidFile.toString())));
        RecordingTaskMonitor monitor = new RecordingTaskMonitor();
        Provider provider = provider();

        Future<TaskOutcome> running = runner.submit(() -> provider.execute(request, monitor));
        awaitTrue(() -> Files.exists(pidFile), "the script wrote the pid of its child");
        monitor.cancel();
        TaskOutcome outcome = assertTimeoutPreemptively(HANG_GUARD, () -> running.get());

        assertThat(outcome.status()).as("outcome %s", outcome).isEqualTo(TaskOutcome.Status.CANCELLED);
        assertThat(outcome.reason()).isEqualTo("cancelled");
        long grandchild = Long.parseLong(Files.readString(pidFile).strip());
        awaitTrue(() -> !running(grandchild), "grandchild " + grandchild + " ended");
    }

    @Test
    void taskCancelledBeforeItStartsDoesNotRun() throws IOException {
        Path marker = outside.resolve("ran");
        ScriptSource script = install("mark.sh", "touch \"$1\"\n");
        RecordingTaskMonitor monitor = new RecordingTaskMonitor();
        monitor.cancel();

        TaskOutcome outcome = execute(provider(), request(sh("mark", script).withArguments(List.of(marker.toString()))),
                monitor);

        assertThat(outcome.status()).isEqualTo(TaskOutcome.Status.CANCELLED);
        assertThat(marker).doesNotExist();
    }

    @Test
    void longOutputKeepsHeadAndTailWithinTheLimit() throws IOException {
        ScriptSource script = install("loud.sh",
                "echo first-line\nhead -c 10000000 /dev/zero | tr '\\000' x\necho\necho last-line\n");
        Provider provider = provider(Map.of(LocalProviderFactory.OUTPUT_LIMIT, "4096"));

        TaskOutcome outcome = execute(provider, request(sh("loud", script)));

        // 11 + 10,000,000 + 1 + 10 characters; 4096 / 2 - 64 = 1984 of them kept at each end.
        String expected = "first-line\n" + "x".repeat(1973)
                + "\n... [" + (10_000_022 - 2 * 1984) + " characters dropped] ...\n"
                + "x".repeat(1973) + "\nlast-line\n";
        assertThat(outcome.status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(outcome.output()).hasSizeLessThanOrEqualTo(4096).isEqualTo(expected);
    }

    @Test
    void progressLinesReachTheMonitorInOrderWhileTheTaskRuns() throws Exception {
        Path release = outside.resolve("release");
        ScriptSource script = install("progress.sh", String.join("\n",
                "echo 'berth:progress downloading'",
                "echo 'plain line'",
                "echo 'berth:progress   unpacking  '",
                "echo 'berth:progressive is not progress'",
                "echo 'berth:progress'",
                "echo 'berth:progress '",
                "while [ ! -e \"$1\" ]; do sleep 0.05; done",
                "printf 'berth:progress done'",
                ""));
        TaskRequest request = request(sh("progress", script).withArguments(List.of(release.toString())));
        RecordingTaskMonitor monitor = new RecordingTaskMonitor();
        Provider provider = provider();

        Future<TaskOutcome> running = runner.submit(() -> provider.execute(request, monitor));
        awaitTrue(() -> monitor.progress().size() >= 2, "two progress messages arrived");
        assertThat(monitor.progress()).containsExactly("downloading", "unpacking");
        Files.createFile(release);
        TaskOutcome outcome = assertTimeoutPreemptively(HANG_GUARD, () -> running.get());

        assertThat(outcome.status()).isEqualTo(TaskOutcome.Status.SUCCEEDED);
        assertThat(monitor.progress()).containsExactly("downloading", "unpacking", "done");
        assertThat(outcome.output()).isEqualTo("berth:progress downloading\nplain line\nberth:progress   unpacking  \n"
                + "berth:progressive is not progress\nberth:progress\nberth:progress \nberth:progress done");
    }

    @Test
    void fetchedScriptWithMatchingDigestRuns() throws IOException {
        Path marker = outside.resolve("ran");
        byte[] content = "#!/bin/sh\necho \"fetched $(basename \"$0\")\"\ntouch \"$1\"\n".getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(outside.resolve("install.sh"), content);
        ScriptSource.Fetched source = new ScriptSource.Fetched(file.toUri(), FileScriptFetcher.sha256(content));
        TaskSpec spec = TaskSpec.script("fetched", source, null).withArguments(List.of(marker.toString()));
        Provider provider = provider();

        assertThatCode(() -> provider.validate(spec)).doesNotThrowAnyException();
        TaskOutcome outcome = execute(provider, request(spec));

        assertThat(outcome).isEqualTo(new TaskOutcome(TaskOutcome.Status.SUCCEEDED, 0, "fetched install.sh\n", ""));
        assertThat(marker).exists();
    }

    @Test
    void fetchedScriptWithWrongDigestIsRefusedAndDoesNotRun() throws IOException {
        Path marker = outside.resolve("ran");
        Path file = Files.writeString(outside.resolve("install.sh"), "touch \"$1\"\n");
        String otherDigest = FileScriptFetcher.sha256("echo something else\n".getBytes(StandardCharsets.UTF_8));
        TaskSpec spec = sh("fetched", new ScriptSource.Fetched(file.toUri(), otherDigest))
                .withArguments(List.of(marker.toString()));

        assertThatThrownBy(() -> execute(provider(), request(spec)))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.SCRIPT_CHECKSUM_MISMATCH));
        assertThat(marker).doesNotExist();
    }

    @Test
    void fetchedCopyThatChangedAfterTheFetchIsRefusedAndDoesNotRun() throws IOException {
        Path marker = outside.resolve("ran");
        byte[] approved = "echo approved\n".getBytes(StandardCharsets.UTF_8);
        Path tampered = Files.writeString(outside.resolve("cached.sh"), "touch \"$1\"\n");
        context.close();
        context = TestProviderContext.builder().scripts(source -> tampered).build();
        ScriptSource.Fetched source = new ScriptSource.Fetched(outside.resolve("install.sh").toUri(),
                FileScriptFetcher.sha256(approved));
        TaskSpec spec = sh("fetched", source).withArguments(List.of(marker.toString()));

        assertThatThrownBy(() -> execute(provider(), request(spec)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.SCRIPT_CHECKSUM_MISMATCH);
                    assertThat(e.getMessage()).contains(source.url().toString());
                });
        assertThat(marker).doesNotExist();
    }

    @Test
    void fetchFailureKeepsItsCode() {
        TaskSpec spec = sh("fetched", new ScriptSource.Fetched(outside.resolve("absent.sh").toUri(),
                FileScriptFetcher.sha256(new byte[0])));

        assertThatThrownBy(() -> execute(provider(), request(spec)))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.SCRIPT_FETCH_FAILED));
    }

    @Test
    void installedPathCannotClimbOutOfTheRoot() {
        assertThatThrownBy(() -> new ScriptSource.Installed("../outside.sh"))
                .isInstanceOfSatisfying(BerthException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST));
        assertThatThrownBy(() -> new ScriptSource.Installed("tools/../../outside.sh"))
                .isInstanceOfSatisfying(BerthException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }

    @Test
    void linkToAFileOutsideTheRootIsRefused() throws IOException {
        Path marker = outside.resolve("ran");
        Path target = Files.writeString(outside.resolve("secret.sh"), "touch \"$1\"\n");
        Files.createSymbolicLink(scriptRoot.resolve("link.sh"), target);
        TaskSpec spec = sh("link", new ScriptSource.Installed("link.sh")).withArguments(List.of(marker.toString()));
        Provider provider = provider();

        assertRefusedAsEscape(() -> provider.validate(spec), "link.sh");
        assertRefusedAsEscape(() -> execute(provider, request(spec)), "link.sh");
        assertThat(marker).doesNotExist();
    }

    @Test
    void linkToAFolderOutsideTheRootIsRefused() throws IOException {
        Path marker = outside.resolve("ran");
        Files.writeString(outside.resolve("secret.sh"), "touch \"$1\"\n");
        Files.createSymbolicLink(scriptRoot.resolve("tools"), outside);
        TaskSpec spec = sh("link", new ScriptSource.Installed("tools/secret.sh"))
                .withArguments(List.of(marker.toString()));
        Provider provider = provider();

        assertRefusedAsEscape(() -> provider.validate(spec), "tools/secret.sh");
        assertRefusedAsEscape(() -> execute(provider, request(spec)), "tools/secret.sh");
        assertThat(marker).doesNotExist();
    }

    @Test
    void linkWithinTheRootIsFollowed() throws IOException {
        install("real.sh", "echo real\n");
        Files.createDirectory(scriptRoot.resolve("current"));
        Files.createSymbolicLink(scriptRoot.resolve("current").resolve("alias.sh"), scriptRoot.resolve("real.sh"));
        TaskSpec spec = sh("alias", new ScriptSource.Installed("current/alias.sh"));
        Provider provider = provider();

        assertThatCode(() -> provider.validate(spec)).doesNotThrowAnyException();
        assertThat(execute(provider, request(spec)).output()).isEqualTo("real\n");
    }

    @Test
    void missingInstalledScriptIsNotFound() {
        TaskSpec spec = sh("missing", new ScriptSource.Installed("nested/missing.sh"));
        Provider provider = provider();

        for (ThrowingCallable call : List.<ThrowingCallable>of(
                () -> provider.validate(spec),
                () -> execute(provider, request(spec)))) {
            assertThatThrownBy(call).isInstanceOfSatisfying(ProviderException.class, e -> {
                assertThat(e.errorCode()).isEqualTo(ErrorCode.SCRIPT_NOT_FOUND);
                assertThat(e.getMessage()).contains("nested/missing.sh");
            });
        }
    }

    @Test
    void missingInterpreterFailsWithAReason() throws IOException {
        ScriptSource script = install("ok.sh", "exit 0\n");

        TaskOutcome byName = execute(provider(), request(TaskSpec.script("ok", script, "berth-no-such-shell")));
        TaskOutcome byPath = execute(provider(), request(TaskSpec.script("ok", script, "/nonexistent/bin/sh")));

        assertThat(byName).isEqualTo(new TaskOutcome(TaskOutcome.Status.FAILED, null, "",
                "interpreter 'berth-no-such-shell' not found on PATH"));
        assertThat(byPath).isEqualTo(new TaskOutcome(TaskOutcome.Status.FAILED, null, "",
                "interpreter '/nonexistent/bin/sh' is not an executable file"));
    }

    @Test
    void interpreterMustBeAProgramNameOrAnAbsolutePath() throws IOException {
        ScriptSource script = install("ok.sh", "exit 0\n");
        Provider provider = provider();

        for (String interpreter : List.of("bin/sh", "./sh", "sh -x", "..")) {
            assertThatThrownBy(() -> provider.validate(TaskSpec.script("ok", script, interpreter)))
                    .as("interpreter '%s'", interpreter)
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_TASK_SPEC);
                        assertThat(e.getMessage()).contains("'" + interpreter + "'");
                    });
        }
        for (String interpreter : List.of("sh", "/bin/sh")) {
            assertThatCode(() -> provider.validate(TaskSpec.script("ok", script, interpreter)))
                    .as("interpreter '%s'", interpreter).doesNotThrowAnyException();
        }
    }

    @Test
    void scriptWithoutInterpreterMustBeExecutable() throws IOException {
        ScriptSource plain = install("plain.sh", "#!/bin/sh\necho plain\n");
        ScriptSource executable = install("exec.sh", "#!/bin/sh\necho executable\n");
        Files.setPosixFilePermissions(scriptRoot.resolve("exec.sh"), PosixFilePermissions.fromString("rwx------"));
        TaskSpec notExecutable = TaskSpec.script("plain", plain, null);
        Provider provider = provider();

        assertThatThrownBy(() -> provider.validate(notExecutable))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_TASK_SPEC));
        assertThat(execute(provider, request(notExecutable))).isEqualTo(new TaskOutcome(TaskOutcome.Status.FAILED,
                null, "", "script installed:plain.sh is not executable and the task names no interpreter"));
        assertThat(execute(provider, request(TaskSpec.script("exec", executable, null))))
                .isEqualTo(new TaskOutcome(TaskOutcome.Status.SUCCEEDED, 0, "executable\n", ""));
    }

    @Test
    void workFolderIsFreshAndDeletedAfterwards() throws IOException {
        ScriptSource script = install("files.sh", "ls -A\necho data > file.txt\nmkdir locked\ntouch locked/inside\n"
                + "chmod 500 locked\nmktemp > /dev/null\n");
        TaskId task = TaskId.random();
        Provider provider = provider();
        Path tasks = context.workDirectory().resolve("tasks");
        Files.createDirectories(tasks.resolve(task + "-2"));
        Files.writeString(tasks.resolve(task + "-2").resolve("leftover"), "from a crashed attempt");

        TaskOutcome outcome = execute(provider, request(sh("files", script), task, 2));

        assertThat(outcome).isEqualTo(new TaskOutcome(TaskOutcome.Status.SUCCEEDED, 0, "", ""));
        try (var remaining = Files.list(tasks)) {
            assertThat(remaining).isEmpty();
        }
    }

    @Test
    void scriptRootDefaultsToScriptsInTheWorkDirectory() throws IOException {
        Provider provider = new LocalProviderFactory().create(Map.of(), context);
        providers.add(provider);
        Files.writeString(context.workDirectory().resolve("scripts").resolve("default.sh"), "echo default\n");

        TaskOutcome outcome = execute(provider, request(sh("default", new ScriptSource.Installed("default.sh"))));

        assertThat(outcome.output()).isEqualTo("default\n");
        assertThat(provider.health()).isEqualTo(ProviderHealth.healthy());
    }

    @Test
    void healthReportsAMissingScriptRoot() {
        Path missing = outside.resolve("no-such-root");
        Provider provider = provider(Map.of(LocalProviderFactory.SCRIPT_ROOT, missing.toString()));

        assertThat(provider().health()).isEqualTo(ProviderHealth.healthy());
        assertThat(provider.health()).isEqualTo(ProviderHealth.unhealthy(
                "script root " + missing + " does not exist or is not a folder"));
    }

    @ParameterizedTest
    @CsvSource({
            "output.limit, many",
            "output.limit, 100",
            "output.limit, 65537",
            "kill.grace, soon",
            "kill.grace, -PT1S",
            "kill.grace, PT6M",
            "script.root, ' '",
            "script.roots, /opt/scripts",
    })
    void badSettingsAreRefused(String name, String value) {
        assertThatThrownBy(() -> new LocalProviderFactory().create(Map.of(name, value), context))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains(name);
                });
    }

    @ParameterizedTest
    @CsvSource({"kill.grace, 5", "kill.grace, PT0.5S", "kill.grace, PT0S", "output.limit, 1024", "output.limit, 65536"})
    void goodSettingsAreAccepted(String name, String value) {
        assertThatCode(() -> providers.add(new LocalProviderFactory().create(Map.of(name, value), context)))
                .doesNotThrowAnyException();
    }

    @Test
    void otherKindsAreRefused() throws IOException {
        ScriptSource script = install("ok.sh", "exit 0\n");
        TaskSpec container = new TaskSpec("ok", "container", script, "sh", null, null, null, null, 0, null, false);

        assertThatThrownBy(() -> provider().validate(container))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_TASK_SPEC));
    }

    @Test
    void closedProviderRefusesTasks() throws IOException {
        ScriptSource script = install("ok.sh", "exit 0\n");
        Provider provider = provider();
        provider.close();

        assertThatThrownBy(() -> provider.execute(request(sh("ok", script)), TaskMonitor.none()))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
        assertThat(provider.health().up()).isFalse();
    }

    private static void assertRefusedAsEscape(ThrowingCallable call, String path) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_TASK_SPEC);
            assertThat(e.getMessage()).contains("'" + path + "'").contains("outside the script root");
        });
    }

    private Provider provider() {
        return provider(Map.of());
    }

    private Provider provider(Map<String, String> extraSettings) {
        Map<String, String> settings = new HashMap<>();
        settings.put(LocalProviderFactory.SCRIPT_ROOT, scriptRoot.toString());
        settings.putAll(extraSettings);
        Provider provider = new LocalProviderFactory().create(settings, context);
        providers.add(provider);
        return provider;
    }

    private ScriptSource install(String path, String content) throws IOException {
        Files.writeString(scriptRoot.resolve(path), content);
        return new ScriptSource.Installed(path);
    }

    private static TaskSpec sh(String name, ScriptSource script) {
        return TaskSpec.script(name, script, "sh");
    }

    private static TaskRequest request(TaskSpec spec) {
        return request(spec, TaskId.random(), 1);
    }

    private static TaskRequest request(TaskSpec spec, TaskId task, int attempt) {
        return new TaskRequest(spec, TaskPhase.INSTALL, CommandAction.INSTALL, CommandId.random(), task, attempt,
                DeploymentId.random(), AccountId.random(), "plan", Map.of());
    }

    private static TaskOutcome execute(Provider provider, TaskRequest request) {
        return execute(provider, request, TaskMonitor.none());
    }

    private static TaskOutcome execute(Provider provider, TaskRequest request, TaskMonitor monitor) {
        return assertTimeoutPreemptively(HANG_GUARD, () -> provider.execute(request, monitor));
    }

    private static Map<String, String> parseEnvironment(String output) {
        Map<String, String> environment = new HashMap<>();
        for (String line : output.split("\n")) {
            int equals = line.indexOf('=');
            assertThat(equals).as("line '%s' of env", line).isPositive();
            environment.put(line.substring(0, equals), line.substring(equals + 1));
        }
        return environment;
    }

    /** Polls until {@code condition} holds, failing after {@link #HANG_GUARD}. */
    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    /** Whether the process runs; a zombie has ended, it only waits for init to collect it. */
    private static boolean running(long pid) {
        boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        if (!alive || !Files.isDirectory(Path.of("/proc"))) {
            return alive;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.ISO_8859_1);
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            // The process ended between the two looks.
            return false;
        }
    }
}
