package io.berth.platform.testing;

import io.berth.core.account.Account;
import io.berth.core.account.AccountId;
import io.berth.core.account.ApiKey;
import io.berth.core.account.Role;
import io.berth.core.catalog.ConfigurationId;
import io.berth.core.catalog.PlanId;
import io.berth.core.catalog.ServiceConfiguration;
import io.berth.core.catalog.ServicePlan;
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
import io.berth.core.state.State;
import io.berth.platform.store.AccountStore;
import io.berth.platform.store.BookingStore;
import io.berth.platform.store.CatalogStore;
import io.berth.platform.store.Claim;
import io.berth.platform.store.CommandQuery;
import io.berth.platform.store.LeaseStatus;
import io.berth.platform.store.NewCommand;
import io.berth.platform.store.ProvisioningStore;
import io.berth.platform.store.Step;
import io.berth.platform.store.Stores;
import io.berth.platform.store.Submission;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A hand-written fake of the store ports with the same semantics as the database store, guarded by one
 * lock. It is what the platform's tests run against; the JPA store runs the same scenarios on real databases.
 */
public final class InMemoryStores implements Stores, CatalogStore, ProvisioningStore, AccountStore {
    private final InMemoryBookingStore bookings = new InMemoryBookingStore();
    private final Map<PlanId, ServicePlan> plans = new LinkedHashMap<>();
    private final Map<ConfigurationId, ServiceConfiguration> configurations = new LinkedHashMap<>();
    private final Map<DeploymentId, DeploymentRow> deployments = new LinkedHashMap<>();
    private final Map<CommandId, CommandRow> commands = new LinkedHashMap<>();
    private final Map<AccountId, Account> accounts = new LinkedHashMap<>();
    private final Map<String, ApiKey> keys = new LinkedHashMap<>();
    private final InMemorySignInStore signIn = new InMemorySignInStore(this);
    /** Counts {@link #apply} calls, for tests that check how much was written. */
    private int applies;

    private static final class DeploymentRow {
        ServiceDeployment deployment;
        Instant healthDueAt;

        DeploymentRow(ServiceDeployment deployment) {
            this.deployment = deployment;
        }
    }

    private static final class CommandRow {
        ServiceCommand command;
        final List<ServiceTask> tasks = new ArrayList<>();
        final TreeMap<Long, CommandEvent> events = new TreeMap<>();
        String leaseOwner;
        Instant leaseUntil;
        Instant notBefore;
        boolean cancelRequested;
    }

    @Override
    public CatalogStore catalog() {
        return this;
    }

    @Override
    public ProvisioningStore provisioning() {
        return this;
    }

    @Override
    public AccountStore accounts() {
        return this;
    }

    @Override
    public BookingStore bookings() {
        return bookings;
    }

    @Override
    public io.berth.platform.store.SignInStore signIn() {
        return signIn;
    }

    @Override
    public void ping() {
    }

    @Override
    public void close() {
    }

    public synchronized int applyCount() {
        return applies;
    }

    /** Takes a lease away, as when another process took over after expiry. */
    public synchronized void stealLease(CommandId id, String newOwner, Instant until) {
        CommandRow row = commands.get(id);
        row.leaseOwner = newOwner;
        row.leaseUntil = until;
    }

    // ---- catalog

    @Override
    public synchronized void insertPlan(ServicePlan plan) {
        if (plans.values().stream().anyMatch(p -> p.name().equals(plan.name()))) {
            throw new BerthException(ErrorCode.PLAN_EXISTS, "a plan named '" + plan.name() + "' exists");
        }
        plans.put(plan.id(), plan);
    }

    @Override
    public synchronized Optional<ServicePlan> findPlan(PlanId id) {
        return Optional.ofNullable(plans.get(id));
    }

    @Override
    public synchronized Optional<ServicePlan> findPlanByName(String name) {
        return plans.values().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    @Override
    public synchronized List<ServicePlan> listPlans() {
        return plans.values().stream().sorted(Comparator.comparing(ServicePlan::name)).toList();
    }

    @Override
    public synchronized void deletePlan(PlanId id) {
        if (!plans.containsKey(id)) {
            throw new BerthException(ErrorCode.PLAN_NOT_FOUND, "no plan " + id);
        }
        if (deployments.values().stream().anyMatch(d -> d.deployment.plan().equals(id))) {
            throw new BerthException(ErrorCode.PLAN_IN_USE, "plan has deployments");
        }
        plans.remove(id);
        configurations.values().removeIf(c -> c.plan().equals(id));
    }

    @Override
    public synchronized void insertConfiguration(ServiceConfiguration configuration) {
        if (!plans.containsKey(configuration.plan())) {
            throw new BerthException(ErrorCode.PLAN_NOT_FOUND, "no plan " + configuration.plan());
        }
        if (configurations.values().stream().anyMatch(c -> c.plan().equals(configuration.plan())
                && c.version() == configuration.version())) {
            throw new BerthException(ErrorCode.CONFIGURATION_VERSION_TAKEN, "version taken");
        }
        configurations.put(configuration.id(), configuration);
    }

    @Override
    public synchronized Optional<ServiceConfiguration> findConfiguration(ConfigurationId id) {
        return Optional.ofNullable(configurations.get(id));
    }

    @Override
    public synchronized Optional<ServiceConfiguration> latestConfiguration(PlanId plan) {
        return configurations.values().stream().filter(c -> c.plan().equals(plan))
                .max(Comparator.comparingInt(ServiceConfiguration::version));
    }

    @Override
    public synchronized List<ServiceConfiguration> listConfigurations(PlanId plan) {
        return configurations.values().stream().filter(c -> c.plan().equals(plan))
                .sorted(Comparator.comparingInt(ServiceConfiguration::version)).toList();
    }

    // ---- provisioning

    @Override
    public synchronized Submission submit(NewCommand submission) {
        ServiceCommand command = submission.command();
        if (command.idempotencyKey() != null) {
            Optional<ServiceCommand> existing = findByIdempotencyKey(command.requester(), command.idempotencyKey());
            if (existing.isPresent()) {
                return new Submission.Existing(existing.get());
            }
        }
        if (command.action() != CommandAction.INSTALL) {
            DeploymentRow row = deployments.get(command.deployment());
            if (row == null) {
                throw new BerthException(ErrorCode.DEPLOYMENT_NOT_FOUND, "no deployment " + command.deployment());
            }
            boolean removing = commands.values().stream().anyMatch(r -> r.command.deployment().equals(command.deployment())
                    && r.command.action() == CommandAction.REMOVE && !r.command.state().isTerminal());
            if (row.deployment.state() == State.REMOVED || removing) {
                throw new BerthException(ErrorCode.DEPLOYMENT_REMOVED, "deployment " + command.deployment()
                        + " is removed or being removed");
            }
            if (command.action() == CommandAction.REMOVE) {
                commands.values().stream().filter(r -> r.command.deployment().equals(command.deployment())
                        && !r.command.state().isTerminal()).forEach(r -> r.cancelRequested = true);
            }
        } else {
            deployments.put(submission.newDeployment().id(), new DeploymentRow(submission.newDeployment()));
        }
        CommandRow row = new CommandRow();
        row.command = command;
        row.tasks.addAll(submission.tasks());
        row.events.put(submission.initialEvent().seq(), submission.initialEvent());
        row.notBefore = submission.notBefore();
        commands.put(command.id(), row);
        return new Submission.Created(command);
    }

    @Override
    public synchronized Optional<ServiceCommand> findCommand(CommandId id) {
        return Optional.ofNullable(commands.get(id)).map(r -> r.command);
    }

    @Override
    public synchronized Optional<ServiceCommand> findByIdempotencyKey(AccountId requester, String idempotencyKey) {
        return commands.values().stream().map(r -> r.command)
                .filter(c -> c.requester().equals(requester) && idempotencyKey.equals(c.idempotencyKey()))
                .findFirst();
    }

    @Override
    public synchronized List<ServiceCommand> listCommands(CommandQuery query) {
        List<ServiceCommand> result = new ArrayList<>();
        for (CommandRow row : commands.values()) {
            if ((query.requester() == null || row.command.requester().equals(query.requester()))
                    && (query.deployment() == null || row.command.deployment().equals(query.deployment()))) {
                result.add(0, row.command);
            }
        }
        return result.subList(0, Math.min(query.limit(), result.size()));
    }

    @Override
    public synchronized List<ServiceTask> tasks(CommandId command) {
        CommandRow row = commands.get(command);
        return row == null ? List.of() : List.copyOf(row.tasks);
    }

    @Override
    public synchronized Optional<ServiceDeployment> findDeployment(DeploymentId id) {
        return Optional.ofNullable(deployments.get(id)).map(r -> r.deployment);
    }

    @Override
    public synchronized List<ServiceDeployment> listDeployments(AccountId owner, boolean includeRemoved, int limit) {
        List<ServiceDeployment> result = new ArrayList<>();
        for (DeploymentRow row : deployments.values()) {
            ServiceDeployment d = row.deployment;
            if ((owner == null || d.owner().equals(owner)) && (includeRemoved || d.state() != State.REMOVED)) {
                result.add(0, d);
            }
        }
        return result.subList(0, Math.min(limit, result.size()));
    }

    @Override
    public synchronized List<CommandEvent> events(CommandId command, long afterSeq, int limit) {
        CommandRow row = commands.get(command);
        if (row == null) {
            return List.of();
        }
        return row.events.tailMap(afterSeq, false).values().stream().limit(limit).toList();
    }

    @Override
    public synchronized Optional<Claim> claim(String owner, Instant now, Duration lease) {
        for (CommandRow row : commands.values()) {
            ServiceCommand c = row.command;
            if (c.state().isTerminal()) {
                continue;
            }
            if (!row.cancelRequested && row.notBefore.isAfter(now)) {
                continue;
            }
            if (row.leaseOwner != null && !row.leaseUntil.isBefore(now)) {
                continue;
            }
            boolean olderActive = commands.values().stream().takeWhile(r -> r != row)
                    .anyMatch(r -> r.command.deployment().equals(c.deployment()) && !r.command.state().isTerminal());
            if (olderActive) {
                continue;
            }
            row.leaseOwner = owner;
            row.leaseUntil = now.plus(lease);
            return Optional.of(new Claim(c, deployments.get(c.deployment()).deployment, row.tasks,
                    row.events.isEmpty() ? 0 : row.events.lastKey(), row.cancelRequested, row.leaseUntil));
        }
        return Optional.empty();
    }

    @Override
    public synchronized LeaseStatus renew(CommandId command, String owner, Instant until) {
        CommandRow row = commands.get(command);
        if (row == null || !owner.equals(row.leaseOwner)) {
            return LeaseStatus.LOST;
        }
        row.leaseUntil = until;
        return new LeaseStatus(true, row.cancelRequested);
    }

    @Override
    public synchronized void apply(String owner, Step step) {
        CommandRow row = commands.get(step.command().id());
        if (row == null || !owner.equals(row.leaseOwner)) {
            throw new BerthException(ErrorCode.LEASE_LOST, "lease of " + step.command().id() + " is not held by " + owner);
        }
        for (CommandEvent event : step.events()) {
            if (row.events.containsKey(event.seq())) {
                throw new IllegalStateException("event " + event.seq() + " of " + event.command() + " exists");
            }
        }
        applies++;
        row.command = step.command();
        if (step.deployment() != null) {
            DeploymentRow d = deployments.get(step.deployment().id());
            DeploymentHealth health = d.deployment.health();
            d.deployment = step.deployment().withHealth(health);
            d.healthDueAt = step.healthDueAt();
        }
        for (ServiceTask task : step.tasks()) {
            row.tasks.set(task.seq(), task);
        }
        step.events().forEach(e -> row.events.put(e.seq(), e));
        if (step.release()) {
            row.leaseOwner = null;
            row.leaseUntil = null;
            row.notBefore = step.notBefore();
        }
    }

    @Override
    public synchronized Optional<ServiceDeployment> claimHealthCheck(Instant now, Duration lease) {
        for (DeploymentRow row : deployments.values()) {
            if (row.deployment.state() == State.COMPLETED && row.healthDueAt != null && !row.healthDueAt.isAfter(now)) {
                row.healthDueAt = now.plus(lease);
                return Optional.of(row.deployment);
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized void recordHealth(DeploymentId deployment, DeploymentHealth health, Instant nextDue) {
        DeploymentRow row = deployments.get(deployment);
        row.deployment = row.deployment.withHealth(health);
        row.healthDueAt = nextDue;
    }

    @Override
    public synchronized long countActiveCommands() {
        return commands.values().stream().filter(r -> !r.command.state().isTerminal()).count();
    }

    // ---- accounts

    @Override
    public synchronized void insertAccount(Account account) {
        if (accounts.values().stream().anyMatch(a -> a.name().equals(account.name()))) {
            throw new BerthException(ErrorCode.ACCOUNT_EXISTS, "account '" + account.name() + "' exists");
        }
        if (account.email() != null && accounts.values().stream().anyMatch(a -> account.email().equals(a.email()))) {
            throw new BerthException(ErrorCode.ACCOUNT_EXISTS, "another account has that email address");
        }
        accounts.put(account.id(), account);
    }

    @Override
    public synchronized Optional<Account> findAccount(AccountId id) {
        return Optional.ofNullable(accounts.get(id));
    }

    @Override
    public synchronized Optional<Account> findAccountByName(String name) {
        return accounts.values().stream().filter(a -> a.name().equals(name)).findFirst();
    }

    @Override
    public synchronized List<Account> listAccounts() {
        return accounts.values().stream().sorted(Comparator.comparing(Account::name)).toList();
    }

    @Override
    public synchronized Optional<Account> setLevel(AccountId id, int level) {
        Account account = accounts.get(id);
        if (account == null) {
            return Optional.empty();
        }
        Account changed = account.withLevel(level);
        accounts.put(id, changed);
        return Optional.of(changed);
    }

    @Override
    public synchronized Optional<Account> setEmail(AccountId id, String email) {
        Account account = accounts.get(id);
        if (account == null) {
            return Optional.empty();
        }
        Account changed = account.withEmail(email);
        accounts.put(id, changed);
        return Optional.of(changed);
    }

    /** Removes an account and its keys (what the sign-in store's purge deletes besides its own rows). */
    synchronized boolean removeAccount(AccountId id) {
        keys.values().removeIf(k -> k.account().equals(id));
        return accounts.remove(id) != null;
    }

    @Override
    public synchronized Optional<Account> findAccountByEmail(String email) {
        String checked = Account.checkEmail(email);
        return accounts.values().stream().filter(a -> checked.equals(a.email())).findFirst();
    }

    @Override
    public synchronized Optional<Account> updateAccount(Account account) {
        if (!accounts.containsKey(account.id())) {
            return Optional.empty();
        }
        if (account.email() != null && accounts.values().stream()
                .anyMatch(a -> !a.id().equals(account.id()) && account.email().equals(a.email()))) {
            throw new BerthException(ErrorCode.ACCOUNT_EXISTS, "another account has that email address");
        }
        accounts.put(account.id(), account);
        return Optional.of(account);
    }

    @Override
    public synchronized boolean hasAdmin() {
        return accounts.values().stream().anyMatch(a -> a.role() == Role.ADMIN);
    }

    @Override
    public synchronized void insertApiKey(ApiKey key) {
        keys.put(key.keyId(), key);
    }

    @Override
    public synchronized Optional<ApiKey> findApiKey(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    @Override
    public synchronized List<ApiKey> listApiKeys(AccountId account) {
        List<ApiKey> result = new ArrayList<>();
        keys.values().stream().filter(k -> k.account().equals(account)).forEach(k -> result.add(0, k));
        return result;
    }

    @Override
    public synchronized void touchApiKey(String keyId, Instant at) {
        ApiKey k = keys.get(keyId);
        if (k != null) {
            keys.put(keyId, new ApiKey(k.keyId(), k.account(), k.name(), k.secretHash(), k.created(), k.expiresAt(),
                    k.revokedAt(), at));
        }
    }

    @Override
    public synchronized boolean revokeApiKey(String keyId, Instant at) {
        ApiKey k = keys.get(keyId);
        if (k == null) {
            return false;
        }
        keys.put(keyId, new ApiKey(k.keyId(), k.account(), k.name(), k.secretHash(), k.created(), k.expiresAt(), at,
                k.lastUsedAt()));
        return true;
    }
}
