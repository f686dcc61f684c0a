package io.berth.store.jpa;

import io.berth.core.account.AccountId;
import io.berth.core.catalog.ConfigurationId;
import io.berth.core.catalog.PlanId;
import io.berth.core.catalog.TaskPhase;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.provisioning.CommandAction;
import io.berth.core.provisioning.CommandEvent;
import io.berth.core.provisioning.CommandId;
import io.berth.core.provisioning.DeploymentHealth;
import io.berth.core.provisioning.DeploymentId;
import io.berth.core.provisioning.HealthStatus;
import io.berth.core.provisioning.ServiceCommand;
import io.berth.core.provisioning.ServiceDeployment;
import io.berth.core.provisioning.ServiceTask;
import io.berth.core.provisioning.TaskId;
import io.berth.core.state.State;
import io.berth.platform.store.Claim;
import io.berth.platform.store.CommandQuery;
import io.berth.platform.store.LeaseStatus;
import io.berth.platform.store.NewCommand;
import io.berth.platform.store.ProvisioningStore;
import io.berth.platform.store.Step;
import io.berth.platform.store.Submission;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Commands, tasks, events and deployments.
 *
 * <p>Lock order: a transaction that locks both a deployment and commands of it locks the deployment first
 * (submit locks it explicitly, apply updates it before the command). Two such transactions therefore wait for
 * each other instead of deadlocking.
 *
 * <p>The executor's hot path (claim, renew, apply) runs a few fixed SQL statements through {@link Jdbc}. Each
 * update names exactly the columns the contract allows: an entity's full-row update would write back columns
 * another transaction may have changed meanwhile (a deployment's health result, a command's cancel flag), and
 * loading an entity to change it costs a select per row. Everything else goes through the entities.
 */
final class JpaProvisioningStore implements ProvisioningStore {
    private static final List<Integer> ACTIVE = List.of(State.INITIATED.code(), State.PENDING.code());
    /** A submit that lost an idempotency race to a transaction that then rolled back is tried again this often. */
    private static final int SUBMIT_ATTEMPTS = 5;
    /** How often one claim looks again after a concurrent claim took its candidate (possible on H2 only). */
    private static final int CLAIM_ATTEMPTS = 5;

    private final Transactions transactions;
    private final Vendor vendor;

    JpaProvisioningStore(Transactions transactions, Vendor vendor) {
        this.transactions = transactions;
        this.vendor = vendor;
    }

    @Override
    public Submission submit(NewCommand newCommand) {
        requireNonNull(newCommand, "command is null");
        check(newCommand);
        ServiceCommand command = newCommand.command();
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.write("submit", em -> submitOnce(em, newCommand));
            } catch (KeyTaken e) {
                // The unique constraint stopped a concurrent submit with the same key; the winner has committed
                // unless it rolled back after all, in which case this submit may go ahead.
                Optional<ServiceCommand> winner = transactions.read("submit",
                        em -> commandByKey(em, command.requester(), command.idempotencyKey()));
                if (winner.isPresent()) {
                    return new Submission.Existing(winner.get());
                }
                if (attempt >= SUBMIT_ATTEMPTS) {
                    throw new BerthException(ErrorCode.STORE_UNAVAILABLE,
                            "store: submit kept colliding on idempotency key of command " + command.id());
                }
            }
        }
    }

    private static void check(NewCommand newCommand) {
        ServiceCommand command = newCommand.command();
        if (command.action() == CommandAction.INSTALL) {
            if (newCommand.newDeployment() == null
                    || !newCommand.newDeployment().id().equals(command.deployment())) {
                throw new IllegalArgumentException("an install needs the new deployment " + command.deployment());
            }
        } else if (newCommand.newDeployment() != null) {
            throw new IllegalArgumentException("only an install creates a deployment: " + command.action());
        }
        for (ServiceTask task : newCommand.tasks()) {
            if (!task.command().equals(command.id())) {
                throw new IllegalArgumentException("task " + task.id() + " belongs to command " + task.command());
            }
        }
        if (!newCommand.initialEvent().command().equals(command.id())) {
            throw new IllegalArgumentException("the initial event belongs to command " + newCommand.initialEvent().command());
        }
    }

    private Submission submitOnce(EntityManager em, NewCommand newCommand) {
        ServiceCommand command = newCommand.command();
        String key = command.idempotencyKey();
        if (key != null) {
            Optional<ServiceCommand> existing = commandByKey(em, command.requester(), key);
            if (existing.isPresent()) {
                return new Submission.Existing(existing.get());
            }
        }
        if (command.action() == CommandAction.INSTALL) {
            em.persist(DeploymentEntity.of(newCommand.newDeployment()));
        } else {
            DeploymentEntity deployment = em.find(DeploymentEntity.class, command.deployment().value(),
                    LockModeType.PESSIMISTIC_WRITE);
            if (deployment == null) {
                throw new BerthException(ErrorCode.DEPLOYMENT_NOT_FOUND, "no deployment " + command.deployment());
            }
            if (key != null) {
                // A submit with this key may have committed while this one waited for the lock.
                Optional<ServiceCommand> existing = commandByKey(em, command.requester(), key);
                if (existing.isPresent()) {
                    return new Submission.Existing(existing.get());
                }
            }
            if (deployment.state == State.REMOVED.code()) {
                throw new BerthException(ErrorCode.DEPLOYMENT_REMOVED,
                        "deployment " + command.deployment() + " is removed");
            }
            Long removals = em.createQuery("select count(c) from CommandEntity c where c.deploymentId = :deployment"
                            + " and c.action = :remove and c.state in :active", Long.class)
                    .setParameter("deployment", deployment.id)
                    .setParameter("remove", CommandAction.REMOVE.name())
                    .setParameter("active", ACTIVE)
                    .getSingleResult();
            if (removals > 0) {
                throw new BerthException(ErrorCode.DEPLOYMENT_REMOVED,
                        "deployment " + command.deployment() + " is being removed");
            }
            if (command.action() == CommandAction.REMOVE) {
                em.createQuery("update CommandEntity c set c.cancelRequested = true"
                                + " where c.deploymentId = :deployment and c.state in :active")
                        .setParameter("deployment", deployment.id)
                        .setParameter("active", ACTIVE)
                        .executeUpdate();
            }
        }
        CommandEntity stored = CommandEntity.of(command, newCommand.notBefore());
        em.persist(stored);
        newCommand.tasks().forEach(task -> em.persist(TaskEntity.of(task)));
        em.persist(CommandEventEntity.of(newCommand.initialEvent()));
        try {
            em.flush();
        } catch (PersistenceException e) {
            if (key != null && StoreErrors.isUniqueViolation(e, "uk_command_idempotency")) {
                throw new KeyTaken();
            }
            if (StoreErrors.isForeignKeyViolation(e)) {
                throw new BerthException(ErrorCode.CONFIGURATION_NOT_FOUND, "the plan " + command.plan()
                        + " or its configuration " + command.configuration() + " does not exist", e);
            }
            throw e;
        }
        return new Submission.Created(stored.toDomain());
    }

    @Override
    public Optional<ServiceCommand> findCommand(CommandId id) {
        requireNonNull(id, "id is null");
        return transactions.read("findCommand",
                em -> Optional.ofNullable(em.find(CommandEntity.class, id.value())).map(CommandEntity::toDomain));
    }

    @Override
    public Optional<ServiceCommand> findByIdempotencyKey(AccountId requester, String idempotencyKey) {
        requireNonNull(requester, "requester is null");
        requireNonNull(idempotencyKey, "idempotencyKey is null");
        return transactions.read("findByIdempotencyKey", em -> commandByKey(em, requester, idempotencyKey));
    }

    @Override
    public List<ServiceCommand> listCommands(CommandQuery query) {
        requireNonNull(query, "query is null");
        StringBuilder jpql = new StringBuilder("select c from CommandEntity c where 1 = 1");
        if (query.requester() != null) {
            jpql.append(" and c.requesterId = :requester");
        }
        if (query.deployment() != null) {
            jpql.append(" and c.deploymentId = :deployment");
        }
        jpql.append(" order by c.created desc, c.id desc");
        return transactions.read("listCommands", em -> {
            TypedQuery<CommandEntity> select = em.createQuery(jpql.toString(), CommandEntity.class);
            if (query.requester() != null) {
                select.setParameter("requester", query.requester().value());
            }
            if (query.deployment() != null) {
                select.setParameter("deployment", query.deployment().value());
            }
            return select.setMaxResults(query.limit()).getResultStream().map(CommandEntity::toDomain).toList();
        });
    }

    @Override
    public List<ServiceTask> tasks(CommandId command) {
        requireNonNull(command, "command is null");
        return transactions.read("tasks", em -> tasks(em, command.value()));
    }

    @Override
    public Optional<ServiceDeployment> findDeployment(DeploymentId id) {
        requireNonNull(id, "id is null");
        return transactions.read("findDeployment", em -> Optional
                .ofNullable(em.find(DeploymentEntity.class, id.value())).map(DeploymentEntity::toDomain));
    }

    @Override
    public List<ServiceDeployment> listDeployments(AccountId owner, boolean includeRemoved, int limit) {
        positive(limit, "limit");
        StringBuilder jpql = new StringBuilder("select d from DeploymentEntity d where 1 = 1");
        if (owner != null) {
            jpql.append(" and d.ownerId = :owner");
        }
        if (!includeRemoved) {
            jpql.append(" and d.state <> :removed");
        }
        jpql.append(" order by d.created desc, d.id desc");
        return transactions.read("listDeployments", em -> {
            TypedQuery<DeploymentEntity> select = em.createQuery(jpql.toString(), DeploymentEntity.class);
            if (owner != null) {
                select.setParameter("owner", owner.value());
            }
            if (!includeRemoved) {
                select.setParameter("removed", State.REMOVED.code());
            }
            return select.setMaxResults(limit).getResultStream().map(DeploymentEntity::toDomain).toList();
        });
    }

    @Override
    public List<CommandEvent> events(CommandId command, long afterSeq, int limit) {
        requireNonNull(command, "command is null");
        positive(limit, "limit");
        return transactions.read("events", em -> em
                .createQuery("select e from CommandEventEntity e where e.commandId = :command and e.seq > :after"
                        + " order by e.seq", CommandEventEntity.class)
                .setParameter("command", command.value())
                .setParameter("after", afterSeq)
                .setMaxResults(limit)
                .getResultStream().map(CommandEventEntity::toDomain).toList());
    }

    @Override
    public Optional<Claim> claim(String owner, Instant now, Duration lease) {
        requireNonNull(owner, "owner is null");
        requireNonNull(now, "now is null");
        positive(lease, "lease");
        Instant at = Times.stored(now);
        Instant until = Times.stored(now.plus(lease));
        return transactions.write("claim", em -> {
            for (int attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
                Object[] times = new Object[2 * vendor.claimParameterCopies()];
                Arrays.fill(times, at);
                List<UUID> candidates = Jdbc.query(em, vendor.claimCommandSql(), rows -> Jdbc.uuid(rows, 1), times);
                if (candidates.isEmpty()) {
                    return Optional.empty();
                }
                for (UUID id : candidates) {
                    int taken = Jdbc.update(em, "UPDATE command SET lease_owner = ?, lease_until = ?"
                                    + " WHERE id = ? AND state IN (0, 1) AND (not_before <= ? OR cancel_requested)"
                                    + " AND (lease_until IS NULL OR lease_until < ?)",
                            owner, until, id, at, at);
                    if (taken == 1) {
                        return Optional.of(claimed(em, id, until));
                    }
                }
            }
            // Every candidate went to a concurrent claim; the caller polls again anyway.
            return Optional.empty();
        });
    }

    /**
     * Reads what the executor needs with plain JDBC: the claim is the other half of the hot path, and Hibernate's
     * per-query overhead was most of its cost. The mapping mirrors the entities' toDomain; the claim tests compare
     * both against the submitted records.
     */
    private static Claim claimed(EntityManager em, UUID id, Instant until) {
        record CommandRow(ServiceCommand command, boolean cancelRequested) {
        }
        Map<String, String> commandParameters = parameters(em, "command_parameter", "command_id", id);
        CommandRow row = Jdbc.query(em, "SELECT action, plan_id, deployment_id, configuration_id, requester_id,"
                        + " idempotency_key, request_fingerprint, state, reason, created, updated, cancel_requested"
                        + " FROM command WHERE id = ?",
                rows -> new CommandRow(new ServiceCommand(new CommandId(id),
                        CommandAction.valueOf(rows.getString(1)), new PlanId(Jdbc.uuid(rows, 2)),
                        new DeploymentId(Jdbc.uuid(rows, 3)), new ConfigurationId(Jdbc.uuid(rows, 4)),
                        commandParameters, new AccountId(Jdbc.uuid(rows, 5)), rows.getString(6), rows.getString(7),
                        State.fromCode(rows.getInt(8)), rows.getString(9), Jdbc.instant(rows, 10),
                        Jdbc.instant(rows, 11)), rows.getBoolean(12)),
                id).get(0);
        DeploymentId deploymentId = row.command().deployment();
        Map<String, String> deploymentParameters =
                parameters(em, "deployment_parameter", "deployment_id", deploymentId.value());
        ServiceDeployment deployment = Jdbc.query(em, "SELECT plan_id, configuration_id, owner_id, state,"
                        + " health_status, health_checked_at, health_message, reason, created, updated"
                        + " FROM deployment WHERE id = ?",
                rows -> new ServiceDeployment(deploymentId, new PlanId(Jdbc.uuid(rows, 1)),
                        new ConfigurationId(Jdbc.uuid(rows, 2)), new AccountId(Jdbc.uuid(rows, 3)),
                        deploymentParameters, State.fromCode(rows.getInt(4)),
                        new DeploymentHealth(HealthStatus.valueOf(rows.getString(5)), Jdbc.instant(rows, 6),
                                rows.getString(7)),
                        rows.getString(8), Jdbc.instant(rows, 9), Jdbc.instant(rows, 10)),
                deploymentId.value()).get(0);
        List<ServiceTask> tasks = Jdbc.query(em, "SELECT id, seq, configuration_id, phase, task_index, name, kind,"
                        + " state, attempt, started_at, finished_at, exit_code, output, reason"
                        + " FROM task WHERE command_id = ? ORDER BY seq",
                rows -> new ServiceTask(new TaskId(Jdbc.uuid(rows, 1)), new CommandId(id), rows.getInt(2),
                        new ConfigurationId(Jdbc.uuid(rows, 3)), TaskPhase.valueOf(rows.getString(4)), rows.getInt(5),
                        rows.getString(6), rows.getString(7), State.fromCode(rows.getInt(8)), rows.getInt(9),
                        Jdbc.instant(rows, 10), Jdbc.instant(rows, 11), rows.getObject(12, Integer.class),
                        rows.getString(13), rows.getString(14)),
                id);
        long lastEventSeq = Jdbc.query(em, "SELECT COALESCE(MAX(seq), 0) FROM command_event WHERE command_id = ?",
                rows -> rows.getLong(1), id).get(0);
        return new Claim(row.command(), deployment, tasks, lastEventSeq, row.cancelRequested(), until);
    }

    /** A command's or deployment's parameters; {@code table} and {@code owner} are constants of this class. */
    private static Map<String, String> parameters(EntityManager em, String table, String owner, UUID id) {
        return Jdbc.query(em, "SELECT param_name, param_value FROM " + table + " WHERE " + owner + " = ?",
                        rows -> Map.entry(rows.getString(1), rows.getString(2)), id)
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Override
    public LeaseStatus renew(CommandId command, String owner, Instant until) {
        requireNonNull(command, "command is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(until, "until is null");
        return transactions.write("renew", em -> {
            int renewed = Jdbc.update(em, "UPDATE command SET lease_until = ? WHERE id = ? AND lease_owner = ?",
                    until, command.value(), owner);
            if (renewed == 0) {
                return LeaseStatus.LOST;
            }
            boolean cancelRequested = Jdbc.query(em, "SELECT cancel_requested FROM command WHERE id = ?",
                    rows -> rows.getBoolean(1), command.value()).get(0);
            return new LeaseStatus(true, cancelRequested);
        });
    }

    @Override
    public void apply(String owner, Step step) {
        requireNonNull(owner, "owner is null");
        requireNonNull(step, "step is null");
        ServiceCommand command = step.command();
        ServiceDeployment deployment = step.deployment();
        if (deployment != null && !deployment.id().equals(command.deployment())) {
            throw new IllegalArgumentException("command " + command.id() + " acts on deployment "
                    + command.deployment() + ", not " + deployment.id());
        }
        for (ServiceTask task : step.tasks()) {
            if (!task.command().equals(command.id())) {
                throw new IllegalArgumentException("task " + task.id() + " belongs to command " + task.command());
            }
        }
        for (CommandEvent event : step.events()) {
            if (!event.command().equals(command.id())) {
                throw new IllegalArgumentException("an event of command " + event.command() + " in a step of "
                        + command.id());
            }
        }
        transactions.execute("apply", em -> {
            // Deployment before command: the lock order of this class. Should the lease turn out lost, the
            // exception rolls the deployment back with everything else.
            if (deployment != null) {
                updateDeployment(em, deployment, step.healthDueAt());
            }
            int updated = step.release()
                    ? Jdbc.update(em, "UPDATE command SET state = ?, reason = ?, updated = ?,"
                                    + " lease_owner = NULL, lease_until = NULL, not_before = ?"
                                    + " WHERE id = ? AND lease_owner = ?",
                            command.state().code(), command.reason(), command.updated(), step.notBefore(),
                            command.id().value(), owner)
                    : Jdbc.update(em, "UPDATE command SET state = ?, reason = ?, updated = ?"
                                    + " WHERE id = ? AND lease_owner = ?",
                            command.state().code(), command.reason(), command.updated(), command.id().value(), owner);
            if (updated == 0) {
                throw new BerthException(ErrorCode.LEASE_LOST,
                        "the lease of command " + command.id() + " is not held by " + owner);
            }
            updateTasks(em, step.tasks());
            Jdbc.batch(em, "INSERT INTO command_event (command_id, seq, occurred_at, event_type, task_id, task_name,"
                            + " state, attempt, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    step.events().stream().map(event -> new Object[] {
                            event.command().value(), event.seq(), event.at(), event.type().name(),
                            event.task() == null ? null : event.task().value(), event.taskName(),
                            event.state().code(), event.attempt(), event.message()}).toList());
        });
    }

    private static void updateDeployment(EntityManager em, ServiceDeployment deployment, Instant healthDueAt) {
        UUID id = deployment.id().value();
        int updated = Jdbc.update(em, "UPDATE deployment SET configuration_id = ?, state = ?, reason = ?, updated = ?,"
                        + " health_due_at = ? WHERE id = ?",
                deployment.configuration().value(), deployment.state().code(), deployment.reason(),
                deployment.updated(), healthDueAt, id);
        if (updated == 0) {
            throw new BerthException(ErrorCode.DEPLOYMENT_NOT_FOUND, "no deployment " + deployment.id());
        }
        // Parameters change only with a configure: compare first, so that the usual step writes no parameter rows.
        Map<String, String> stored = parameters(em, "deployment_parameter", "deployment_id", id);
        if (!stored.equals(deployment.parameters())) {
            Jdbc.update(em, "DELETE FROM deployment_parameter WHERE deployment_id = ?", id);
            Jdbc.batch(em, "INSERT INTO deployment_parameter (deployment_id, param_name, param_value) VALUES (?, ?, ?)",
                    deployment.parameters().entrySet().stream()
                            .map(parameter -> new Object[] {id, parameter.getKey(), parameter.getValue()}).toList());
        }
    }

    private static void updateTasks(EntityManager em, List<ServiceTask> tasks) {
        int[] counts = Jdbc.batch(em, "UPDATE task SET seq = ?, configuration_id = ?, phase = ?, task_index = ?,"
                        + " name = ?, kind = ?, state = ?, attempt = ?, started_at = ?, finished_at = ?, exit_code = ?,"
                        + " output = ?, reason = ? WHERE id = ? AND command_id = ?",
                tasks.stream().map(task -> new Object[] {
                        task.seq(), task.configuration().value(), task.phase().name(), task.index(), task.name(),
                        task.kind(), task.state().code(), task.attempt(), task.startedAt(), task.finishedAt(),
                        task.exitCode(), task.output(), task.reason(), task.id().value(), task.command().value()})
                        .toList());
        for (int i = 0; i < counts.length; i++) {
            // A driver may answer SUCCESS_NO_INFO for a batch; only a definite 0 means there was no such task.
            if (counts[i] == 0) {
                throw new IllegalArgumentException("command " + tasks.get(i).command() + " has no task "
                        + tasks.get(i).id());
            }
        }
    }

    @Override
    public Optional<ServiceDeployment> claimHealthCheck(Instant now, Duration lease) {
        requireNonNull(now, "now is null");
        positive(lease, "lease");
        Instant at = Times.stored(now);
        Instant until = Times.stored(now.plus(lease));
        return transactions.write("claimHealthCheck", em -> {
            for (int attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
                List<UUID> due = Jdbc.query(em, vendor.claimHealthCheckSql(), rows -> Jdbc.uuid(rows, 1), at);
                if (due.isEmpty()) {
                    return Optional.empty();
                }
                UUID id = due.get(0);
                int taken = Jdbc.update(em, "UPDATE deployment SET health_due_at = ?"
                        + " WHERE id = ? AND state = 5 AND health_due_at <= ?", until, id, at);
                if (taken == 1) {
                    return Optional.of(em.find(DeploymentEntity.class, id).toDomain());
                }
            }
            return Optional.empty();
        });
    }

    @Override
    public void recordHealth(DeploymentId deployment, DeploymentHealth health, Instant nextDue) {
        requireNonNull(deployment, "deployment is null");
        requireNonNull(health, "health is null");
        transactions.execute("recordHealth", em -> {
            int updated = em.createQuery("update DeploymentEntity d set d.healthStatus = :status,"
                            + " d.healthCheckedAt = :checkedAt, d.healthMessage = :message, d.healthDueAt = :due"
                            + " where d.id = :id")
                    .setParameter("status", health.status().name())
                    .setParameter("checkedAt", Times.stored(health.checkedAt()))
                    .setParameter("message", health.message())
                    .setParameter("due", Times.stored(nextDue))
                    .setParameter("id", deployment.value())
                    .executeUpdate();
            if (updated == 0) {
                throw new BerthException(ErrorCode.DEPLOYMENT_NOT_FOUND, "no deployment " + deployment);
            }
        });
    }

    @Override
    public long countActiveCommands() {
        return transactions.read("countActiveCommands", em -> em
                .createQuery("select count(c) from CommandEntity c where c.state in :active", Long.class)
                .setParameter("active", ACTIVE)
                .getSingleResult());
    }

    private static List<ServiceTask> tasks(EntityManager em, UUID command) {
        return em.createQuery("select t from TaskEntity t where t.commandId = :command order by t.seq",
                        TaskEntity.class)
                .setParameter("command", command)
                .getResultStream().map(TaskEntity::toDomain).toList();
    }

    private static Optional<ServiceCommand> commandByKey(EntityManager em, AccountId requester, String key) {
        return em.createQuery("select c from CommandEntity c where c.requesterId = :requester"
                        + " and c.idempotencyKey = :key", CommandEntity.class)
                .setParameter("requester", requester.value())
                .setParameter("key", key)
                .getResultStream().findFirst().map(CommandEntity::toDomain);
    }

    private static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    private static void positive(Duration value, String name) {
        requireNonNull(value, name + " is null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    /** The unique key (requester, idempotency key) stopped this submit; carries no stack, it is caught at once. */
    private static final class KeyTaken extends RuntimeException {
        KeyTaken() {
            super("idempotency key taken", null, false, false);
        }
    }
}
