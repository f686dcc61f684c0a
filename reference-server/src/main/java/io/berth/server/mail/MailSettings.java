package io.berth.server.mail;

import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * Where mail goes: to an SMTP server when {@code smtpHost} is set, otherwise as {@code .eml} files into
 * {@code outbox} (so that nothing is lost and nothing lands in the log).
 *
 * @param smtpHost null: no SMTP server, write to the outbox
 * @param user     empty: no authentication
 * @param startTls require STARTTLS before authenticating
 * @param from     the sender address
 */
public record MailSettings(String smtpHost, int smtpPort, String user, String password, boolean startTls, String from,
                           Path outbox) {
    public MailSettings {
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(from, "from is null");
        requireNonNull(outbox, "outbox is null");
    }

    public boolean usesSmtp() {
        return smtpHost != null;
    }

    /** The password is left out. */
    @Override
    public String toString() {
        return usesSmtp() ? "MailSettings[smtp=" + smtpHost + ":" + smtpPort + ", user=" + user + ", startTls=" + startTls
                + ", from=" + from + "]" : "MailSettings[outbox=" + outbox + ", from=" + from + "]";
    }
}
