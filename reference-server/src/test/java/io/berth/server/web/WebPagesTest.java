package io.berth.server.web;

import io.berth.server.SignInConfig;
import io.berth.server.web.WebClient.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The web pages over HTTP, without a browser: CSRF, headers, cookies, redirects, sessions and escaping. */
class WebPagesTest {
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path data;
    private WebTestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private WebClient start(WebSettings web) {
        server = WebTestServer.start(data, web);
        return new WebClient(server.base);
    }

    @Test
    void pagesCarryAStrictPolicyAndTheCsrfCookieIsHttpOnlyAndLax() {
        WebClient browser = start(WebSettings.defaults());

        Response landing = browser.get("/");

        assertThat(landing.status()).isEqualTo(200);
        assertThat(landing.header("Content-Type")).startsWith("text/html");
        String csp = landing.header("Content-Security-Policy");
        assertThat(csp).contains("default-src 'none'", "frame-ancestors 'none'", "base-uri 'none'",
                "form-action 'self' " + server.base, "style-src 'sha256-").doesNotContain("unsafe-inline", "script-src");
        assertThat(landing.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(landing.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(landing.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(landing.header("Cache-Control")).isEqualTo("no-store");
        assertThat(landing.setCookie(WebPages.CSRF_COOKIE)).contains("; Path=/", "; HttpOnly", "; SameSite=Lax")
                .doesNotContain("Secure");
        assertThat(landing.body()).contains("Give it a try", "href=\"/login\"").doesNotContain("<script");
    }

    @Test
    void cookiesAreSecureWhenConfigured() {
        WebClient browser = start(WebSettings.defaults().withCookieSecure(true));

        assertThat(browser.get("/").setCookie(WebPages.CSRF_COOKIE)).contains("; Secure", "; HttpOnly");
    }

    @Test
    void aFormWithoutTheRightCsrfTokenIsRefused() {
        WebClient browser = start(WebSettings.defaults());
        Response landing = browser.get("/");

        Response none = browser.postRaw("/try");
        Response wrong = browser.postRaw("/try", "csrf", landing.csrf() + "x");
        WebClient other = new WebClient(server.base);
        other.get("/");
        Response anotherBrowsersToken = other.postRaw("/try", "csrf", landing.csrf());
        Response crossSite = browser.postWithHeaders("/try", new String[] {"Sec-Fetch-Site", "cross-site"},
                "csrf", landing.csrf());

        for (Response refused : new Response[] {none, wrong, anotherBrowsersToken, crossSite}) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.location()).isNull();
            assertThat(refused.header("Content-Type")).startsWith("text/html");
            assertThat(refused.setCookie(WebPages.SESSION_COOKIE)).isNull();
        }
        assertThat(none.body()).contains("this form is out of date");
        assertThat(crossSite.body()).contains("another site");
    }

    @Test
    void giveItATryIsA303ToTheSiteWithASingleUseToken() {
        WebClient browser = start(WebSettings.defaults());

        Response answer = browser.post("/try", browser.get("/"));

        assertThat(answer.status()).isEqualTo(303);
        assertThat(answer.location()).startsWith(server.base + "/welcome?token=");
        assertThat(answer.setCookie(WebPages.SESSION_COOKIE)).contains("; HttpOnly", "; SameSite=Lax");
        String trialSession = browser.cookies.get(WebPages.SESSION_COOKIE);
        String token = answer.location().substring(answer.location().indexOf("token=") + 6);
        Response welcome = browser.get(answer.location());
        assertThat(welcome.body()).contains(token, "/api/v1/login-tokens/redeem");

        assertThat(browser.get("/profile").body()).contains("<dt>Level</dt><dd>0</dd>");
        Response logoutPage = browser.get("/logout");
        assertThat(logoutPage.body()).contains("your notebooks and data will be deleted", "button-log-out");
        Response loggedOut = browser.post("/logout", logoutPage);
        assertThat(loggedOut.status()).isEqualTo(303);
        WebClient replay = new WebClient(server.base);
        replay.cookies.put(WebPages.SESSION_COOKIE, trialSession);
        assertThat(replay.get("/profile").status()).isEqualTo(303);
        assertThat(browser.get("/logout").body()).doesNotContain("will be deleted").contains("You are not signed in");
    }

    @Test
    void registerConfirmLogInAndLogOutEndsTheSession() {
        WebClient browser = start(WebSettings.defaults());
        String email = "alice@example.org";

        Response registered = browser.post("/register", browser.get("/register"), "email", email, "password", PASSWORD);
        assertThat(registered.status()).isEqualTo(200);
        assertThat(registered.body()).contains("Check your email");

        String link = server.mailedLink(email, 1);
        Response confirmPage = browser.get(WebTestServer.local(link));
        assertThat(confirmPage.status()).isEqualTo(200);
        assertThat(confirmPage.body()).contains("button-confirm");
        Response confirmed = browser.post("/confirm", confirmPage, "code", URI.create(link).getQuery().substring(5));
        assertThat(confirmed.status()).isEqualTo(303);
        assertThat(confirmed.location()).startsWith(server.base + "/welcome?token=");

        Response loggedIn = browser.post("/login", browser.get("/login"), "email", email, "password", PASSWORD,
                "next", "/profile");
        assertThat(loggedIn.status()).isEqualTo(303);
        assertThat(loggedIn.location()).isEqualTo("/profile");
        String sessionCookie = loggedIn.setCookie(WebPages.SESSION_COOKIE);
        assertThat(sessionCookie).contains("; Path=/", "; HttpOnly", "; SameSite=Lax");
        String session = browser.cookies.get(WebPages.SESSION_COOKIE);

        Response profile = browser.get("/profile");
        assertThat(profile.status()).isEqualTo(200);
        assertThat(profile.body()).contains(email, "Level");

        Response again = browser.post("/login", browser.get("/login"), "email", email, "password", PASSWORD,
                "next", "/profile");
        String second = browser.cookies.get(WebPages.SESSION_COOKIE);
        assertThat(again.status()).isEqualTo(303);
        assertThat(second).isNotEqualTo(session);

        Response loggedOut = browser.post("/logout", browser.get("/logout"));
        assertThat(loggedOut.status()).isEqualTo(303);
        assertThat(loggedOut.location()).isEqualTo("/");
        assertThat(loggedOut.setCookie(WebPages.SESSION_COOKIE)).contains("Max-Age=0");

        for (String old : new String[] {session, second}) {
            WebClient replay = new WebClient(server.base);
            replay.cookies.put(WebPages.SESSION_COOKIE, old);
            Response refused = replay.get("/profile");
            assertThat(refused.status()).isEqualTo(303);
            assertThat(refused.location()).startsWith("/login");
        }
    }

    @Test
    void registeringAKnownOrUnknownAddressLooksTheSame() {
        WebClient browser = start(WebSettings.defaults());
        Response first = browser.post("/register", browser.get("/register"), "email", "bob@example.org",
                "password", PASSWORD);
        Response known = browser.post("/register", browser.get("/register"), "email", "bob@example.org",
                "password", PASSWORD);
        Response fresh = browser.post("/register", browser.get("/register"), "email", "carol@example.org",
                "password", PASSWORD);

        assertThat(known.status()).isEqualTo(first.status()).isEqualTo(fresh.status()).isEqualTo(200);
        assertThat(known.body()).isEqualTo(fresh.body());
        Response unknownLogin = browser.post("/login", browser.get("/login"), "email", "nobody@example.org",
                "password", PASSWORD);
        Response wrongPassword = browser.post("/login", browser.get("/login"), "email", "bob@example.org",
                "password", PASSWORD + "!");
        assertThat(unknownLogin.status()).isEqualTo(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownLogin.body()).isEqualTo(wrongPassword.body());
    }

    @Test
    void hostileNamesAreEscaped() {
        WebClient browser = start(WebSettings.defaults());
        String email = "mallory@example.org";
        signUpAndLogIn(browser, email);
        String hostile = "<script>alert('x')</script>\"><img src=x>";

        Response saved = browser.post("/profile", browser.get("/profile"), "displayName", hostile, "email", email);
        assertThat(saved.status()).isEqualTo(200);

        Response profile = browser.get("/profile");
        assertThat(profile.body()).doesNotContain("<script>", "<img src=x>")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;&lt;img src=x&gt;");
        assertThat(browser.get("/").body()).doesNotContain("<script>").contains("&lt;script&gt;");
    }

    @Test
    void anApiKeyMadeOnTheProfileWorksAgainstTheApi() throws Exception {
        WebClient browser = start(WebSettings.defaults());
        signUpAndLogIn(browser, "dora@example.org");

        Response made = browser.post("/profile/api-keys", browser.get("/profile"), "label", "laptop");
        assertThat(made.status()).isEqualTo(200);
        java.util.regex.Matcher key = java.util.regex.Pattern.compile("class=\"secret\">([^<]+)<").matcher(made.body());
        assertThat(key.find()).isTrue();

        HttpResponse<String> me = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.base.resolve("/api/v1/me"))
                .header("Authorization", "Bearer " + key.group(1)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(browser.get("/profile").body()).contains("laptop", "active");
    }

    @Test
    void tooManyFailedLoginsAnswer429WithRetryAfter() {
        server = WebTestServer.start(data, WebSettings.defaults(), Map.of(SignInConfig.MAX_ATTEMPTS, "3"));
        WebClient browser = new WebClient(server.base);
        Response last = null;
        for (int i = 0; i < 6 && (last == null || last.status() != 429); i++) {
            last = browser.post("/login", browser.get("/login"), "email", "eve@example.org", "password", PASSWORD);
        }
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.header("Retry-After")).matches("[1-9][0-9]*");
        assertThat(last.body()).contains("Too many attempts");
    }

    @Test
    void forwardedForCountsOnlyFromTheTrustedProxy() {
        server = WebTestServer.start(data, WebSettings.defaults().withTrustedProxy("127.0.0.1"),
                Map.of(SignInConfig.MAX_ATTEMPTS, "3"));
        WebClient browser = new WebClient(server.base);
        for (int i = 0; i < 6; i++) {
            Response failed = login(browser, "user" + i + "@example.org", "X-Forwarded-For", "10.0.0.1, 192.0.2.7");
            if (failed.status() == 429) {
                break;
            }
        }
        assertThat(login(browser, "other@example.org", "X-Forwarded-For", "10.0.0.1, 192.0.2.7").status())
                .isEqualTo(429);
        // another client behind the same proxy is not throttled
        assertThat(login(browser, "other@example.org", "X-Forwarded-For", "192.0.2.8").status()).isEqualTo(401);
    }

    @Test
    void deletingTheAccountEndsTheSession() {
        WebClient browser = start(WebSettings.defaults());
        signUpAndLogIn(browser, "frank@example.org");
        String session = browser.cookies.get(WebPages.SESSION_COOKIE);

        Response unconfirmed = browser.post("/profile/delete", browser.get("/profile"));
        assertThat(unconfirmed.status()).isEqualTo(400);
        Response deleted = browser.post("/profile/delete", browser.get("/profile"), "confirm", "yes");
        assertThat(deleted.status()).isEqualTo(200);

        WebClient replay = new WebClient(server.base);
        replay.cookies.put(WebPages.SESSION_COOKIE, session);
        assertThat(replay.get("/profile").status()).isEqualTo(303);
        // the account stays, disabled, until its deployments are removed and the cleanup job purges it
        Response login = browser.post("/login", browser.get("/login"), "email", "frank@example.org", "password", PASSWORD);
        assertThat(login.status()).isEqualTo(403);
        assertThat(login.setCookie(WebPages.SESSION_COOKIE)).isNull();
    }

    private Response login(WebClient browser, String email, String... headers) {
        Response page = browser.get("/login");
        return browser.postWithHeaders("/login", headers, "csrf", page.csrf(), "email", email, "password", PASSWORD);
    }

    private void signUpAndLogIn(WebClient browser, String email) {
        browser.post("/register", browser.get("/register"), "email", email, "password", PASSWORD);
        String link = server.mailedLink(email, 1);
        Response confirmPage = browser.get(WebTestServer.local(link));
        Response confirmed = browser.post("/confirm", confirmPage, "code", URI.create(link).getQuery().substring(5));
        assertThat(confirmed.status()).isEqualTo(303);
        Response loggedIn = browser.post("/login", browser.get("/login"), "email", email, "password", PASSWORD,
                "next", "/profile");
        assertThat(loggedIn.status()).as(loggedIn.body()).isEqualTo(303);
    }
}
