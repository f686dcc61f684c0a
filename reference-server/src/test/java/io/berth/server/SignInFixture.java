package io.berth.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.berth.platform.testing.MutableClock;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server for sign-in tests: its own H2 database, mail to an in-process SMTP server, two notebook sites
 * (jupyter with a secret from the environment, zeppelin with a generated one), and a clock the test moves.
 */
final class SignInFixture implements AutoCloseable {
    static final String PUBLIC_URL = "http://berth.example.org";
    static final String JUPYTER = "https://jupyter.example.org/hub/login";
    static final String ZEPPELIN = "https://zeppelin.example.org/landing?from=berth";
    static final String JUPYTER_SECRET = "jupyter-site-secret-0123456789";
    private static final Pattern CODE = Pattern.compile("\\?code=([A-Za-z0-9_-]+)");

    final GreenMail smtp;
    final MutableClock clock;
    final BerthServer server;
    final Http http;
    final String adminKey;
    final String zeppelinSecret;
    private final Set<MimeMessage> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    SignInFixture(Path data, Map<String, String> extra, boolean fakeClock) {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        Map<String, String> env = new HashMap<>(Map.of("BERTH_SMTP_HOST", "127.0.0.1",
                "BERTH_SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()), "BERTH_SMTP_STARTTLS", "false",
                "BERTH_PUBLIC_URL", PUBLIC_URL, "BERTH_SITES", "jupyter, zeppelin",
                "BERTH_SITE_JUPYTER_URL", JUPYTER, "BERTH_SITE_ZEPPELIN_URL", ZEPPELIN,
                "BERTH_SECRET_SITE_JUPYTER", JUPYTER_SECRET, ServerConfig.DEMO_CATALOG, "false"));
        env.putAll(extra);
        clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
        BerthServer.Builder builder = BerthServer.builder(TestServer.config(data, env))
                .out(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                .executorSettings(TestServer.fastExecutor());
        if (fakeClock) {
            builder.clock(clock);
        }
        try {
            server = builder.start();
        } catch (RuntimeException e) {
            smtp.stop();
            throw e;
        }
        http = new Http(server.baseUri());
        try {
            adminKey = Files.readString(server.config().adminKeyFile(), StandardCharsets.US_ASCII).strip();
            zeppelinSecret = Files.readString(SiteSecrets.file(data, "zeppelin"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Clock clock() {
        return clock;
    }

    /** The next mail to {@code to} not returned before; waits up to 30 seconds for it. */
    MimeMessage nextMail(String to) {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
        while (true) {
            // GreenMail lists messages by mailbox, not by arrival: find the recipient's first unseen one
            for (MimeMessage message : smtp.getReceivedMessages()) {
                if (recipients(message).equals(List.of(to)) && seen.add(message)) {
                    return message;
                }
            }
            if (java.time.Instant.now().isAfter(deadline)) {
                throw new AssertionError("no new mail to " + to + " within 30 seconds");
            }
            Http.pause();
        }
    }

    private static List<String> recipients(MimeMessage message) {
        try {
            return Arrays.stream(message.getAllRecipients()).map(Object::toString).toList();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    /** How many mails arrived so far. */
    int mailCount() {
        return smtp.getReceivedMessages().length;
    }

    static String body(MimeMessage message) {
        return GreenMailUtil.getBody(message).replace("=\r\n", "").replace("=3D", "=");
    }

    static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    /** The code of the link in a mail, which must point at {@code page} of the public URL. */
    static String code(MimeMessage message, String page) {
        String body = body(message);
        assertThat(body).contains(PUBLIC_URL + "/" + page + "?code=");
        Matcher matcher = CODE.matcher(body);
        assertThat(matcher.find()).isTrue();
        String code = matcher.group(1);
        assertThat(code.length()).as("256-bit code").isEqualTo(43);
        return code;
    }

    Http.Response signup(String email, String password) {
        return http.post("/api/v1/signup", null, Http.json(Map.of("email", email, "password", password)));
    }

    Http.Response login(String email, String password) {
        return http.post("/api/v1/login", null, Http.json(Map.of("email", email, "password", password)));
    }

    Http.Response redeem(String siteSecret, String token) {
        return http.post("/api/v1/login-tokens/redeem", siteSecret, Http.json(Map.of("token", token)));
    }

    /** Registers, confirms by the mailed link and logs in; returns the session id. */
    String registered(String email, String password) {
        assertThat(signup(email, password).status()).isEqualTo(202);
        String code = code(nextMail(email), "confirm");
        assertThat(http.post("/api/v1/signup/confirm", null, Http.json(Map.of("code", code))).status()).isEqualTo(200);
        Http.Response login = login(email, password);
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return login.json().path("sessionId").asText();
    }

    static List<String> names(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false)
                .map(n -> n.path("name").asText()).toList();
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            smtp.stop();
        }
    }
}
