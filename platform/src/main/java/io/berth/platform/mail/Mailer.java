package io.berth.platform.mail;

/**
 * Sends mail. Implementations deliver by SMTP or keep the message somewhere an operator can read it; they never
 * write a message's body to the log (it may hold a secret link).
 */
public interface Mailer {

    /**
     * Hands a message over for delivery. May return before it is delivered.
     *
     * @throws io.berth.core.error.BerthException PROVIDER_UNAVAILABLE when it cannot even be accepted
     */
    void send(Mail mail);

    /** A plain-text message to one address. */
    record Mail(String to, String subject, String text) {
        public Mail {
            java.util.Objects.requireNonNull(to, "to is null");
            java.util.Objects.requireNonNull(subject, "subject is null");
            java.util.Objects.requireNonNull(text, "text is null");
        }

        @Override
        public String toString() {
            return "Mail[to=" + to + ", subject=" + subject + ", text=<" + text.length() + " characters>]";
        }
    }
}
