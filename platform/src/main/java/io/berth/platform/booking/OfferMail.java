package io.berth.platform.booking;

import io.berth.booking.Booking;
import io.berth.booking.QueueEntry;
import io.berth.core.account.Account;
import io.berth.core.account.AccountId;
import io.berth.platform.mail.Mailer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Tells the head of a queue by mail that capacity is held for it, when its account has an email address. The
 * offer itself is durable and visible through the API; the mail is a courtesy, so a failure to send is logged
 * and does not undo the offer.
 */
public final class OfferMail implements BookingListener {
    private static final Logger LOG = LoggerFactory.getLogger(OfferMail.class);

    private final Mailer mailer;
    private final Function<AccountId, Optional<Account>> accounts;
    private final Function<QueueEntry, String> poolName;

    public OfferMail(Mailer mailer, Function<AccountId, Optional<Account>> accounts,
                     Function<QueueEntry, String> poolName) {
        this.mailer = requireNonNull(mailer, "mailer is null");
        this.accounts = requireNonNull(accounts, "accounts is null");
        this.poolName = requireNonNull(poolName, "poolName is null");
    }

    @Override
    public void offered(QueueEntry entry, Booking held) {
        Optional<String> address = accounts.apply(entry.account()).map(Account::email);
        if (address.isEmpty()) {
            LOG.info("queue entry {}: offer made; account {} has no email address to tell", entry.id(), entry.account());
            return;
        }
        String text = "A " + entry.packageName() + " package in pool " + poolName.apply(entry) + " is held for you"
                + " from " + held.start() + " to " + held.end() + ".\n\n"
                + "The offer holds until " + entry.offerExpiresAt() + "; after that it passes to the next in the queue.\n"
                + "Take it with:\n\n    berth queue accept " + entry.id() + "\n\n"
                + "or POST /api/v1/queue/" + entry.id() + "/accept.\n";
        try {
            mailer.send(new Mailer.Mail(address.get(), "Berth: a " + entry.packageName() + " package is held for you",
                    text));
        } catch (RuntimeException e) {
            LOG.warn("queue entry {}: the offer mail could not be sent: {}", entry.id(), e.toString());
        }
    }
}
