package io.berth.server.mail;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.mail.Mailer;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Mail through Jakarta Mail (Angus): by SMTP, or into an outbox folder of {@code .eml} files when no SMTP server is
 * configured. SMTP delivery happens on one background thread, so that a slow mail server never holds up a
 * request; the queue is bounded, and a message that does not fit is refused at once. The outbox is written at
 * once, atomically (a temporary file renamed), so a reader never sees half a message.
 */
public final class JakartaMailer implements Mailer, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JakartaMailer.class);
    private static final int QUEUE = 1000;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    private final MailSettings settings;
    private final Clock clock;
    private final Session session;
    private final ExecutorService sender;

    public JakartaMailer(MailSettings settings, Clock clock) {
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
        Properties properties = new Properties();
        if (settings.usesSmtp()) {
            properties.put("mail.transport.protocol", "smtp");
            properties.put("mail.smtp.host", settings.smtpHost());
            properties.put("mail.smtp.port", Integer.toString(settings.smtpPort()));
            properties.put("mail.smtp.connectiontimeout", "10000");
            properties.put("mail.smtp.timeout", "20000");
            properties.put("mail.smtp.writetimeout", "20000");
            if (settings.startTls()) {
                properties.put("mail.smtp.starttls.enable", "true");
                properties.put("mail.smtp.starttls.required", "true");
            }
            if (!settings.user().isEmpty()) {
                properties.put("mail.smtp.auth", "true");
            }
        }
        this.session = settings.user().isEmpty() ? Session.getInstance(properties)
                : Session.getInstance(properties, new Authenticator() {
                    @Override
                    protected PasswordAuthentication getPasswordAuthentication() {
                        return new PasswordAuthentication(settings.user(), settings.password());
                    }
                });
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(QUEUE), r -> {
            Thread thread = new Thread(r, "berth-mail");
            thread.setDaemon(true);
            return thread;
        });
        LOG.info("mail: {}", settings);
    }

    @Override
    public void send(Mail mail) {
        requireNonNull(mail, "mail is null");
        MimeMessage message = message(mail);
        if (!settings.usesSmtp()) {
            writeToOutbox(message);
            return;
        }
        try {
            sender.execute(() -> {
                try {
                    Transport.send(message);
                    LOG.info("mail: sent '{}' to {}", mail.subject(), mail.to());
                } catch (MessagingException e) {
                    LOG.warn("mail: sending '{}' to {} failed: {}", mail.subject(), mail.to(), e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            throw new BerthException(ErrorCode.PROVIDER_UNAVAILABLE, "mail: " + QUEUE + " messages wait already");
        }
    }

    private MimeMessage message(Mail mail) {
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(settings.from(), true));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to(), true));
            message.setSubject(mail.subject(), "UTF-8");
            message.setText(mail.text(), "UTF-8");
            message.setSentDate(Date.from(clock.instant()));
            message.saveChanges();
            return message;
        } catch (MessagingException e) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "mail: cannot address a message to '" + mail.to() + "': "
                    + e.getMessage(), e);
        }
    }

    private void writeToOutbox(MimeMessage message) {
        try {
            Files.createDirectories(settings.outbox());
            String name = STAMP.format(clock.instant()) + "-" + UUID.randomUUID() + ".eml";
            Path temporary = settings.outbox().resolve("." + name + ".tmp");
            try (OutputStream out = Files.newOutputStream(temporary)) {
                message.writeTo(out);
            }
            Path file = settings.outbox().resolve(name);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("mail: '{}' to {} written to {}", message.getSubject(), message.getAllRecipients()[0], file);
        } catch (IOException | MessagingException e) {
            throw new BerthException(ErrorCode.PROVIDER_UNAVAILABLE, "mail: cannot write to the outbox "
                    + settings.outbox() + ": " + e.getMessage(), e);
        }
    }

    /** Delivers what is queued, for at most ten seconds. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            if (!sender.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("mail: messages still queued at shutdown were not sent");
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sender.shutdownNow();
        }
    }
}
