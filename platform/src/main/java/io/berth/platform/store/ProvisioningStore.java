package io.berth.platform.store;

import io.berth.core.account.AccountId;
import io.berth.core.provisioning.CommandEvent;
import io.berth.core.provisioning.CommandId;
import io.berth.core.provisioning.DeploymentId;
import io.berth.core.provisioning.ServiceCommand;
import io.berth.core.provisioning.ServiceDeployment;
import io.berth.core.provisioning.ServiceTask;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Deployments, commands, their tasks and progress events, and the leases by which executors claim
 * commands. Every method is one transaction and thread safe. Several server processes may share one
 * database: the claim and lease methods are what keeps them from running one command twice.
 */
public interface ProvisioningStore {

    /**
     * Stores a command with all its tasks (and, for an install, its new deployment) before anything runs.
     * Atomically:
     * <ol>
     *   <li>When the command has an idempotency key and the requester already has a command with that key,
     *   nothing is written and {@link Submission.Existing} with the stored command is returned (also when
     *   a concurrent submit with the same key wins the race).</li>
     *   <li>For CONFIGURE and REMOVE the deployment row is locked; when the deployment is REMOVED, or a
     *   REMOVE command for it is not terminal, the submit fails with DEPLOYMENT_REMOVED.</li>
     *   <li>For REMOVE every other non-terminal command of the deployment is flagged as cancel-requested
     *   (see {@link LeaseStatus#cancelRequested()}).</li>
     *   <li>The deployment (if new), command, tasks and the initial event are inserted.</li>
     * </ol>
     */
    Submission submit(NewCommand command);

    Optional<ServiceCommand> findCommand(CommandId id);

    /** The requester's command with this idempotency key, if any. */
    Optional<ServiceCommand> findByIdempotencyKey(AccountId requester, String idempotencyKey);

    /** Newest first. */
    List<ServiceCommand> listCommands(CommandQuery query);

    /** The command's tasks ordered by {@link ServiceTask#seq()}. */
    List<ServiceTask> tasks(CommandId command);

    Optional<ServiceDeployment> findDeployment(DeploymentId id);

    /**
     * Newest first.
     *
     * @param owner          only this owner's deployments, or null for all
     * @param includeRemoved whether REMOVED deployments are listed
     */
    List<ServiceDeployment> listDeployments(AccountId owner, boolean includeRemoved, int limit);

    /** Events of a command with {@code seq > afterSeq}, ascending, at most {@code limit}. */
    List<CommandEvent> events(CommandId command, long afterSeq, int limit);

    /**
     * Claims the oldest runnable command for {@code owner} until {@code now + lease}. Runnable: state
     * INITIATED or PENDING, {@code notBefore <= now} (or cancellation requested: a command waiting to retry
     * must not hold up the REMOVE behind it), no lease or an expired one ({@code leaseUntil < now}),
     * and no older non-terminal command for the same deployment (commands of one deployment run in order).
     * Commands locked by a concurrent claim are skipped, never waited for ({@code FOR UPDATE SKIP LOCKED}
     * or equivalent), so two claims never return the same command while its lease holds.
     */
    Optional<Claim> claim(String owner, Instant now, Duration lease);

    /**
     * Extends a lease this owner holds.
     *
     * @return whether the lease is still held, and whether cancellation was requested
     */
    LeaseStatus renew(CommandId command, String owner, Instant until);

    /**
     * Applies one step of execution atomically, only while {@code owner} holds the command's lease:
     * updates the command (state, reason, updated), the deployment when given (configuration, parameters,
     * state, reason, updated and the health-check due time; never the last health result), the given
     * tasks (all fields), appends the events, and, when {@link Step#release()} is set, clears the lease
     * and sets the command's {@code notBefore}.
     *
     * @throws io.berth.core.error.BerthException LEASE_LOST when the lease is no longer held by owner;
     *                                            nothing is written then
     */
    void apply(String owner, Step step);

    /**
     * Claims one COMPLETED deployment whose health check is due ({@code healthDueAt <= now}), pushing its
     * due time to {@code now + lease} so that no other process checks it meanwhile.
     */
    Optional<ServiceDeployment> claimHealthCheck(Instant now, Duration lease);

    /** Records a health result and when the next check is due (null: none). */
    void recordHealth(DeploymentId deployment, io.berth.core.provisioning.DeploymentHealth health, Instant nextDue);

    /** Number of commands that are not terminal, for metrics. */
    long countActiveCommands();
}
