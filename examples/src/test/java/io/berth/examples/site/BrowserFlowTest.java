package io.berth.examples.site;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.berth.client.AccountView;
import io.berth.client.BerthClient;
import io.berth.client.cli.BerthCli;
import io.berth.server.BerthServer;
import io.berth.server.ServerConfig;
import io.berth.server.SignInConfig;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole newcomer's path in headless Chromium, as on {@code ./berth serve} with the example notebook site
 * configured: the landing page's [Give it a try] lands on the example site, which redeems the login token once
 * (a reload shows the refusal); registering in the same browser upgrades the trial account, the mailed link
 * (caught by GreenMail) confirms it and lands on the site again at level 1; logging in, an API key made on the
 * profile page works with the Java client and the command line.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromedriver} ({@code .ci/run} installs them); without them the
 * test fails and says so, it is not skipped.
 */
class BrowserFlowTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String EMAIL = "newcomer@example.org";
    private static final String PASSWORD = "a long enough passphrase";

    @TempDir
    Path data;
    @TempDir
    Path profile;
    private GreenMail smtp;
    private BerthServer server;
    private ExampleSite site;
    private WebDriver browser;

    @BeforeEach
    void start() {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("the browser test needs %s and %s: apt-get install -y chromium chromium-driver (.ci/run does)",
                        CHROMIUM, CHROMEDRIVER)
                .isTrue();
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        int port = freePort();
        int sitePort = freePort();
        Map<String, String> env = new HashMap<>();
        env.put(ServerConfig.PORT, Integer.toString(port));
        env.put(ServerConfig.DATA_DIR, data.resolve("berth").toString());
        env.put(ServerConfig.DEMO_CATALOG, "false");
        env.put(ServerConfig.SMTP_HOST, "127.0.0.1");
        env.put(ServerConfig.SMTP_PORT, Integer.toString(smtp.getSmtp().getPort()));
        env.put(ServerConfig.SMTP_STARTTLS, "false");
        env.put(SignInConfig.PUBLIC_URL, "http://localhost:" + port);
        env.put(SignInConfig.SITES, "example");
        env.put(SignInConfig.SITE_PREFIX + "EXAMPLE_URL", "http://localhost:" + sitePort + "/");
        server = BerthServer.builder(ServerConfig.fromEnvironment(env))
                .out(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .start();
        String secret = read(data.resolve("berth").resolve("sites").resolve("example.secret"));
        site = ExampleSite.start(sitePort, server.baseUri(), secret);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (site != null) {
            site.close();
        }
        if (server != null) {
            server.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void giveItATryThenRegisterConfirmLogInAndUseAnApiKey() throws Exception {
        // [Give it a try] lands on the notebook site, which redeems the token once
        browser.get(server.baseUri() + "/");
        browser.findElement(By.id("button-give-it-a-try")).click();
        WebElement welcome = waitFor(By.id("welcome"));
        assertThat(browser.getCurrentUrl()).startsWith(site.uri() + "?token=");
        assertThat(welcome.getText()).startsWith("Welcome guest-").contains("level 0, package ");
        assertThat(browser.findElement(By.id("environment")).getText()).contains("resources.package");
        browser.navigate().refresh();
        assertThat(waitFor(By.id("refused")).getText()).contains("token-invalid");

        // registering in the same browser upgrades the trial account; the mailed link confirms it
        browser.get(server.baseUri() + "/register");
        browser.findElement(By.id("email")).sendKeys(EMAIL);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("button-register")).click();
        wait(ExpectedConditions.titleContains("Check your email"));
        browser.get(mailedLink());
        browser.findElement(By.id("button-confirm")).click();
        welcome = waitFor(By.id("welcome"));
        assertThat(welcome.getText()).startsWith("Welcome guest-").contains("level 1, package ");
        String account = welcome.getText().substring("Welcome ".length(), welcome.getText().indexOf(','));

        // log in, make an API key on the profile page
        browser.get(server.baseUri() + "/login?next=/profile");
        browser.findElement(By.id("email")).sendKeys(EMAIL);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("button-log-in")).click();
        wait(ExpectedConditions.titleContains("Profile"));
        assertThat(browser.getPageSource()).contains(EMAIL);
        browser.findElement(By.id("label")).sendKeys("my laptop");
        browser.findElement(By.id("button-create-api-key")).click();
        String apiKey = waitFor(By.className("secret")).getText().strip();

        // the key works with the Java client and with the command line
        AccountView me = BerthClient.builder().baseUri(server.baseUri()).apiKey(apiKey).build().me();
        assertThat(me.name()).isEqualTo(account);
        assertThat(me.level()).isEqualTo(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new BerthCli(Map.of("BERTH_URL", server.baseUri().toString(), "BERTH_API_KEY", apiKey),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .toCommandLine().execute("me");
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(account);
    }

    private WebElement waitFor(By by) {
        return wait(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private <T> T wait(org.openqa.selenium.support.ui.ExpectedCondition<T> condition) {
        return new WebDriverWait(browser, WAIT).until(condition);
    }

    private String mailedLink() throws Exception {
        assertThat(smtp.waitForIncomingEmail(WAIT.toMillis(), 1)).as("a confirmation mail within 30 s").isTrue();
        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo(EMAIL);
        String body = GreenMailUtil.getBody(mail).replace("=\r\n", "").replace("=3D", "=");
        Matcher link = Pattern.compile("http://localhost:\\d+/confirm\\?code=[A-Za-z0-9_%-]+").matcher(body);
        assertThat(link.find()).as(body).isTrue();
        return link.group();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
