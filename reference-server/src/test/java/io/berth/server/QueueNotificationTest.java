package io.berth.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static io.berth.server.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access queue's notification on the embedded default: the demo team holds the large packages; alice waits
 * for one; when an admin cancels the demo team's booking, alice's offer is mailed (to an in-process SMTP server,
 * or without one into the outbox folder), and she takes it.
 */
class QueueNotificationTest {
    /** The demo team's fixed account id (DemoBooking). */
    private static final String DEMO_TEAM = new UUID(0, 1).toString();

    @TempDir
    Path data;
    private TestServer server;
    private GreenMail smtp;
    private String alice;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void anOfferIsMailedBySmtpAndCanBeTaken() throws Exception {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        server = TestServer.fromEnvironment(data, Map.of("BERTH_SMTP_HOST", "127.0.0.1",
                "BERTH_SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()), "BERTH_SMTP_STARTTLS", "false",
                "BERTH_MAIL_FROM", "Berth@Example.org"));
        String entry = queueAndFreeALargePackage();

        assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage[] messages = smtp.getReceivedMessages();
        assertThat(messages).hasSize(1);
        assertThat(messages[0].getAllRecipients()[0].toString()).isEqualTo("alice@example.org");
        assertThat(messages[0].getFrom()[0].toString()).isEqualTo("Berth@Example.org");
        assertThat(messages[0].getSubject()).isEqualTo("Berth: a large package is held for you");
        assertThat(GreenMailUtil.getBody(messages[0])).contains("berth queue accept " + entry)
                .contains("in pool reserved");

        takeTheOffer(entry);
    }

    @Test
    void withoutSmtpTheOfferIsWrittenToTheOutbox() throws Exception {
        server = TestServer.fromEnvironment(data, Map.of());
        String entry = queueAndFreeALargePackage();

        Path outbox = data.resolve("outbox");
        List<Path> mails;
        try (Stream<Path> files = Files.list(outbox)) {
            mails = files.filter(f -> f.getFileName().toString().endsWith(".eml")).toList();
        }
        assertThat(mails).hasSize(1);
        String eml = Files.readString(mails.get(0), StandardCharsets.UTF_8);
        assertThat(eml).contains("To: alice@example.org").contains("Subject: Berth: a large package is held for you")
                .contains("berth queue accept " + entry);
        takeTheOffer(entry);
    }

    private String queueAndFreeALargePackage() throws IOException {
        Http http = server.http;
        alice = server.createUser("alice");
        assertProblem(http.patch("/api/v1/accounts/alice", alice, "{\"email\":\"not an address\"}"), 400,
                "invalid-request");
        assertProblem(http.patch("/api/v1/accounts/alice", alice, "{\"level\":5}"), 403, "forbidden");
        JsonNode changed = http.patch("/api/v1/accounts/alice", alice, "{\"email\":\"Alice@Example.org\"}").json();
        assertThat(changed.path("email").asText()).isEqualTo("alice@example.org");

        JsonNode joined = http.post("/api/v1/queue", alice, "{\"package\":\"large\",\"days\":1}").json();
        assertThat(joined.path("status").asText()).isEqualTo("WAITING");
        String entry = joined.path("id").asText();

        JsonNode demo = http.get("/api/v1/bookings?account=" + DEMO_TEAM, server.adminKey).json();
        assertThat(demo).hasSize(1);
        assertThat(http.delete("/api/v1/bookings/" + demo.get(0).path("id").asText(), server.adminKey).status())
                .isEqualTo(200);
        JsonNode offered = http.get("/api/v1/queue/" + entry, alice).json();
        assertThat(offered.path("status").asText()).isEqualTo("OFFERED");
        assertThat(offered.path("position").asInt()).isEqualTo(1);
        assertThat(offered.path("booking").asText()).isNotEmpty();
        return entry;
    }

    private void takeTheOffer(String entry) {
        Http http = server.http;
        String bob = server.createUser("bob");
        assertProblem(http.post("/api/v1/queue/" + entry + "/accept", bob, "{}"), 404, "queue-entry-not-found");
        Http.Response accepted = http.post("/api/v1/queue/" + entry + "/accept", alice, "{}");
        assertThat(accepted.status()).isEqualTo(201);
        assertThat(accepted.json().path("status").asText()).isEqualTo("ACTIVE");
        assertThat(accepted.json().path("packageName").asText()).isEqualTo("large");
        assertThat(http.get("/api/v1/queue/" + entry, alice).json().path("status").asText()).isEqualTo("ACCEPTED");
        assertProblem(http.post("/api/v1/queue/" + entry + "/accept", alice, "{}"), 409, "no-offer");
    }
}
