package io.berth.platform.signin;

import io.berth.booking.Booking;
import io.berth.booking.BookingStatus;
import io.berth.core.account.Account;
import io.berth.core.account.AccountId;
import io.berth.core.account.Principal;
import io.berth.core.error.BerthException;
import io.berth.core.provisioning.CommandAction;
import io.berth.core.provisioning.ServiceDeployment;
import io.berth.core.state.State;
import io.berth.platform.booking.BookingService;
import io.berth.platform.provisioning.CommandRequest;
import io.berth.platform.provisioning.CommandService;
import io.berth.platform.store.SignInStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The maintenance job of sign-in, run every few seconds by the server (any number of server processes may run it
 * at once). Each run
 * <ol>
 *   <li>deletes expired link codes, login tokens and sessions;</li>
 *   <li>finds the accounts to delete: those marked (a trial account that logged out, an account deleted by its
 *       owner or an admin) and trial accounts idle without a live session for the trial idle time;</li>
 *   <li>for each, issues a REMOVE command for every deployment that is not removed and has no command under way,
 *       and leaves the account for a later run while any deployment is not yet removed;</li>
 *   <li>once all are removed: cancels its active bookings, leaves its queues, and purges the account with its
 *       password, codes, tokens, sessions, identities, API keys, queue entries and calendar feed.</li>
 * </ol>
 * Deployments, commands, tasks and bookings stay as history under the account's (now unknown) id, as the schema
 * intends for everything metered: they hold no personal data. Every step is idempotent, so a crash between steps
 * loses nothing: the next run picks up where this one stopped.
 */
public final class AccountCleanup {
    private static final Logger LOG = LoggerFactory.getLogger(AccountCleanup.class);
    /** Accounts handled per run; the rest wait for the next. */
    static final int BATCH = 100;
    private static final int DEPLOYMENT_LIMIT = 1000;

    private final SignInService signIn;

    public AccountCleanup(SignInService signIn) {
        this.signIn = requireNonNull(signIn, "signIn is null");
    }

    /**
     * What one run did.
     *
     * @param expired        expired codes, tokens and sessions deleted
     * @param removalsIssued REMOVE commands issued
     * @param waiting        accounts whose deployments are still being removed
     * @param purged         accounts deleted
     */
    public record Result(int expired, int removalsIssued, int waiting, int purged) {
    }

    /** One run; failures of one account are logged and do not stop the others. */
    public Result runOnce() {
        SignInStore store = signIn.store();
        Instant now = signIn.clock().instant();
        int expired = store.deleteExpired(now);
        signIn.throttle().prune();
        List<AccountId> due = store.accountsToPurge(now.minus(signIn.settings().trialIdle()), now, BATCH);
        int removals = 0;
        int waiting = 0;
        int purged = 0;
        for (AccountId id : due) {
            try {
                Account account = signIn.stores().accounts().findAccount(id).orElse(null);
                if (account == null) {
                    continue;
                }
                if (!account.isDisabled()) {
                    // an idle trial: nothing may sign it in again while its deployments go
                    signIn.stores().accounts().updateAccount(account.withDisabledAt(now));
                    store.markForDeletion(id, now);
                }
                Principal owner = new Principal(account.id(), account.name(), account.role(), account.level());
                int[] issued = {0};
                boolean removed = removeDeployments(owner, issued);
                removals += issued[0];
                if (!removed) {
                    waiting++;
                    continue;
                }
                releaseBookings(owner);
                if (store.purgeAccount(id)) {
                    purged++;
                    LOG.info("cleanup: account {} deleted{}", account.name(), account.trial() ? " (trial)" : "");
                }
            } catch (BerthException | IllegalStateException e) {
                LOG.warn("cleanup: account {} could not be deleted in this run: {}", id, e.getMessage());
            }
        }
        return new Result(expired, removals, waiting, purged);
    }

    /** Issues the REMOVE commands needed; returns whether every deployment of the owner is removed already. */
    private boolean removeDeployments(Principal owner, int[] issued) {
        CommandService commands = signIn.commands();
        boolean allRemoved = true;
        for (CommandService.DeploymentDetails details : commands.listDeployments(owner, false, false,
                DEPLOYMENT_LIMIT)) {
            ServiceDeployment deployment = details.deployment();
            if (deployment.state() == State.REMOVED) {
                continue;
            }
            allRemoved = false;
            boolean underWay = commands.listCommands(owner, deployment.id(), 20).stream()
                    .anyMatch(c -> !c.command().state().isTerminal() && c.command().action() == CommandAction.REMOVE);
            if (underWay) {
                continue;
            }
            try {
                commands.submit(owner, new CommandRequest(CommandAction.REMOVE, null, deployment.id(), Map.of()), null);
                issued[0]++;
            } catch (BerthException e) {
                // removed or busy meanwhile (another server's run, say): the next run looks again
                LOG.debug("cleanup: remove of deployment {} not issued: {}", deployment.id(), e.getMessage());
            }
        }
        return allRemoved;
    }

    private void releaseBookings(Principal owner) {
        BookingService bookings = signIn.bookings();
        for (Booking booking : bookings.bookings(owner, owner.account())) {
            if (booking.status() == BookingStatus.ACTIVE) {
                try {
                    bookings.cancel(owner, booking.id());
                } catch (BerthException e) {
                    LOG.debug("cleanup: booking {} not cancelled: {}", booking.id(), e.getMessage());
                }
            }
        }
        for (BookingService.QueuePosition position : bookings.queueOf(owner)) {
            try {
                bookings.leaveQueue(owner, position.entry().id());
            } catch (BerthException e) {
                LOG.debug("cleanup: queue entry {} not left: {}", position.entry().id(), e.getMessage());
            }
        }
    }
}
