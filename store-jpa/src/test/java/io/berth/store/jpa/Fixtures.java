package io.berth.store.jpa;

import io.berth.core.account.AccountId;
import io.berth.core.catalog.ConfigurationId;
import io.berth.core.catalog.PlanId;
import io.berth.core.catalog.ScriptSource;
import io.berth.core.catalog.ServiceConfiguration;
import io.berth.core.catalog.ServicePlan;
import io.berth.core.catalog.TaskPhase;
import io.berth.core.catalog.TaskSpec;
import io.berth.core.provisioning.CommandAction;
import io.berth.core.provisioning.CommandEvent;
import io.berth.core.provisioning.CommandId;
import io.berth.core.provisioning.DeploymentHealth;
import io.berth.core.provisioning.DeploymentId;
import io.berth.core.provisioning.ServiceCommand;
import io.berth.core.provisioning.ServiceDeployment;
import io.berth.core.provisioning.ServiceTask;
import io.berth.core.provisioning.TaskId;
import io.berth.core.state.State;
import io.berth.platform.store.NewCommand;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Domain values for the store tests; every instant is a fixed offset from {@link #T0}, never the wall clock. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private Fixtures() {
    }

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static ServicePlan plan(String name) {
        return new ServicePlan(PlanId.random(), name, "The " + name + " service", T0);
    }

    /** A configuration that uses every field of a task spec: both script kinds, none, arguments, maps. */
    static ServiceConfiguration configuration(PlanId plan, int version) {
        TaskSpec prepare = new TaskSpec("prepare", "script", new ScriptSource.Installed("notebook/prepare.sh"), "bash",
                List.of("--zeta", "alpha", "--zeta", "with space", ""),
                Map.of("NOTEBOOK_HOME", "/srv/notebook", "EMPTY", ""),
                Map.of("cpu", "2", "memory.limit", "4Gi"),
                Duration.ofSeconds(90), 3, Duration.ofMillis(1500), true);
        TaskSpec fetch = new TaskSpec("fetch", "script",
                new ScriptSource.Fetched(URI.create("https://scripts.example.org/install.py?v=3"),
                        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
                "python3", List.of("install"), Map.of(), Map.of(), Duration.ofMinutes(5), 0, Duration.ofSeconds(1),
                false);
        TaskSpec register = new TaskSpec("register", "noop", null, null, List.of(), Map.of(),
                Map.of("endpoint", "http://registry.local/notebooks"), null, 10, Duration.ofHours(1), false);
        TaskSpec cleanup = TaskSpec.script("cleanup", new ScriptSource.Installed("notebook/remove.sh"), "sh")
                .withArguments(List.of("--force"));
        TaskSpec probe = TaskSpec.script("probe", new ScriptSource.Installed("notebook/health.sh"), null)
                .withTimeout(Duration.ofSeconds(5)).withRepeatable(true);
        return new ServiceConfiguration(ConfigurationId.random(), plan, version, List.of(prepare, fetch, register),
                List.of(cleanup), probe, Duration.ofSeconds(30), at(version));
    }

    /** A small configuration: one install task, one remove task, no health check. */
    static ServiceConfiguration simpleConfiguration(PlanId plan, int version) {
        return new ServiceConfiguration(ConfigurationId.random(), plan, version,
                List.of(TaskSpec.script("install", new ScriptSource.Installed("svc/install.sh"), "sh")),
                List.of(TaskSpec.script("remove", new ScriptSource.Installed("svc/remove.sh"), "sh")),
                null, null, at(version));
    }

    static NewCommand install(ServiceConfiguration configuration, AccountId owner, String key, Instant created) {
        return install(configuration, owner, key, created, created, Map.of("size", "small"));
    }

    static NewCommand install(ServiceConfiguration configuration, AccountId owner, String key, Instant created,
                              Instant notBefore, Map<String, String> parameters) {
        DeploymentId deploymentId = DeploymentId.random();
        ServiceDeployment deployment = new ServiceDeployment(deploymentId, configuration.plan(), configuration.id(),
                owner, parameters, State.INITIATED, DeploymentHealth.UNKNOWN, "", created, created);
        return command(CommandAction.INSTALL, configuration, deploymentId, deployment, owner, key, created, notBefore,
                parameters);
    }

    /** A configure or remove of an existing deployment. */
    static NewCommand followUp(CommandAction action, ServiceConfiguration configuration, DeploymentId deployment,
                               AccountId requester, String key, Instant created) {
        return command(action, configuration, deployment, null, requester, key, created, created,
                Map.of("size", "large"));
    }

    private static NewCommand command(CommandAction action, ServiceConfiguration configuration,
                                      DeploymentId deployment, ServiceDeployment newDeployment, AccountId requester,
                                      String key, Instant created, Instant notBefore,
                                      Map<String, String> parameters) {
        CommandId id = CommandId.random();
        ServiceCommand command = new ServiceCommand(id, action, configuration.plan(), deployment, configuration.id(),
                parameters, requester, key, "sha256:" + id, State.INITIATED, "accepted", created, created);
        TaskPhase phase = action == CommandAction.REMOVE ? TaskPhase.REMOVE : TaskPhase.INSTALL;
        List<TaskSpec> specs = configuration.tasks(phase);
        List<ServiceTask> tasks = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            tasks.add(new ServiceTask(TaskId.random(), id, i, configuration.id(), phase, i, specs.get(i).name(),
                    specs.get(i).kind(), State.INITIATED, 0, null, null, null, "", ""));
        }
        CommandEvent event = new CommandEvent(id, 1, created, CommandEvent.Type.COMMAND, null, null, State.INITIATED,
                0, "accepted");
        return new NewCommand(command, tasks, newDeployment, event, notBefore);
    }

    static CommandEvent commandEvent(CommandId command, long seq, Instant at, State state, String message) {
        return new CommandEvent(command, seq, at, CommandEvent.Type.COMMAND, null, null, state, 0, message);
    }

    static CommandEvent taskEvent(ServiceTask task, long seq, Instant at, String message) {
        return new CommandEvent(task.command(), seq, at, CommandEvent.Type.TASK, task.id(), task.name(), task.state(),
                task.attempt(), message);
    }
}
