package io.berth.platform.provisioning;

import io.berth.core.account.AccountId;
import io.berth.core.account.Principal;
import io.berth.core.catalog.ServiceConfiguration;
import io.berth.core.catalog.ServicePlan;
import io.berth.core.catalog.TaskPhase;
import io.berth.core.catalog.TaskSpec;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
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
import io.berth.platform.catalog.CatalogService;
import io.berth.platform.store.CommandQuery;
import io.berth.platform.store.NewCommand;
import io.berth.platform.store.ProvisioningStore;
import io.berth.platform.store.Submission;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Accepts commands and answers questions about commands and deployments. A command and all its tasks are
 * stored before anything runs; the {@link Executor} runs them.
 */
public final class CommandService {
    private final ProvisioningStore store;
    private final CatalogService catalog;
    private final Clock clock;
    private final CommandListener listener;
    private final List<ParameterExpander> expanders = new java.util.concurrent.CopyOnWriteArrayList<>();

    public CommandService(ProvisioningStore store, CatalogService catalog, Clock clock, CommandListener listener) {
        this.store = requireNonNull(store, "store is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.listener = requireNonNull(listener, "listener is null");
    }

    /** Adds a source of platform-owned parameters for install and configure commands; see {@link ParameterExpander}. */
    public void addExpander(ParameterExpander expander) {
        expanders.add(requireNonNull(expander, "expander is null"));
    }

    private Map<String, String> expand(Principal caller, ServicePlan plan, Map<String, String> parameters) {
        if (expanders.isEmpty()) {
            return parameters;
        }
        Map<String, String> expanded = new java.util.TreeMap<>(parameters);
        for (ParameterExpander expander : expanders) {
            expanded.putAll(expander.expand(caller, plan, java.util.Collections.unmodifiableMap(expanded)));
            expanded.values().removeIf(java.util.Objects::isNull);
        }
        return Map.copyOf(expanded);
    }

    /** The accepted command, and whether it was stored before under the same idempotency key. */
    public record Accepted(ServiceCommand command, boolean replayed) {
    }

    /**
     * Accepts a command.
     *
     * @param idempotencyKey null, or a key: the same key with the same request returns the first command
     *                       ({@code replayed}); with a different request it is refused (IDEMPOTENCY_KEY_REUSED)
     */
    public Accepted submit(Principal caller, CommandRequest request, String idempotencyKey) {
        requireNonNull(caller, "caller is null");
        requireNonNull(request, "request is null");
        String fingerprint = request.fingerprint();
        if (idempotencyKey != null) {
            // a retry is answered before anything else is checked: the retry of a remove that has finished
            // must replay the remove, not be refused because the deployment is now removed
            Optional<ServiceCommand> earlier = store.findByIdempotencyKey(caller.account(), idempotencyKey);
            if (earlier.isPresent()) {
                return replay(earlier.get(), fingerprint, idempotencyKey);
            }
        }
        Instant now = clock.instant();
        CommandId commandId = CommandId.random();

        ServicePlan plan;
        ServiceConfiguration configuration;
        ServiceDeployment newDeployment = null;
        DeploymentId deploymentId;
        Map<String, String> parameters;
        TaskPhase phase;
        switch (request.action()) {
            case INSTALL -> {
                plan = catalog.plan(request.plan());
                configuration = catalog.latestConfiguration(plan.id())
                        .orElseThrow(() -> new BerthException(ErrorCode.PLAN_HAS_NO_CONFIGURATION,
                                "plan '" + plan.name() + "' has no configuration yet"));
                deploymentId = DeploymentId.random();
                parameters = expand(caller, plan, request.parameters());
                newDeployment = new ServiceDeployment(deploymentId, plan.id(), configuration.id(), caller.account(),
                        parameters, State.INITIATED, DeploymentHealth.UNKNOWN, "", now, now);
                phase = TaskPhase.INSTALL;
            }
            case CONFIGURE -> {
                ServiceDeployment deployment = activeDeployment(caller, request.deployment());
                plan = catalog.plan(deployment.plan());
                // configure brings the deployment to the plan's newest configuration with the new parameters
                configuration = catalog.latestConfiguration(plan.id()).orElseThrow();
                deploymentId = deployment.id();
                Map<String, String> merged = new HashMap<>(deployment.parameters());
                merged.putAll(request.parameters());
                parameters = expand(caller, plan, merged);
                phase = TaskPhase.INSTALL;
            }
            case REMOVE -> {
                ServiceDeployment deployment = activeDeployment(caller, request.deployment());
                plan = catalog.plan(deployment.plan());
                configuration = catalog.configuration(deployment.configuration());
                deploymentId = deployment.id();
                parameters = deployment.parameters();
                phase = TaskPhase.REMOVE;
            }
            default -> throw new IllegalStateException(request.action().toString());
        }

        ServiceCommand command = new ServiceCommand(commandId, request.action(), plan.id(), deploymentId,
                configuration.id(), parameters, caller.account(), idempotencyKey, fingerprint, State.INITIATED, "",
                now, now);
        List<ServiceTask> tasks = new ArrayList<>();
        List<TaskSpec> specs = configuration.tasks(phase);
        for (int i = 0; i < specs.size(); i++) {
            TaskSpec spec = specs.get(i);
            tasks.add(new ServiceTask(TaskId.random(), commandId, i, configuration.id(), phase, i, spec.name(),
                    spec.kind(), State.INITIATED, 0, null, null, null, "", ""));
        }
        CommandEvent created = new CommandEvent(commandId, 1, now, CommandEvent.Type.COMMAND, null, null,
                State.INITIATED, 0, request.action().name().toLowerCase(java.util.Locale.ROOT) + " accepted with "
                        + tasks.size() + " task(s)");
        Submission submission = store.submit(new NewCommand(command, tasks, newDeployment, created, now));
        if (submission instanceof Submission.Existing existing) {
            return replay(existing.command(), fingerprint, idempotencyKey);
        }
        listener.changed(commandId);
        if (request.action() == CommandAction.REMOVE) {
            listener.cancelRequested(deploymentId);
        }
        return new Accepted(submission.command(), false);
    }

    private static Accepted replay(ServiceCommand earlier, String fingerprint, String idempotencyKey) {
        if (!earlier.requestFingerprint().equals(fingerprint)) {
            throw new BerthException(ErrorCode.IDEMPOTENCY_KEY_REUSED, "idempotency key '" + idempotencyKey
                    + "' was used for a different request (command " + earlier.id() + ")");
        }
        return new Accepted(earlier, true);
    }

    /** A command with its tasks. */
    public record CommandDetails(ServiceCommand command, String planName, int configurationVersion,
            List<ServiceTask> tasks) {
    }

    public CommandDetails getCommand(Principal caller, CommandId id) {
        ServiceCommand command = visibleCommand(caller, id);
        return details(command);
    }

    public List<CommandDetails> listCommands(Principal caller, DeploymentId deployment, int limit) {
        AccountId requester = null;
        if (deployment != null) {
            visibleDeployment(caller, deployment);
        } else if (!caller.isAdmin()) {
            requester = caller.account();
        }
        return store.listCommands(new CommandQuery(requester, deployment, limit)).stream()
                .filter(c -> caller.mayAccess(c.requester()) || deployment != null)
                .map(this::details).toList();
    }

    private CommandDetails details(ServiceCommand command) {
        return new CommandDetails(command, catalog.plan(command.plan()).name(),
                catalog.configuration(command.configuration()).version(), store.tasks(command.id()));
    }

    /** A deployment with its plan's name and configuration version. */
    public record DeploymentDetails(ServiceDeployment deployment, String planName, int configurationVersion) {
    }

    public DeploymentDetails getDeployment(Principal caller, DeploymentId id) {
        return details(visibleDeployment(caller, id));
    }

    /** The caller's deployments; an admin's {@code all} lists everyone's. */
    public List<DeploymentDetails> listDeployments(Principal caller, boolean all, boolean includeRemoved, int limit) {
        AccountId owner = caller.isAdmin() && all ? null : caller.account();
        return store.listDeployments(owner, includeRemoved, limit).stream().map(this::details).toList();
    }

    private DeploymentDetails details(ServiceDeployment deployment) {
        return new DeploymentDetails(deployment, catalog.plan(deployment.plan()).name(),
                catalog.configuration(deployment.configuration()).version());
    }

    /** Events after {@code afterSeq}, for progress streams. */
    public List<CommandEvent> events(Principal caller, CommandId id, long afterSeq, int limit) {
        visibleCommand(caller, id);
        return store.events(id, afterSeq, limit);
    }

    /** The command, for a caller allowed to see it; someone else's command is "not found". */
    public ServiceCommand visibleCommand(Principal caller, CommandId id) {
        return store.findCommand(id).filter(c -> caller.mayAccess(c.requester()))
                .orElseThrow(() -> new BerthException(ErrorCode.COMMAND_NOT_FOUND, "no command " + id));
    }

    private ServiceDeployment activeDeployment(Principal caller, DeploymentId id) {
        ServiceDeployment deployment = visibleDeployment(caller, id);
        if (deployment.state() == State.REMOVED) {
            throw new BerthException(ErrorCode.DEPLOYMENT_REMOVED, "deployment " + id + " was removed");
        }
        return deployment;
    }

    private ServiceDeployment visibleDeployment(Principal caller, DeploymentId id) {
        return store.findDeployment(id).filter(d -> caller.mayAccess(d.owner()))
                .orElseThrow(() -> new BerthException(ErrorCode.DEPLOYMENT_NOT_FOUND, "no deployment " + id));
    }
}
