package io.berth.server;

import io.berth.core.account.AccountId;
import io.berth.core.account.Principal;
import io.berth.core.account.Role;
import io.berth.core.catalog.ScriptSource;
import io.berth.core.catalog.TaskSpec;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.catalog.CatalogService;
import io.berth.platform.catalog.ConfigurationDraft;
import io.berth.platform.provider.ProviderRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The demo catalog of a fresh installation: a {@code notebook} plan whose tasks are small shell scripts
 * that print what a real deployment would do. The scripts are copied into the script root (files already
 * there are kept, so an operator may edit them), and the plan is made only while the catalog is empty.
 */
final class DemoCatalog {
    static final String PLAN = "notebook";
    private static final Logger LOG = LoggerFactory.getLogger(DemoCatalog.class);
    private static final String RESOURCES = "/demo/scripts/notebook/";
    private static final List<String> SCRIPTS = List.of("install.sh", "configure.sh", "start.sh", "remove.sh",
            "health.sh");
    /** The catalog checks only the role; the demo is made by the server itself, not by an account. */
    private static final Principal SYSTEM = new Principal(new AccountId(new UUID(0, 0)), "system", Role.ADMIN);

    private DemoCatalog() {
    }

    /** @return whether the demo plan was made now */
    static boolean install(CatalogService catalog, ProviderRegistry providers, Path scriptRoot) {
        if (!catalog.listPlans().isEmpty()) {
            return false;
        }
        if (providers.forKind(TaskSpec.SCRIPT_KIND).isEmpty()) {
            LOG.info("demo catalog skipped: no provider runs '{}' tasks", TaskSpec.SCRIPT_KIND);
            return false;
        }
        copyScripts(scriptRoot.resolve(PLAN));
        try {
            catalog.createPlan(SYSTEM, PLAN, "A notebook (demo: local scripts that print what they would do)",
                    configuration());
            LOG.info("demo catalog: created plan '{}' with scripts under {}", PLAN, scriptRoot.resolve(PLAN));
            return true;
        } catch (BerthException e) {
            if (e.errorCode() == ErrorCode.PLAN_EXISTS) {
                return false;
            }
            throw e;
        }
    }

    static ConfigurationDraft configuration() {
        Duration timeout = Duration.ofMinutes(1);
        return new ConfigurationDraft(
                List.of(task("prepare", "install.sh", timeout).withRepeatable(true),
                        task("configure", "configure.sh", timeout).withRepeatable(true),
                        task("start", "start.sh", timeout).withRetries(1, Duration.ofSeconds(1))),
                List.of(task("stop", "remove.sh", timeout).withRepeatable(true)),
                task("probe", "health.sh", Duration.ofSeconds(30)),
                Duration.ofMinutes(1));
    }

    private static TaskSpec task(String name, String script, Duration timeout) {
        return TaskSpec.script(name, new ScriptSource.Installed(PLAN + "/" + script), "sh")
                .withTimeout(timeout)
                .withEnvironment(Map.of("NOTEBOOK_LOG_LEVEL", "info"));
    }

    private static void copyScripts(Path folder) {
        try {
            Files.createDirectories(folder);
            for (String script : SCRIPTS) {
                Path target = folder.resolve(script);
                if (Files.exists(target)) {
                    continue;
                }
                try (InputStream in = DemoCatalog.class.getResourceAsStream(RESOURCES + script)) {
                    if (in == null) {
                        throw new IllegalStateException("demo script " + script + " is missing from the server's jar");
                    }
                    Files.copy(in, target);
                }
                try {
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                } catch (UnsupportedOperationException e) {
                    target.toFile().setExecutable(true);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the demo scripts to " + folder, e);
        }
    }
}
