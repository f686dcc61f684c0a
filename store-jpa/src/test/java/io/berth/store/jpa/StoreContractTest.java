package io.berth.store.jpa;

import io.berth.booking.AllocationId;
import io.berth.booking.Booking;
import io.berth.booking.BookingId;
import io.berth.booking.BookingStatus;
import io.berth.booking.CapacityAllocation;
import io.berth.booking.Pool;
import io.berth.booking.PoolId;
import io.berth.booking.QueueEntry;
import io.berth.booking.QueueEntryId;
import io.berth.booking.QueueStatus;
import io.berth.booking.SharingMode;
import io.berth.booking.Span;
import io.berth.core.account.Account;
import io.berth.core.account.AccountId;
import io.berth.core.account.ApiKey;
import io.berth.core.account.ApiScope;
import io.berth.core.account.LevelQuotas;
import io.berth.core.account.SshKey;
import io.berth.core.account.SshKeyId;
import io.berth.core.account.SshPublicKey;
import io.berth.core.account.Role;
import io.berth.core.catalog.ConfigurationId;
import io.berth.core.catalog.PlanId;
import io.berth.core.catalog.ScriptSource;
import io.berth.core.catalog.ServiceConfiguration;
import io.berth.core.catalog.ServicePlan;
import io.berth.core.catalog.TaskSpec;
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
import io.berth.core.resource.ResourceVector;
import io.berth.core.state.State;
import io.berth.platform.store.BookingStore;
import io.berth.platform.store.Claim;
import io.berth.platform.store.CommandQuery;
import io.berth.platform.store.LeaseStatus;
import io.berth.platform.store.NewCommand;
import io.berth.platform.store.ProvisioningStore;
import io.berth.platform.store.Step;
import io.berth.platform.store.Submission;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.berth.store.jpa.Fixtures.T0;
import static io.berth.store.jpa.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The store ports' contract, run against each supported database by a subclass that says where the database is.
 * One store serves a whole test class; each test starts from empty tables.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreContractTest {
    static final Duration LEASE = Duration.ofSeconds(30);

    JpaStores stores;
    ProvisioningStore provisioning;

    /** Where the database of this test class is; called once, before any test. */
    abstract StoreSettings settings();

    /** Drops what {@link #settings()} made; called once, after the store is closed. */
    void dropDatabase() {
    }

    @BeforeAll
    void openStores() {
        stores = JpaStores.open(settings());
        provisioning = stores.provisioning();
    }

    @AfterAll
    void closeStores() {
        try {
            if (stores != null) {
                stores.close();
            }
        } finally {
            dropDatabase();
        }
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        execute("DELETE FROM booking_span", "DELETE FROM booking", "DELETE FROM queue_entry",
                "DELETE FROM capacity_allocation", "DELETE FROM pool", "DELETE FROM calendar_feed",
                "DELETE FROM command_event", "DELETE FROM task", "DELETE FROM command_parameter",
                "DELETE FROM command", "DELETE FROM deployment_parameter", "DELETE FROM deployment",
                "DELETE FROM configuration", "DELETE FROM plan", "DELETE FROM api_key", "DELETE FROM account");
    }

    /** Runs statements on a connection of its own, outside the store. */
    void execute(String... statements) throws SQLException {
        StoreSettings settings = stores.settings();
        try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), settings.user(),
                settings.password()); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    // ---------------------------------------------------------------- booking

    private static final Instant DAY0 = Instant.parse("2026-11-23T00:00:00Z");

    private static Instant day(int n) {
        return DAY0.plus(Duration.ofDays(n));
    }

    @Test
    void poolsRoundTripAndNamesAreUnique() {
        Pool rack = new Pool(PoolId.random(), "rack", SharingMode.RESERVED);
        stores.bookings().insertPool(rack);
        stores.bookings().insertPool(new Pool(PoolId.random(), "lobby", SharingMode.SHARED));
        assertCode(() -> stores.bookings().insertPool(new Pool(PoolId.random(), "rack", SharingMode.MANAGED)),
                ErrorCode.POOL_EXISTS);
        assertThat(stores.bookings().listPools()).extracting(Pool::name).containsExactly("lobby", "rack");
        assertThat(stores.bookings().findPool(rack.id())).contains(rack);
        assertThat(stores.bookings().findPoolByName("rack")).contains(rack);
        assertThat(stores.bookings().poolVersions()).containsEntry(rack.id(), 0L);
        assertCode(() -> stores.bookings().changesSince(PoolId.random(), 0), ErrorCode.POOL_NOT_FOUND);
        assertCode(() -> stores.bookings().inPool(PoolId.random(), tx -> null), ErrorCode.POOL_NOT_FOUND);
    }

    @Test
    void poolChangesCarryVersionsAndRollBackWithTheirWork() {
        Pool rack = new Pool(PoolId.random(), "rack", SharingMode.RESERVED);
        stores.bookings().insertPool(rack);
        CapacityAllocation open = new CapacityAllocation(AllocationId.random(), rack.id(),
                ResourceVector.of(Map.of("cores", 48_000L, "memory", 163_840L, "gpu", 2L)), day(0), null);
        CapacityAllocation week = new CapacityAllocation(AllocationId.random(), rack.id(), ResourceVector.of(8000, 0, 0),
                day(0), day(7));
        AccountId alice = AccountId.random();
        Booking booking = new Booking(BookingId.random(), rack.id(), alice, "large",
                ResourceVector.of(24_000, 81_920, 100), 2, List.of(new Span(day(1), day(2)), new Span(day(4), day(5))),
                BookingStatus.ACTIVE, day(0));
        long written = stores.bookings().inPool(rack.id(), tx -> {
            assertThat(tx.version()).isZero();
            tx.insertAllocation(open);
            tx.insertAllocation(week);
            tx.insertBooking(booking);
            return tx.version();
        });
        assertThat(written).isZero();
        assertThat(stores.bookings().poolVersions()).containsEntry(rack.id(), 1L);
        BookingStore.Changes all = stores.bookings().changesSince(rack.id(), 0);
        assertThat(all.version()).isEqualTo(1);
        assertThat(all.addedAllocations()).containsExactlyInAnyOrder(open, week);
        assertThat(all.bookings()).containsExactly(booking);
        assertThat(stores.bookings().changesSince(rack.id(), 1).isEmpty()).isTrue();
        assertThat(stores.bookings().findBooking(booking.id())).contains(booking);
        assertThat(stores.bookings().bookingsOf(alice)).containsExactly(booking);
        assertThat(stores.bookings().allocationsOf(rack.id())).containsExactlyInAnyOrder(open, week);

        // a failing transaction leaves nothing behind, not even a version
        Booking other = new Booking(BookingId.random(), rack.id(), alice, "small", ResourceVector.of(4000, 8192, 20), 1,
                List.of(new Span(day(3), day(4))), BookingStatus.ACTIVE, day(0));
        assertThatThrownBy(() -> stores.bookings().inPool(rack.id(), tx -> {
            tx.insertBooking(other);
            throw new BerthException(ErrorCode.CAPACITY_EXHAUSTED, "no");
        })).isInstanceOf(BerthException.class);
        assertThat(stores.bookings().findBooking(other.id())).isEmpty();
        assertThat(stores.bookings().poolVersions()).containsEntry(rack.id(), 1L);

        Booking cancelled = booking.withStatus(BookingStatus.CANCELLED).withSpans(List.of(new Span(day(1), day(3))));
        stores.bookings().inPool(rack.id(), tx -> {
            assertThat(tx.countRunningBookingsOf(alice, day(0))).isEqualTo(1);
            assertThat(tx.countRunningBookingsOf(alice, day(5))).isZero();
            assertThat(tx.countRunningBookingsOf(AccountId.random(), day(0))).isZero();
            tx.updateBooking(cancelled);
            assertThat(tx.removeAllocation(week.id())).isTrue();
            assertThat(tx.removeAllocation(AllocationId.random())).isFalse();
            return null;
        });
        BookingStore.Changes later = stores.bookings().changesSince(rack.id(), 1);
        assertThat(later.version()).isEqualTo(2);
        assertThat(later.bookings()).containsExactly(cancelled);
        assertThat(later.removedAllocations()).containsExactly(week.id());
        assertThat(later.addedAllocations()).isEmpty();
        BookingStore.Snapshot snapshot = stores.bookings().snapshot();
        assertThat(snapshot.allocations()).containsExactly(open);
        assertThat(snapshot.bookings()).isEmpty();
        assertThat(snapshot.versions()).containsEntry(rack.id(), 2L);
    }

    @Test
    void queueEntriesAndFeedsRoundTrip() {
        Pool rack = new Pool(PoolId.random(), "rack", SharingMode.RESERVED);
        stores.bookings().insertPool(rack);
        AccountId alice = AccountId.random();
        AccountId bob = AccountId.random();
        QueueEntry first = new QueueEntry(QueueEntryId.random(), rack.id(), "large", alice, Duration.ofDays(2), day(0),
                QueueStatus.WAITING, null, null);
        QueueEntry second = new QueueEntry(QueueEntryId.random(), rack.id(), "large", bob, Duration.ofHours(5),
                day(0).plusSeconds(1), QueueStatus.WAITING, null, null);
        BookingId held = BookingId.random();
        stores.bookings().inPool(rack.id(), tx -> {
            tx.insertQueueEntry(second);
            tx.insertQueueEntry(first);
            return null;
        });
        QueueEntry offered = first.offered(day(1), held);
        stores.bookings().inPool(rack.id(), tx -> {
            assertThat(tx.openQueue("large")).containsExactly(first, second);
            assertThat(tx.openQueue("small")).isEmpty();
            assertThat(tx.findQueueEntry(first.id())).contains(first);
            tx.updateQueueEntry(offered);
            return null;
        });
        assertThat(stores.bookings().findQueueEntry(first.id())).contains(offered);
        assertThat(stores.bookings().openQueueEntriesOf(alice)).containsExactly(offered);
        assertThat(stores.bookings().expiredOffers(day(1).minusSeconds(1))).isEmpty();
        assertThat(stores.bookings().expiredOffers(day(1))).containsExactly(offered);
        assertThat(stores.bookings().changesSince(rack.id(), 1).queueEntries()).containsExactly(offered);

        stores.bookings().setFeedSecret(alice, "a".repeat(64));
        stores.bookings().setFeedSecret(alice, "b".repeat(64));
        assertThat(stores.bookings().accountOfFeedSecret("a".repeat(64))).isEmpty();
        assertThat(stores.bookings().accountOfFeedSecret("b".repeat(64))).contains(alice);
    }

    // ---------------------------------------------------------------- catalog

    @Test
    void plansRoundTripAndListByName() {
        ServicePlan worker = Fixtures.plan("worker");
        ServicePlan notebook = Fixtures.plan("notebook");
        stores.catalog().insertPlan(worker);
        stores.catalog().insertPlan(notebook);

        assertThat(stores.catalog().findPlan(worker.id())).contains(worker);
        assertThat(stores.catalog().findPlanByName("notebook")).contains(notebook);
        assertThat(stores.catalog().findPlan(PlanId.random())).isEmpty();
        assertThat(stores.catalog().findPlanByName("spark")).isEmpty();
        assertThat(stores.catalog().listPlans()).containsExactly(notebook, worker);
    }

    @Test
    void configurationKeepsEveryTaskField() {
        ServicePlan plan = Fixtures.plan("notebook");
        stores.catalog().insertPlan(plan);
        ServiceConfiguration first = Fixtures.configuration(plan.id(), 1);
        ServiceConfiguration second = Fixtures.simpleConfiguration(plan.id(), 2);
        stores.catalog().insertConfiguration(second);
        stores.catalog().insertConfiguration(first);

        ServiceConfiguration read = stores.catalog().findConfiguration(first.id()).orElseThrow();
        assertThat(read).isEqualTo(first);
        TaskSpec prepare = read.installTasks().get(0);
        assertThat(prepare.arguments()).containsExactly("--zeta", "alpha", "--zeta", "with space", "");
        assertThat(prepare.environment()).containsExactlyInAnyOrderEntriesOf(
                Map.of("NOTEBOOK_HOME", "/srv/notebook", "EMPTY", ""));
        assertThat(prepare.script()).isEqualTo(new ScriptSource.Installed("notebook/prepare.sh"));
        assertThat(read.installTasks().get(1).script()).isInstanceOf(ScriptSource.Fetched.class);
        assertThat(read.installTasks().get(2).script()).isNull();
        assertThat(read.healthCheckTask()).contains(first.healthCheck());
        assertThat(read.healthInterval()).isEqualTo(Duration.ofSeconds(30));

        assertThat(stores.catalog().latestConfiguration(plan.id())).contains(second);
        assertThat(stores.catalog().listConfigurations(plan.id())).containsExactly(first, second);
        assertThat(stores.catalog().findConfiguration(ConfigurationId.random())).isEmpty();
        assertThat(stores.catalog().latestConfiguration(PlanId.random())).isEmpty();
    }

    @Test
    void durationsFinerThanMillisecondsAreRefused() {
        ServicePlan plan = Fixtures.plan("notebook");
        stores.catalog().insertPlan(plan);
        TaskSpec task = TaskSpec.script("install", new ScriptSource.Installed("a.sh"), "sh")
                .withTimeout(Duration.ofNanos(1_500_000));
        ServiceConfiguration configuration = new ServiceConfiguration(ConfigurationId.random(), plan.id(), 1,
                List.of(task), List.of(), null, null, T0);

        assertCode(() -> stores.catalog().insertConfiguration(configuration), ErrorCode.INVALID_REQUEST);
        assertThat(stores.catalog().listConfigurations(plan.id())).isEmpty();
    }

    @Test
    void duplicatePlanNameIsPlanExists() {
        stores.catalog().insertPlan(Fixtures.plan("notebook"));

        assertCode(() -> stores.catalog().insertPlan(Fixtures.plan("notebook")), ErrorCode.PLAN_EXISTS);
        assertThat(stores.catalog().listPlans()).hasSize(1);
    }

    @Test
    void concurrentPlansWithOneNameLeaveOne() throws Exception {
        List<Object> outcomes = race(6, i -> {
            stores.catalog().insertPlan(Fixtures.plan("spark"));
            return "inserted";
        });

        assertThat(outcomes).filteredOn("inserted"::equals).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !"inserted".equals(o))
                .allSatisfy(o -> assertThat(o).isEqualTo(ErrorCode.PLAN_EXISTS));
        assertThat(stores.catalog().listPlans()).hasSize(1);
    }

    @Test
    void configurationOfUnknownPlanIsPlanNotFound() {
        assertCode(() -> stores.catalog().insertConfiguration(Fixtures.simpleConfiguration(PlanId.random(), 1)),
                ErrorCode.PLAN_NOT_FOUND);
    }

    @Test
    void configurationVersionIsTakenOnce() throws Exception {
        ServicePlan plan = Fixtures.plan("notebook");
        stores.catalog().insertPlan(plan);
        stores.catalog().insertConfiguration(Fixtures.simpleConfiguration(plan.id(), 1));

        assertCode(() -> stores.catalog().insertConfiguration(Fixtures.simpleConfiguration(plan.id(), 1)),
                ErrorCode.CONFIGURATION_VERSION_TAKEN);

        List<Object> outcomes = race(6, i -> {
            stores.catalog().insertConfiguration(Fixtures.configuration(plan.id(), 2));
            return "inserted";
        });
        assertThat(outcomes).filteredOn("inserted"::equals).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !"inserted".equals(o))
                .allSatisfy(o -> assertThat(o).isEqualTo(ErrorCode.CONFIGURATION_VERSION_TAKEN));
        assertThat(stores.catalog().listConfigurations(plan.id())).extracting(ServiceConfiguration::version)
                .containsExactly(1, 2);
    }

    @Test
    void deletePlanRemovesItsConfigurations() {
        ServicePlan plan = Fixtures.plan("notebook");
        stores.catalog().insertPlan(plan);
        ServiceConfiguration configuration = Fixtures.configuration(plan.id(), 1);
        stores.catalog().insertConfiguration(configuration);

        stores.catalog().deletePlan(plan.id());

        assertThat(stores.catalog().findPlan(plan.id())).isEmpty();
        assertThat(stores.catalog().findConfiguration(configuration.id())).isEmpty();
        assertCode(() -> stores.catalog().deletePlan(plan.id()), ErrorCode.PLAN_NOT_FOUND);
        // The name is free again.
        stores.catalog().insertPlan(Fixtures.plan("notebook"));
    }

    @Test
    void deletePlanInUseIsRefused() {
        ServiceConfiguration configuration = planWithConfiguration("notebook");
        submitCreated(Fixtures.install(configuration, AccountId.random(), null, at(1)));

        assertCode(() -> stores.catalog().deletePlan(configuration.plan()), ErrorCode.PLAN_IN_USE);
        assertThat(stores.catalog().findPlan(configuration.plan())).isPresent();
        assertThat(stores.catalog().findConfiguration(configuration.id())).isPresent();
    }

    // ---------------------------------------------------------------- submit

    @Test
    void submitStoresCommandDeploymentTasksAndEvent() {
        ServiceConfiguration configuration = planWithConfiguration("notebook");
        AccountId owner = AccountId.random();
        NewCommand install = Fixtures.install(configuration, owner, "key-1", at(1), at(1), Map.of("size", "small",
                "gpu.count", "1"));

        Submission submission = provisioning.submit(install);

        assertThat(submission).isEqualTo(new Submission.Created(install.command()));
        assertThat(provisioning.findCommand(install.command().id())).contains(install.command());
        assertThat(provisioning.findDeployment(install.command().deployment())).contains(install.newDeployment());
        assertThat(provisioning.tasks(install.command().id())).containsExactlyElementsOf(install.tasks());
        assertThat(provisioning.events(install.command().id(), 0, 10)).containsExactly(install.initialEvent());
        assertThat(provisioning.countActiveCommands()).isEqualTo(1);
    }

    @Test
    void resubmittingAKeyReturnsTheFirstCommand() {
        ServiceConfiguration configuration = planWithConfiguration("notebook");
        AccountId owner = AccountId.random();
        NewCommand first = Fixtures.install(configuration, owner, "key-1", at(1));
        NewCommand retry = Fixtures.install(configuration, owner, "key-1", at(2));
        NewCommand otherRequester = Fixtures.install(configuration, AccountId.random(), "key-1", at(3));

        assertThat(provisioning.submit(first)).isInstanceOf(Submission.Created.class);
        assertThat(provisioning.submit(retry)).isEqualTo(new Submission.Existing(first.command()));
        assertThat(provisioning.submit(otherRequester)).isInstanceOf(Submission.Created.class);

        assertThat(provisioning.findCommand(retry.command().id())).isEmpty();
        assertThat(provisioning.findDeployment(retry.command().deployment())).isEmpty();
        assertThat(provisioning.listCommands(new CommandQuery(owner, null, 10))).containsExactly(first.command());
        assertThat(provisioning.findByIdempotencyKey(owner, "key-1")).contains(first.command());
        assertThat(provisioning.findByIdempotencyKey(owner, "key-2")).isEmpty();
        assertThat(provisioning.findByIdempotencyKey(otherRequester.command().requester(), "key-1"))
                .contains(otherRequester.command());
    }

    @Test
    void concurrentSubmitsWithOneKeyCreateOneCommand() throws Exception {
        ServiceConfiguration configuration = planWithConfiguration("notebook");
        AccountId owner = AccountId.random();
        List<NewCommand> attempts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            attempts.add(Fixtures.install(configuration, owner, "same-key", at(1)));
        }

        List<Object> outcomes = race(8, i -> provisioning.submit(attempts.get(i)));

        List<Submission> created = outcomes.stream().filter(Submission.Created.class::isInstance)
                .map(Submission.class::cast).toList();
        assertThat(created).hasSize(1);
        ServiceCommand winner = created.get(0).command();
        assertThat(outcomes).hasSize(8).allSatisfy(o -> assertThat(o).isIn(new Submission.Created(winner),
                new Submission.Existing(winner)));
        assertThat(provisioning.listCommands(new CommandQuery(owner, null, 100))).containsExactly(winner);
        assertThat(provisioning.listDeployments(owner, true, 100)).hasSize(1);
    }

    @Test
    void followUpOfUnknownDeploymentIsNotFound() {
        ServiceConfiguration configuration = planWithConfiguration("notebook");
        assertCode(() -> provisioning.submit(Fixtures.followUp(CommandAction.CONFIGURE, configuration,
                DeploymentId.random(), AccountId.random(), null, at(1))),
                ErrorCode.DEPLOYMENT_NOT_FOUND);
    }

    @Test
    void claimTakesTheOldestAcrossInitiatedAndPendingCommands() {
        ServiceConfiguration configuration = planWithConfiguration("notebook");
        NewCommand older = submitCreated(Fixtures.install(configuration, AccountId.random(), null, at(1)));
        Claim claim = provisioning.claim("a", at(2), LEASE).orElseThrow();
        ServiceCommand started = claim.command().moveTo(State.PENDING, "retrying", at(3));
        provisioning.apply("a", new Step(started, null, null, List.of(), List.of(), true, at(20)));
        NewCommand newer = submitCreated(Fixtures.install(configuration, AccountId.random(), null, at(5)));

        assertThat(provisioning.claim("b", at(10), LEASE).orElseThrow().command().id())
                .as("the older command waits for its retry").isEqualTo(newer.command().id());
        NewCommand newest = submitCreated(Fixtures.install(configuration, AccountId.random(), null, at(6)));
        assertThat(provisioning.claim("b", at(20), LEASE).orElseThrow().command())
                .as("a due PENDING command comes before a newer INITIATED one").isEqualTo(started);
        assertThat(provisioning.claim("b", at(20), LEASE).orElseThrow().command().id())
                .isEqualTo(newest.command().id());
        assertThat(older.command().id()).isEqualTo(started.id());
    }

    @Test
    void aCommandWaitingForARetryIsClaimableAtOnceWhenARemoveCancelsIt() {
        ServiceConfiguration configuration = planWithConfiguration("notebook");
        AccountId owner = AccountId.random();
        NewCommand install = submitCreated(Fixtures.install(configuration, owner, null, at(1), at(500), Map.of()));
        assertThat(provisioning.claim("a", at(2), LEASE)).as("waiting for its retry").isEmpty();

        provisioning.submit(Fixtures.followUp(CommandAction.REMOVE, configuration, install.command().deployment(),
                owner, null, at(3)));

        Claim claim = provisioning.claim("a", at(4), LEASE).orElseThrow();
        assertThat(claim.command().id()).isEqualTo(install.command().id());
        assertThat(claim.cancelRequested()).isTrue();
    }

    @Test
    void removeCancelsTheRunningInstallAndRefusesMore() {
        ServiceConfiguration configuration = planWithConfiguration("notebook");
        AccountId owner = AccountId.random();
        NewCommand install = submitCreated(Fixtures.install(configuration, owner, null, at(1)));
        Claim claim = provisioning.claim("executor-a", at(2), LEASE).orElseThrow();
        assertThat(claim.cancelRequested()).isFalse();
        assertThat(provisioning.renew(install.command().id(), "executor-a", at(40)))
                .isEqualTo(new LeaseStatus(true, false));

        NewCommand remove = Fixtures.followUp(CommandAction.REMOVE, configuration, install.command().deployment(),
                owner, "remove-1", at(3));
        assertThat(provisioning.submit(remove)).isEqualTo(new Submission.Created(remove.command()));

        assertThat(provisioning.renew(install.command().id(), "executor-a", at(50)))
                .isEqualTo(new LeaseStatus(true, true));
        // The same request again is a retry, not a second removal.
        assertThat(provisioning.submit(Fixtures.followUp(CommandAction.REMOVE, configuration,
                install.command().deployment(), owner, "remove-1", at(4))))
                .isEqualTo(new Submission.Existing(remove.command()));
        assertCode(() -> provisioning.submit(Fixtures.followUp(CommandAction.REMOVE, configuration,
                install.command().deployment(), owner, "remove-2", at(5))), ErrorCode.DEPLOYMENT_REMOVED);
        assertCode(() -> provisioning.submit(Fixtures.followUp(CommandAction.CONFIGURE, configuration,
                install.command().deployment(), owner, null, at(6))), ErrorCode.DEPLOYMENT_REMOVED);
        // The removal waits for the install, and is not cancelled itself.
        assertThat(provisioning.claim("executor-b", at(7), LEASE)).isEmpty();
        runToEnd("executor-a", claim, at(7));
        Claim removal = provisioning.claim("executor-b", at(8), LEASE).orElseThrow();
        assertThat(removal.command()).isEqualTo(remove.command());
        assertThat(removal.cancelRequested()).isFalse();
    }

    @Test
    void removedDeploymentTakesNoMoreCommands() {
        ServiceConfiguration configuration = planWithConfiguration("notebook");
        AccountId owner = AccountId.random();
        NewCommand install = submitCreated(Fixtures.install(configuration, owner, null, at(1)));
        runToEnd("a", provisioning.claim("a", at(2), LEASE).orElseThrow(), at(2));
        submitCreated(Fixtures.followUp(CommandAction.REMOVE, configuration, install.command().deployment(), owner,
                null, at(3)));
        runToEnd("a", provisioning.claim("a", at(4), LEASE).orElseThrow(), at(4));
        assertThat(provisioning.findDeployment(install.command().deployment()).orElseThrow().state())
                .isEqualTo(State.REMOVED);

        assertCode(() -> provisioning.submit(Fixtures.followUp(CommandAction.CONFIGURE, configuration,
                install.command().deployment(), owner, null, at(5))), ErrorCode.DEPLOYMENT_REMOVED);
        assertCode(() -> provisioning.submit(Fixtures.followUp(CommandAction.REMOVE, configuration,
                install.command().deployment(), owner, null, at(6))), ErrorCode.DEPLOYMENT_REMOVED);
        // History keeps the plan in use.
        assertCode(() -> stores.catalog().deletePlan(configuration.plan()), ErrorCode.PLAN_IN_USE);
    }

    // ---------------------------------------------------------------- claim, renew, apply

    @Test
    void claimTakesOldestFirstAndOneCommandPerDeploymentAtATime() {
        ServiceConfiguration configuration = planWithConfiguration("notebook");
        AccountId owner = AccountId.random();
        NewCommand installA = submitCreated(Fixtures.install(configuration, owner, null, at(1)));
        NewCommand installB = submitCreated(Fixtures.install(configuration, owner, null, at(2)));
        NewCommand configureA = submitCreated(Fixtures.followUp(CommandAction.CONFIGURE, configuration,
                installA.command().deployment(), owner, null, at(3)));

        Claim first = provisioning.claim("a", at(10), LEASE).orElseThrow();
        Claim second = provisioning.claim("b", at(10), LEASE).orElseThrow();
        assertThat(first.command()).isEqualTo(installA.command());
        assertThat(first.deployment()).isEqualTo(installA.newDeployment());
        assertThat(first.tasks()).containsExactlyElementsOf(installA.tasks());
        assertThat(first.lastEventSeq()).isEqualTo(1);
        assertThat(first.leaseUntil()).isEqualTo(at(10).plus(LEASE));
        assertThat(second.command()).isEqualTo(installB.command());
        // configureA waits for installA, which is leased.
        assertThat(provisioning.claim("c", at(11), LEASE)).isEmpty();

        runToEnd("a", first, at(12));

        Claim third = provisioning.claim("c", at(13), LEASE).orElseThrow();
        assertThat(third.command()).isEqualTo(configureA.command());
        assertThat(third.deployment().state()).isEqualTo(State.COMPLETED);
        assertThat(provisioning.claim("c", at(14), LEASE)).isEmpty();
    }

    @Test
    void claimWaitsForNotBefore() {
        ServiceConfiguration configuration = planWithConfiguration("notebook");
        NewCommand later = submitCreated(Fixtures.install(configuration, AccountId.random(), null, at(1), at(100),
                Map.of()));

        assertThat(provisioning.claim("a", at(99), LEASE)).isEmpty();
        assertThat(provisioning.claim("a", at(100), LEASE).orElseThrow().command()).isEqualTo(later.command());
    }

    @Test
    void expiredLeaseIsTakenOverAndTheOldOwnerLosesIt() {
        ServiceConfiguration configuration = planWithConfiguration("notebook");
        NewCommand install = submitCreated(Fixtures.install(configuration, AccountId.random(), null, at(1)));
        Claim first = provisioning.claim("a", at(10), Duration.ofSeconds(10)).orElseThrow();

        assertThat(provisioning.claim("b", at(15), LEASE)).isEmpty();
        // Exactly at leaseUntil the lease still holds.
        assertThat(provisioning.claim("b", at(20), LEASE)).isEmpty();
        Claim takeover = provisioning.claim("b", at(21), LEASE).orElseThrow();

        assertThat(takeover.command()).isEqualTo(install.command());
        assertThat(takeover.leaseUntil()).isEqualTo(at(21).plus(LEASE));
        assertThat(provisioning.renew(install.command().id(), "a", at(60))).isEqualTo(LeaseStatus.LOST);
        assertCode(() -> provisioning.apply("a", new Step(first.command().moveTo(State.PENDING, "running", at(22)),
                null, null, List.of(), List.of(), false, null)), ErrorCode.LEASE_LOST);
        assertThat(provisioning.renew(install.command().id(), "b", at(60))).isEqualTo(new LeaseStatus(true, false));
        assertThat(provisioning.renew(CommandId.random(), "b", at(60))).isEqualTo(LeaseStatus.LOST);
    }

    @Test
    void applyWithoutTheLeaseWritesNothing() {
        ServiceConfiguration configuration = planWithConfiguration("notebook");
        NewCommand install = submitCreated(Fixtures.install(configuration, AccountId.random(), null, at(1)));
        Claim claim = provisioning.claim("a", at(2), LEASE).orElseThrow();
        ServiceTask task = claim.tasks().get(0).started(at(3));
        Step step = new Step(claim.command().moveTo(State.PENDING, "running", at(3)),
                claim.deployment().moveTo(State.PENDING, "installing", at(3)), at(500), List.of(task),
                List.of(Fixtures.commandEvent(claim.command().id(), 2, at(3), State.PENDING, "running"),
                        Fixtures.taskEvent(task, 3, at(3), "started")),
                true, at(3));

        assertCode(() -> provisioning.apply("intruder", step), ErrorCode.LEASE_LOST);

        assertThat(provisioning.findCommand(install.command().id())).contains(install.command());
        assertThat(provisioning.findDeployment(install.command().deployment())).contains(install.newDeployment());
        assertThat(provisioning.tasks(install.command().id())).containsExactlyElementsOf(install.tasks());
        assertThat(provisioning.events(install.command().id(), 0, 10)).containsExactly(install.initialEvent());
        // The lease is untouched too: the owner still holds it and nobody else can claim.
        assertThat(provisioning.renew(install.command().id(), "a", at(40))).isEqualTo(new LeaseStatus(true, false));
        assertThat(provisioning.claim("b", at(4), LEASE)).isEmpty();
    }

    @Test
    void applyWritesTheStepAndReleaseHandsTheCommandBack() {
        ServicePlan plan = Fixtures.plan("notebook");
        stores.catalog().insertPlan(plan);
        ServiceConfiguration configuration = Fixtures.configuration(plan.id(), 1);
        stores.catalog().insertConfiguration(configuration);
        ServiceConfiguration newer = Fixtures.simpleConfiguration(configuration.plan(), 2);
        stores.catalog().insertConfiguration(newer);
        NewCommand install = submitCreated(Fixtures.install(configuration, AccountId.random(), null, at(1)));
        Claim claim = provisioning.claim("a", at(2), LEASE).orElseThrow();
        DeploymentHealth health = new DeploymentHealth(HealthStatus.HEALTHY, at(2), "fine");
        provisioning.recordHealth(claim.deployment().id(), health, at(1000));

        ServiceCommand running = claim.command().moveTo(State.PENDING, "running", at(3));
        ServiceDeployment deployment = claim.deployment().moveTo(State.PENDING, "installing", at(3))
                .withConfiguration(newer.id(), Map.of("size", "large", "zone", "b"), at(3));
        ServiceTask task = claim.tasks().get(1).started(at(3)).finished(State.FAILED, 2,
                "x".repeat(ServiceTask.MAX_OUTPUT_CHARS), "exit code 2", at(4));
        List<CommandEvent> events = List.of(
                Fixtures.commandEvent(running.id(), 2, at(3), State.PENDING, "running"),
                Fixtures.taskEvent(task, 3, at(4), "failed"));
        provisioning.apply("a", new Step(running, deployment, at(700), List.of(task), events, true, at(60)));

        assertThat(provisioning.findCommand(running.id())).contains(running);
        // The health result belongs to recordHealth; apply leaves it.
        assertThat(provisioning.findDeployment(deployment.id())).contains(deployment.withHealth(health));
        assertThat(provisioning.tasks(running.id())).containsExactly(claim.tasks().get(0), task,
                claim.tasks().get(2));
        assertThat(provisioning.events(running.id(), 0, 10)).containsExactly(install.initialEvent(), events.get(0),
                events.get(1));
        // Released: the lease is gone, and the command comes back at notBefore with the last event number.
        assertThat(provisioning.renew(running.id(), "a", at(100))).isEqualTo(LeaseStatus.LOST);
        assertThat(provisioning.claim("b", at(59), LEASE)).isEmpty();
        Claim again = provisioning.claim("b", at(60), LEASE).orElseThrow();
        assertThat(again.command()).isEqualTo(running);
        assertThat(again.lastEventSeq()).isEqualTo(3);
        assertThat(again.deployment()).isEqualTo(deployment.withHealth(health));

        // Without release the lease stays; the health-check due time was written with the deployment.
        provisioning.apply("b", new Step(running.moveTo(State.COMPLETED, "done", at(61)),
                deployment.moveTo(State.COMPLETED, "installed", at(61)), at(62), List.of(), List.of(), false, null));
        assertThat(provisioning.renew(running.id(), "b", at(100))).isEqualTo(new LeaseStatus(true, false));
        assertThat(provisioning.claimHealthCheck(at(61), LEASE)).isEmpty();
        assertThat(provisioning.claimHealthCheck(at(62), LEASE)).isPresent();
    }

    @Test
    void claimAndApplyAreAHandfulOfStatements() {
        ServiceConfiguration configuration = planWithConfiguration("notebook");
        ServiceConfiguration threeTasks = Fixtures.configuration(configuration.plan(), 2);
        stores.catalog().insertConfiguration(threeTasks);
        submitCreated(Fixtures.install(threeTasks, AccountId.random(), null, at(1)));
        StatementCounter counter = new StatementCounter();
        try (JpaStores counted = JpaStores.open(stores.settings().withMaxPoolSize(2), counter::wrap)) {
            ProvisioningStore store = counted.provisioning();
            counter.take();

            Claim claim = store.claim("a", at(2), LEASE).orElseThrow();
            // Candidate, lease, command and its parameters, deployment and its parameters, tasks, last event.
            assertThat(counter.take()).isEqualTo(8);

            ServiceCommand running = claim.command().moveTo(State.PENDING, "running", at(3));
            ServiceDeployment deployment = claim.deployment().moveTo(State.PENDING, "installing", at(3));
            ServiceTask task = claim.tasks().get(0).started(at(3));
            store.apply("a", new Step(running, deployment, null, List.of(task),
                    List.of(Fixtures.commandEvent(running.id(), 2, at(3), State.PENDING, "running"),
                            Fixtures.taskEvent(task, 3, at(3), "started")), false, null));
            // Deployment, its parameters compared, command with the lease check, tasks, events (one batch each).
            assertThat(counter.take()).isEqualTo(5);

            List<ServiceTask> started = claim.tasks().stream().map(t -> t.started(at(4))).toList();
            store.apply("a", new Step(running, null, null, started,
                    List.of(Fixtures.taskEvent(started.get(0), 4, at(4), "a"),
                            Fixtures.taskEvent(started.get(1), 5, at(4), "b"),
                            Fixtures.taskEvent(started.get(2), 6, at(4), "c")), true, at(4)));
            assertThat(counter.take()).isEqualTo(3);
            assertThat(store.tasks(running.id())).containsExactlyElementsOf(started);
        }
    }

    @Test
    void concurrentClaimersNeverShareACommand() throws Exception {
        ServiceConfiguration configuration = planWithConfiguration("worker");
        int commands = 40;
        for (int i = 0; i < commands; i++) {
            submitCreated(Fixtures.install(configuration, AccountId.random(), null, at(i)));
        }
        Map<CommandId, AtomicInteger> claims = drain(List.of(stores), 4, commands);

        assertThat(claims).hasSize(commands);
        assertThat(claims.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(provisioning.countActiveCommands()).isZero();
    }

    // ---------------------------------------------------------------- reading

    @Test
    void eventsPageAfterASeq() {
        ServiceConfiguration configuration = planWithConfiguration("notebook");
        NewCommand install = submitCreated(Fixtures.install(configuration, AccountId.random(), null, at(1)));
        Claim claim = provisioning.claim("a", at(2), LEASE).orElseThrow();
        CommandId id = claim.command().id();
        List<CommandEvent> more = List.of(
                Fixtures.commandEvent(id, 2, at(3), State.PENDING, "two"),
                Fixtures.commandEvent(id, 3, at(4), State.PENDING, "three"),
                Fixtures.commandEvent(id, 4, at(5), State.PENDING, "four"),
                Fixtures.commandEvent(id, 5, at(6), State.PENDING, "five"));
        provisioning.apply("a", new Step(claim.command().moveTo(State.PENDING, "running", at(3)), null, null,
                List.of(), more, false, null));

        assertThat(provisioning.events(id, 0, 2)).containsExactly(install.initialEvent(), more.get(0));
        assertThat(provisioning.events(id, 2, 10)).containsExactlyElementsOf(more.subList(1, 4));
        assertThat(provisioning.events(id, 4, 1)).containsExactly(more.get(3));
        assertThat(provisioning.events(id, 5, 10)).isEmpty();
        assertThat(provisioning.events(CommandId.random(), 0, 10)).isEmpty();
    }

    @Test
    void listsAreNewestFirstAndFiltered() {
        ServiceConfiguration configuration = planWithConfiguration("notebook");
        AccountId alice = AccountId.random();
        AccountId bob = AccountId.random();
        NewCommand a1 = submitCreated(Fixtures.install(configuration, alice, null, at(1)));
        NewCommand b1 = submitCreated(Fixtures.install(configuration, bob, null, at(2)));
        NewCommand a2 = submitCreated(Fixtures.install(configuration, alice, null, at(3)));
        NewCommand a1Configure = submitCreated(Fixtures.followUp(CommandAction.CONFIGURE, configuration,
                a1.command().deployment(), alice, null, at(4)));

        assertThat(provisioning.listCommands(new CommandQuery(null, null, 10))).containsExactly(
                a1Configure.command(), a2.command(), b1.command(), a1.command());
        assertThat(provisioning.listCommands(new CommandQuery(alice, null, 2))).containsExactly(
                a1Configure.command(), a2.command());
        assertThat(provisioning.listCommands(new CommandQuery(null, a1.command().deployment(), 10)))
                .containsExactly(a1Configure.command(), a1.command());
        assertThat(provisioning.listCommands(new CommandQuery(bob, a1.command().deployment(), 10))).isEmpty();

        assertThat(provisioning.listDeployments(null, true, 10)).containsExactly(a2.newDeployment(),
                b1.newDeployment(), a1.newDeployment());
        assertThat(provisioning.listDeployments(alice, true, 1)).containsExactly(a2.newDeployment());
        assertThat(provisioning.countActiveCommands()).isEqualTo(4);

        // Remove b1's deployment: it leaves the default listing but stays in history.
        runToEnd("a", provisioning.claim("a", at(5), LEASE).orElseThrow(), at(5));
        runToEnd("a", provisioning.claim("a", at(6), LEASE).orElseThrow(), at(6));
        submitCreated(Fixtures.followUp(CommandAction.REMOVE, configuration, b1.command().deployment(), bob, null,
                at(7)));
        Claim removal;
        do {
            removal = provisioning.claim("a", at(8), LEASE).orElseThrow();
            runToEnd("a", removal, at(8));
        } while (removal.command().action() != CommandAction.REMOVE);
        assertThat(provisioning.listDeployments(bob, false, 10)).isEmpty();
        assertThat(provisioning.listDeployments(bob, true, 10)).extracting(ServiceDeployment::state)
                .containsExactly(State.REMOVED);
        assertThat(provisioning.listDeployments(null, false, 10)).extracting(ServiceDeployment::id)
                .containsExactly(a2.command().deployment(), a1.command().deployment());
    }

    // ---------------------------------------------------------------- health

    @Test
    void healthChecksAreClaimedWhenDueAndRecorded() {
        ServiceConfiguration configuration = planWithConfiguration("notebook");
        NewCommand install = submitCreated(Fixtures.install(configuration, AccountId.random(), null, at(1)));
        Claim claim = provisioning.claim("a", at(2), LEASE).orElseThrow();
        // Not COMPLETED yet: never checked, whatever its due time.
        provisioning.apply("a", new Step(claim.command().moveTo(State.PENDING, "running", at(3)),
                claim.deployment().moveTo(State.PENDING, "installing", at(3)), at(3), List.of(), List.of(), false,
                null));
        assertThat(provisioning.claimHealthCheck(at(10), LEASE)).isEmpty();
        ServiceDeployment completed = claim.deployment().moveTo(State.PENDING, "installing", at(3))
                .moveTo(State.COMPLETED, "installed", at(4));
        provisioning.apply("a", new Step(claim.command().moveTo(State.PENDING, "running", at(3))
                .moveTo(State.COMPLETED, "done", at(4)), completed, at(20), List.of(), List.of(), true, at(4)));

        assertThat(provisioning.claimHealthCheck(at(19), LEASE)).isEmpty();
        assertThat(provisioning.claimHealthCheck(at(20), LEASE)).contains(completed);
        // Pushed to now + lease, so a second checker finds nothing meanwhile.
        assertThat(provisioning.claimHealthCheck(at(20), LEASE)).isEmpty();
        assertThat(provisioning.claimHealthCheck(at(49), LEASE)).isEmpty();
        assertThat(provisioning.claimHealthCheck(at(50), LEASE)).contains(completed);

        DeploymentHealth unhealthy = new DeploymentHealth(HealthStatus.UNHEALTHY, at(51), "probe exited with 1");
        provisioning.recordHealth(completed.id(), unhealthy, at(111));
        assertThat(provisioning.findDeployment(completed.id())).contains(completed.withHealth(unhealthy));
        assertThat(provisioning.claimHealthCheck(at(110), LEASE)).isEmpty();
        assertThat(provisioning.claimHealthCheck(at(111), LEASE)).isPresent();

        provisioning.recordHealth(completed.id(), unhealthy, null);
        assertThat(provisioning.claimHealthCheck(at(10_000), LEASE)).isEmpty();
        assertThat(install.command().deployment()).isEqualTo(completed.id());
        assertCode(() -> provisioning.recordHealth(DeploymentId.random(), unhealthy,
                null), ErrorCode.DEPLOYMENT_NOT_FOUND);
    }

    // ---------------------------------------------------------------- accounts

    @Test
    void accountsRoundTrip() {
        Account zoe = new Account(AccountId.random(), "zoe", Role.USER, at(1));
        Account adam = new Account(AccountId.random(), "adam", Role.USER, at(2));
        stores.accounts().insertAccount(zoe);
        stores.accounts().insertAccount(adam);

        assertThat(stores.accounts().findAccount(zoe.id())).contains(zoe);
        assertThat(stores.accounts().findAccountByName("adam")).contains(adam);
        assertThat(stores.accounts().findAccount(AccountId.random())).isEmpty();
        assertThat(stores.accounts().listAccounts()).containsExactly(adam, zoe);
        assertThat(stores.accounts().hasAdmin()).isFalse();
        assertCode(() -> stores.accounts().insertAccount(new Account(AccountId.random(), "zoe", Role.ADMIN, at(3))),
                ErrorCode.ACCOUNT_EXISTS);

        stores.accounts().insertAccount(new Account(AccountId.random(), "root", Role.ADMIN, at(4)));
        assertThat(stores.accounts().hasAdmin()).isTrue();
    }

    @Test
    void accountLevelsAreStoredAndChanged() {
        Account guest = new Account(AccountId.random(), "guest", Role.USER, 0, at(1));
        stores.accounts().insertAccount(guest);
        assertThat(stores.accounts().findAccount(guest.id())).contains(guest);
        assertThat(stores.accounts().setLevel(guest.id(), 4)).contains(guest.withLevel(4));
        assertThat(stores.accounts().findAccountByName("guest").orElseThrow().level()).isEqualTo(4);
        assertThat(stores.accounts().setLevel(AccountId.random(), 2)).isEmpty();
        assertCode(() -> stores.accounts().setLevel(guest.id(), 100), ErrorCode.INVALID_REQUEST);
        assertThat(stores.accounts().setEmail(guest.id(), "Guest@Example.org").orElseThrow().email())
                .isEqualTo("guest@example.org");
        assertThat(stores.accounts().findAccount(guest.id()).orElseThrow().email()).isEqualTo("guest@example.org");
        assertCode(() -> stores.accounts().setEmail(guest.id(), "nobody"), ErrorCode.INVALID_REQUEST);
        assertThat(stores.accounts().setEmail(guest.id(), null).orElseThrow().email()).isNull();
        assertThat(stores.accounts().setEmail(AccountId.random(), "a@b.org")).isEmpty();
    }

    @Test
    void apiKeysRoundTripRevokeAndTouch() {
        Account zoe = new Account(AccountId.random(), "zoe", Role.USER, at(1));
        stores.accounts().insertAccount(zoe);
        ApiKey old = new ApiKey("bk_old", zoe.id(), "laptop", "a".repeat(64), at(2), at(1000), null, null);
        ApiKey recent = new ApiKey("bk_new", zoe.id(), "", "b".repeat(64), at(3), null, null, null);
        stores.accounts().insertApiKey(old);
        stores.accounts().insertApiKey(recent);

        assertThat(stores.accounts().findApiKey("bk_old")).contains(old);
        assertThat(stores.accounts().findApiKey("missing")).isEmpty();
        assertThat(stores.accounts().listApiKeys(zoe.id())).containsExactly(recent, old);
        assertThat(stores.accounts().listApiKeys(AccountId.random())).isEmpty();

        stores.accounts().touchApiKey("bk_old", at(10));
        stores.accounts().touchApiKey("bk_old", at(5));
        stores.accounts().touchApiKey("missing", at(5));
        assertThat(stores.accounts().findApiKey("bk_old").orElseThrow().lastUsedAt()).isEqualTo(at(10));

        assertThat(stores.accounts().revokeApiKey("bk_old", at(20))).isTrue();
        assertThat(stores.accounts().revokeApiKey("bk_old", at(30))).isTrue();
        assertThat(stores.accounts().revokeApiKey("missing", at(20))).isFalse();
        ApiKey revoked = stores.accounts().findApiKey("bk_old").orElseThrow();
        assertThat(revoked).isEqualTo(new ApiKey("bk_old", zoe.id(), "laptop", "a".repeat(64), at(2), at(1000),
                at(20), at(10)));
        assertThat(revoked.isUsableAt(at(21))).isFalse();
        assertCode(() -> stores.accounts().insertApiKey(new ApiKey("bk_x", AccountId.random(), "", "c", at(1), null,
                null, null)), ErrorCode.ACCOUNT_NOT_FOUND);
    }

    @Test
    void apiKeyScopesRoundTrip() {
        Account yan = new Account(AccountId.random(), "yan", Role.USER, at(1));
        stores.accounts().insertAccount(yan);
        ApiKey reader = new ApiKey("bk_read", yan.id(), "ci", "d".repeat(64), at(2), null, null, null,
                java.util.EnumSet.of(ApiScope.READ, ApiScope.BOOK));
        stores.accounts().insertApiKey(reader);
        assertThat(stores.accounts().findApiKey("bk_read").orElseThrow().scopes())
                .containsExactly(ApiScope.READ, ApiScope.BOOK);
        stores.accounts().touchApiKey("bk_read", at(5));
        stores.accounts().revokeApiKey("bk_read", at(6));
        assertThat(stores.accounts().findApiKey("bk_read")).contains(reader.withLastUsedAt(at(5)).withRevokedAt(at(6)));
    }

    @Test
    void sshKeysRoundTripAreUniquePerAccountAndLimited() {
        Account xia = new Account(AccountId.random(), "xia", Role.USER, at(1));
        Account wes = new Account(AccountId.random(), "wes", Role.USER, at(1));
        stores.accounts().insertAccount(xia);
        stores.accounts().insertAccount(wes);
        SshKey first = new SshKey(SshKeyId.random(), xia.id(), "laptop", ed25519(1, "me@laptop"), at(2));
        SshKey second = new SshKey(SshKeyId.random(), xia.id(), "", ed25519(2, ""), at(3));
        stores.accounts().insertSshKey(second, 3);
        stores.accounts().insertSshKey(first, 3);

        assertThat(stores.accounts().listSshKeys(xia.id())).containsExactly(first, second);
        assertThat(stores.accounts().findSshKey(first.id())).contains(first);
        assertThat(stores.accounts().findSshKey(SshKeyId.random())).isEmpty();
        assertThat(stores.accounts().listSshKeys(wes.id())).isEmpty();

        assertCode(() -> stores.accounts().insertSshKey(new SshKey(SshKeyId.random(), xia.id(), "again",
                ed25519(1, "other comment"), at(4)), 3), ErrorCode.SSH_KEY_EXISTS);
        // another account may hold the same public key
        stores.accounts().insertSshKey(new SshKey(SshKeyId.random(), wes.id(), "", ed25519(1, ""), at(4)), 3);
        stores.accounts().insertSshKey(new SshKey(SshKeyId.random(), xia.id(), "", ed25519(3, ""), at(5)), 3);
        assertCode(() -> stores.accounts().insertSshKey(new SshKey(SshKeyId.random(), xia.id(), "",
                ed25519(4, ""), at(6)), 3), ErrorCode.SSH_KEY_LIMIT);
        assertCode(() -> stores.accounts().insertSshKey(new SshKey(SshKeyId.random(), AccountId.random(), "",
                ed25519(5, ""), at(6)), 3), ErrorCode.ACCOUNT_NOT_FOUND);

        assertThat(stores.accounts().deleteSshKey(first.id())).isTrue();
        assertThat(stores.accounts().deleteSshKey(first.id())).isFalse();
        assertThat(stores.accounts().listSshKeys(xia.id())).hasSize(2).doesNotContain(first);
    }

    @Test
    void concurrentSshKeyAdditionsNeverPassTheLimit() throws Exception {
        Account vic = new Account(AccountId.random(), "vic", Role.USER, at(1));
        stores.accounts().insertAccount(vic);
        for (int i = 0; i < 18; i++) {
            stores.accounts().insertSshKey(new SshKey(SshKeyId.random(), vic.id(), "", ed25519(i, ""), at(2 + i)), 20);
        }
        int threads = 6;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int n = 100 + t;
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        stores.accounts().insertSshKey(new SshKey(SshKeyId.random(), vic.id(), "", ed25519(n, ""),
                                at(100 + n)), 20);
                        return true;
                    } catch (BerthException e) {
                        assertThat(e.errorCode()).isEqualTo(ErrorCode.SSH_KEY_LIMIT);
                        return false;
                    }
                }));
            }
            start.countDown();
            int added = 0;
            for (java.util.concurrent.Future<Boolean> result : results) {
                added += result.get(60, java.util.concurrent.TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(added).isEqualTo(2);
            assertThat(stores.accounts().listSshKeys(vic.id())).hasSize(20);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void levelOverridesArePutReplacedAndDeleted() {
        LevelQuotas five = new LevelQuotas(5, new LevelQuotas.StorageQuota(7, 1024), LevelQuotas.StorageQuota.NONE,
                new LevelQuotas.StorageQuota(3, 100), new LevelQuotas.Retention(1, null, null), "small");
        LevelQuotas one = new LevelQuotas(1, new LevelQuotas.StorageQuota(2, 10), new LevelQuotas.StorageQuota(4, 20),
                new LevelQuotas.StorageQuota(6, 30), new LevelQuotas.Retention(0, 0, 12), "tiny");
        assertThat(stores.accounts().levelOverrides()).isEmpty();
        stores.accounts().putLevelOverride(five, at(1));
        stores.accounts().putLevelOverride(one, at(2));
        assertThat(stores.accounts().levelOverrides()).containsExactly(one, five);

        LevelQuotas changed = new LevelQuotas(5, new LevelQuotas.StorageQuota(8, 2048), LevelQuotas.StorageQuota.NONE,
                new LevelQuotas.StorageQuota(3, 100), new LevelQuotas.Retention(2, 6, 24), "medium");
        stores.accounts().putLevelOverride(changed, at(3));
        assertThat(stores.accounts().levelOverrides()).containsExactly(one, changed);

        assertThat(stores.accounts().deleteLevelOverride(1)).isTrue();
        assertThat(stores.accounts().deleteLevelOverride(1)).isFalse();
        assertThat(stores.accounts().levelOverrides()).containsExactly(changed);
    }

    private static SshPublicKey ed25519(int seed, String comment) {
        byte[] raw = new byte[32];
        java.util.Arrays.fill(raw, (byte) seed);
        return SshPublicKey.ed25519(raw, comment);
    }

    // ---------------------------------------------------------------- the store itself

    @Test
    void instantsKeepMicroseconds() {
        Instant precise = Instant.parse("2026-03-01T10:00:00.123456789Z");
        ServicePlan plan = new ServicePlan(PlanId.random(), "precise", "", precise);
        stores.catalog().insertPlan(plan);

        assertThat(stores.catalog().findPlan(plan.id()).orElseThrow().created())
                .isEqualTo(Instant.parse("2026-03-01T10:00:00.123456Z"));
    }

    @Test
    void aSecondStoreOnTheSameDatabaseMigratesNothingAndSeesTheData() {
        ServicePlan plan = Fixtures.plan("notebook");
        stores.catalog().insertPlan(plan);

        try (JpaStores second = JpaStores.open(stores.settings().withMaxPoolSize(2))) {
            second.ping();
            assertThat(second.catalog().findPlan(plan.id())).contains(plan);
            second.catalog().insertPlan(Fixtures.plan("worker"));
        }
        assertThat(stores.catalog().listPlans()).extracting(ServicePlan::name).containsExactly("notebook", "worker");
        stores.ping();
    }

    @Test
    void aClosedStoreIsUnavailable() {
        JpaStores second = JpaStores.open(stores.settings().withMaxPoolSize(1));
        second.close();
        second.close();

        assertCode(second::ping, ErrorCode.STORE_UNAVAILABLE);
        assertCode(() -> second.catalog().listPlans(), ErrorCode.STORE_UNAVAILABLE);
    }

    // ---------------------------------------------------------------- helpers

    ServiceConfiguration planWithConfiguration(String name) {
        ServicePlan plan = Fixtures.plan(name);
        stores.catalog().insertPlan(plan);
        ServiceConfiguration configuration = Fixtures.simpleConfiguration(plan.id(), 1);
        stores.catalog().insertConfiguration(configuration);
        return configuration;
    }

    NewCommand submitCreated(NewCommand command) {
        assertThat(provisioning.submit(command)).isEqualTo(new Submission.Created(command.command()));
        return command;
    }

    /** Runs a claimed command to its end as an executor would: start, each task, finish with release. */
    static void runToEnd(ProvisioningStore store, String owner, Claim claim, Instant at) {
        long seq = claim.lastEventSeq();
        ServiceCommand command = claim.command().state() == State.PENDING ? claim.command()
                : claim.command().moveTo(State.PENDING, "running", at);
        ServiceDeployment deployment = claim.deployment().state() == State.PENDING ? claim.deployment()
                : claim.deployment().moveTo(State.PENDING, "working", at);
        store.apply(owner, new Step(command, deployment, null, List.of(),
                List.of(Fixtures.commandEvent(command.id(), ++seq, at, State.PENDING, "running")), false, null));
        for (ServiceTask task : claim.tasks()) {
            ServiceTask started = task.started(at);
            ServiceTask finished = started.finished(State.COMPLETED, 0, "ok", "", at);
            store.apply(owner, new Step(command, null, null, List.of(started),
                    List.of(Fixtures.taskEvent(started, ++seq, at, "started")), false, null));
            store.apply(owner, new Step(command, null, null, List.of(finished),
                    List.of(Fixtures.taskEvent(finished, ++seq, at, "finished")), false, null));
        }
        State end = command.action() == CommandAction.REMOVE ? State.REMOVED : State.COMPLETED;
        store.apply(owner, new Step(command.moveTo(State.COMPLETED, "done", at), deployment.moveTo(end, "done", at),
                null, List.of(), List.of(Fixtures.commandEvent(command.id(), ++seq, at, State.COMPLETED, "done")),
                true, at));
    }

    void runToEnd(String owner, Claim claim, Instant at) {
        runToEnd(provisioning, owner, claim, at);
    }

    /**
     * Claims and completes commands from {@code threadsPerStore} threads on each store until {@code commands}
     * commands are done; returns how often each command was claimed.
     */
    static Map<CommandId, AtomicInteger> drain(List<JpaStores> storeList, int threadsPerStore, int commands)
            throws Exception {
        Map<CommandId, AtomicInteger> claims = new ConcurrentHashMap<>();
        AtomicInteger done = new AtomicInteger();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        int threads = storeList.size() * threadsPerStore;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                ProvisioningStore store = storeList.get(t % storeList.size()).provisioning();
                String owner = "executor-" + t;
                futures.add(pool.submit(() -> {
                    start.await();
                    while (done.get() < commands && System.nanoTime() < deadline) {
                        Optional<Claim> claim;
                        try {
                            claim = store.claim(owner, at(1000), Duration.ofHours(1));
                            if (claim.isEmpty()) {
                                // Every runnable command is leased by another thread: poll again shortly.
                                Thread.sleep(1);
                                continue;
                            }
                            claims.computeIfAbsent(claim.get().command().id(), id -> new AtomicInteger())
                                    .incrementAndGet();
                            finish(store, owner, claim.get());
                            done.incrementAndGet();
                        } catch (RuntimeException | Error e) {
                            failures.add(e);
                            return null;
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(180, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).isEmpty();
        assertThat(done.get()).as("commands completed before the deadline").isEqualTo(commands);
        return claims;
    }

    /** Starts and completes a claimed command in two steps, the second releasing it. */
    private static void finish(ProvisioningStore store, String owner, Claim claim) {
        Instant now = at(1000);
        ServiceCommand running = claim.command().moveTo(State.PENDING, "running", now);
        ServiceDeployment deployment = claim.deployment().moveTo(State.PENDING, "installing", now);
        List<ServiceTask> started = claim.tasks().stream().map(task -> task.started(now)).toList();
        store.apply(owner, new Step(running, deployment, null, started,
                List.of(Fixtures.commandEvent(running.id(), claim.lastEventSeq() + 1, now, State.PENDING, "running")),
                false, null));
        List<ServiceTask> finished = started.stream()
                .map(task -> task.finished(State.COMPLETED, 0, "ok", "", now)).toList();
        store.apply(owner, new Step(running.moveTo(State.COMPLETED, "done", now),
                deployment.moveTo(State.COMPLETED, "installed", now), null, finished,
                List.of(Fixtures.commandEvent(running.id(), claim.lastEventSeq() + 2, now, State.COMPLETED, "done")),
                true, now));
    }

    /**
     * Runs {@code work} on {@code threads} threads released at once; each outcome is the returned value, or the
     * error code of a BerthException.
     */
    static List<Object> race(int threads, RaceWork work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    try {
                        return work.run(index);
                    } catch (BerthException e) {
                        return e.errorCode();
                    }
                }));
            }
            ready.await();
            go.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> future : futures) {
                outcomes.add(future.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    interface RaceWork {
        Object run(int index);
    }

    static void assertCode(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(BerthException.class,
                e -> assertThat(e.errorCode()).as(e.getMessage()).isEqualTo(code));
    }

}
