package io.berth.server.web;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.berth.platform.provider.ProviderRegistry;
import io.berth.platform.provisioning.ExecutorSettings;
import io.berth.platform.signin.Passwords;
import io.berth.platform.testing.FakeProvider;
import io.berth.platform.testing.InMemoryStores;
import io.berth.server.BerthServer;
import io.berth.server.ServerConfig;
import io.berth.server.SignInConfig;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A server with its web pages on a free port, mail caught by GreenMail, on the in-memory store. */
final class WebTestServer implements AutoCloseable {
    private static final Pattern LINK = Pattern.compile("https?://[^\\s\"<>]+/(confirm|reset)[^\\s\"<>]*code=[A-Za-z0-9_%-]+");

    final BerthServer server;
    final GreenMail smtp;
    final URI base;

    private WebTestServer(BerthServer server, GreenMail smtp, URI base) {
        this.server = server;
        this.smtp = smtp;
        this.base = base;
    }

    static WebTestServer start(Path data, WebSettings web) {
        return start(data, web, Map.of());
    }

    /** @param extra more variables, e.g. sign-in settings ({@code BERTH_SIGNIN_MAX_ATTEMPTS}) or sites */
    static WebTestServer start(Path data, WebSettings web, Map<String, String> extra) {
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        int port = freePort();
        URI base = URI.create("http://localhost:" + port);
        Map<String, String> env = new HashMap<>(Map.of(ServerConfig.PORT, Integer.toString(port),
                ServerConfig.DATA_DIR, data.toString(), ServerConfig.DEMO_CATALOG, "false",
                ServerConfig.SMTP_HOST, "127.0.0.1", ServerConfig.SMTP_PORT, Integer.toString(smtp.getSmtp().getPort()),
                ServerConfig.SMTP_STARTTLS, "false", SignInConfig.PUBLIC_URL, base.toString()));
        env.putAll(extra);
        try {
            BerthServer server = BerthServer.builder(ServerConfig.fromEnvironment(env))
                    .stores(new InMemoryStores())
                    .providers(ProviderRegistry.of(List.of(new FakeProvider())))
                    .out(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                    .executorSettings(ExecutorSettings.defaults().withOwner("web-test-" + UUID.randomUUID())
                            .withPollInterval(Duration.ofMillis(200)).withShutdownGrace(Duration.ofSeconds(2)))
                    .web(web)
                    // cheap hashing keeps the tests quick; the parameters are the production ones' shape
                    .passwords(new Passwords(64, 1, 1))
                    .start();
            return new WebTestServer(server, smtp, base);
        } catch (RuntimeException e) {
            smtp.stop();
            throw e;
        }
    }

    /** The link of the {@code count}-th mail (1-based) to {@code to}, waiting up to 30 s for it. */
    String mailedLink(String to, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<MimeMessage> mails = mailsTo(to);
            if (mails.size() >= count) {
                String body = GreenMailUtil.getBody(mails.get(count - 1)).replace("=\r\n", "").replace("=3D", "=");
                Matcher matcher = LINK.matcher(body);
                if (!matcher.find()) {
                    throw new AssertionError("no link in the mail: " + body);
                }
                return matcher.group();
            }
            smtp.waitForIncomingEmail(1000, smtp.getReceivedMessages().length + 1);
        }
        throw new AssertionError("no mail number " + count + " to " + to + " within 30 s");
    }

    List<MimeMessage> mailsTo(String to) {
        return java.util.Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equalsIgnoreCase(to);
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** Path and query of an absolute link to this server. */
    static String local(String link) {
        URI uri = URI.create(link);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
