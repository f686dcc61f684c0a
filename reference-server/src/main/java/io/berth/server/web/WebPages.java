package io.berth.server.web;

import io.berth.core.account.Account;
import io.berth.core.account.AccountId;
import io.berth.core.account.ApiKey;
import io.berth.core.account.Principal;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.error.ErrorKind;
import io.berth.platform.auth.AccountService;
import io.berth.platform.signin.Handoff;
import io.berth.platform.signin.Identity;
import io.berth.platform.signin.ProfileUpdate;
import io.berth.platform.signin.SignInService;
import io.berth.platform.signin.SignedIn;
import io.berth.platform.store.AccountStore;
import io.berth.server.http.Problems;
import io.berth.server.web.Html.Field;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * The server-rendered web pages: landing page with "give it a try", log in and register, the mailed links'
 * pages (confirm, reset), the profile (password, linked providers, API keys, deletion), log out, the built-in
 * {@code /welcome} notebook-site stand-in, the hand-off to a notebook site and OAuth sign-in.
 *
 * <p>Every answer is plain HTML with every value escaped, a strict Content-Security-Policy (no script; the one
 * style sheet by hash; forms may post only here and to the notebook sites their answers redirect to). Every POST
 * carries a CSRF token: the MAC (under the {@link WebKey}) of a random per-browser cookie, checked in constant
 * time; requests a browser marks cross-site are refused as well. Cookies are HttpOnly and SameSite=Lax, Secure
 * when configured. Redirects after a POST are 303 See Other, never 301/302, so that a browser never replays a spent
 * login token from its cache. Handlers only translate: form in, a service call, a page or redirect out.
 */
public final class WebPages {
    private static final Logger LOG = LoggerFactory.getLogger(WebPages.class);
    /** The web session cookie. */
    public static final String SESSION_COOKIE = "berth_session";
    /** The per-browser CSRF cookie. */
    public static final String CSRF_COOKIE = "berth_csrf";
    /** The signed OAuth flow cookie (state, nonce, PKCE verifier). */
    public static final String OAUTH_COOKIE = "berth_oauth";
    /** The form field carrying the CSRF token. */
    public static final String CSRF_FIELD = "csrf";
    static final String HTML = "text/html; charset=utf-8";
    private static final String CSRF_PURPOSE = "csrf";
    private static final String CSRF_ATTRIBUTE = WebPages.class.getName() + ".csrf";
    private static final String SESSION_ATTRIBUTE = WebPages.class.getName() + ".session";
    private static final int MAX_FIELD = 1024;

    private final Supplier<SignInService> signInService;
    private final AccountService accounts;
    private final AccountStore accountStore;
    private final WebSettings settings;
    private final WebKey key;
    private final OAuthClient oauth;
    private final Clock clock;

    /**
     * @param signIn       the sign-in service of the moment (the server replaces it once it knows its own port)
     * @param accountStore read for the list of a signed-in account's API keys
     */
    public WebPages(Supplier<SignInService> signIn, AccountService accounts, AccountStore accountStore,
            WebSettings settings, WebKey key, Clock clock) {
        this.signInService = requireNonNull(signIn, "signIn is null");
        this.accounts = requireNonNull(accounts, "accounts is null");
        this.accountStore = requireNonNull(accountStore, "accountStore is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.key = requireNonNull(key, "key is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.oauth = new OAuthClient(settings, key, clock);
    }

    /** Registers the pages' routes. */
    public void register(RoutesConfig routes) {
        routes.get("/", page(this::landing));
        routes.post("/try", form(this::tryIt));
        routes.get("/login", page(this::loginPage));
        routes.post("/login", form(this::login));
        routes.get("/register", page(this::registerPage));
        routes.post("/register", form(this::register));
        routes.get("/confirm", page(this::confirmPage));
        routes.post("/confirm", form(this::confirm));
        routes.get("/reset", page(this::resetPage));
        routes.post("/reset", form(this::requestReset));
        routes.get("/reset/confirm", page(this::newPasswordPage));
        routes.post("/reset/confirm", form(this::resetPassword));
        routes.get("/profile", page(this::profile));
        routes.post("/profile", form(this::updateProfile));
        routes.post("/profile/password", form(this::changePassword));
        routes.post("/profile/api-keys", form(this::createApiKey));
        routes.post("/profile/delete", form(this::deleteAccount));
        routes.get("/logout", page(this::logoutPage));
        routes.post("/logout", form(this::logout));
        routes.get("/welcome", page(this::welcome));
        routes.post("/go/{site}", form(this::go));
        routes.get("/oauth/{provider}/start", page(this::oauthStart));
        routes.post("/oauth/{provider}/start", form(this::oauthLink));
        routes.get("/oauth/{provider}/callback", page(this::oauthCallback));
    }

    // ---- landing, give it a try, hand-off

    private void landing(Context ctx) {
        Optional<SignedIn> session = session(ctx);
        Html html = Html.page("Welcome").h1("Berth: notebooks and Spark on demand")
                .p("Try the notebooks straight away, or register to keep your work and book larger packages.");
        if (session.isPresent()) {
            html.p("You are signed in as " + label(session.get().account()) + ".");
            for (String site : signIn().settings().effectiveSites().keySet()) {
                html.form("/go/" + site, csrf(ctx), "Open " + site);
            }
        } else {
            html.form("/try", csrf(ctx), "Give it a try")
                    .link("/login", "Log in / Register");
        }
        send(ctx, 200, html, session);
    }

    private void tryIt(Context ctx) {
        Handoff handoff = signIn().tryIt(site(ctx.formParam("site")), clientIp(ctx));
        // the trial lives as long as this session: logging out or letting it expire deletes it
        startSession(ctx, signIn().openSession(handoff.account().id()));
        seeOther(ctx, handoff.redirect());
    }

    private void go(Context ctx) {
        SignedIn session = requireSession(ctx);
        if (session == null) {
            return;
        }
        seeOther(ctx, signIn().handoff(session.account().id(), ctx.pathParam("site")).redirect());
    }

    private void welcome(Context ctx) {
        String token = ctx.queryParam("token");
        Html html = Html.page("Your notebook site").h1("Welcome");
        if (token == null || token.isBlank()) {
            html.p("This is the server's stand-in for a notebook site. Give it a try or log in to be sent here "
                    + "with a login token.");
        } else {
            html.p("No notebook site is configured, so you landed on the server's own stand-in. A notebook site "
                            + "(Jupyter, Zeppelin) would now redeem this single-use login token, server to server, "
                            + "within " + signIn().settings().loginTokenLifetime().toSeconds() + " seconds:")
                    .p("secret", token)
                    .p("secret", "POST " + signIn().settings().publicUrl() + "/api/v1/login-tokens/redeem\n"
                            + "Authorization: Bearer <the site's secret>\nContent-Type: application/json\n\n"
                            + "{\"token\": \"" + token + "\"}")
                    .p("The answer names the account, its level, its resource package and the environment "
                            + "variables its notebooks carry. See the example site: ./berth example-site.");
        }
        send(ctx, 200, html, session(ctx));
    }

    // ---- log in, register, confirm, reset

    private void loginPage(Context ctx) {
        Html html = Html.page("Log in").h1("Log in");
        String next = next(ctx.queryParam("next"));
        List<Field> fields = new ArrayList<>(List.of(
                Field.of("email", "email", "Email"),
                new Field("password", "password", "Password", "", "current-password")));
        if (next != null) {
            fields.add(Field.hidden("next", next));
        }
        html.form("/login", csrf(ctx), "Log in", fields.toArray(Field[]::new));
        for (OAuthProviderSettings provider : oauth.providers()) {
            html.link("/oauth/" + provider.name() + "/start", "Log in with " + provider.label());
        }
        html.link("/register", "No account yet? Register").link("/reset", "Forgot your password?");
        send(ctx, 200, html, Optional.empty());
    }

    private void login(Context ctx) {
        SignedIn signedIn = signIn().login(field(ctx, "email"), password(ctx, "password"), clientIp(ctx));
        startSession(ctx, signedIn);
        String next = next(ctx.formParam("next"));
        if (next != null) {
            seeOther(ctx, URI.create(next));
        } else {
            seeOther(ctx, signIn().handoff(signedIn.account().id(), null).redirect());
        }
    }

    private void registerPage(Context ctx) {
        Html html = Html.page("Register").h1("Register");
        if (trialAccount(ctx) != null) {
            html.p("You are trying Berth: registering keeps your trial account, its notebooks and data.");
        }
        html.form("/register", csrf(ctx), "Register",
                        Field.of("email", "email", "Email"),
                        Field.of("password", "password", "Password (12 to 128 characters)"))
                .p("We will mail you a link to confirm your address.");
        for (OAuthProviderSettings provider : oauth.providers()) {
            html.link("/oauth/" + provider.name() + "/start", "Register with " + provider.label());
        }
        send(ctx, 200, html, Optional.empty());
    }

    private void register(Context ctx) {
        signIn().register(field(ctx, "email"), password(ctx, "password"), clientIp(ctx), trialAccount(ctx));
        send(ctx, 200, Html.page("Check your email").h1("Check your email")
                .p("If the address can be registered, a confirmation link is on its way to it. Follow the link "
                        + "to finish. (If you registered before, the mail tells you how to log in instead.)"),
                Optional.empty());
    }

    private void confirmPage(Context ctx) {
        String code = requiredQuery(ctx, "code");
        send(ctx, 200, Html.page("Confirm your address").h1("Confirm your address")
                .form("/confirm", csrf(ctx), "Confirm", Field.hidden("code", code)), Optional.empty());
    }

    private void confirm(Context ctx) {
        Handoff handoff = signIn().confirm(field(ctx, "code"), null);
        seeOther(ctx, handoff.redirect());
    }

    private void resetPage(Context ctx) {
        if (ctx.queryParam("code") != null) {
            newPasswordPage(ctx);
            return;
        }
        send(ctx, 200, Html.page("Reset your password").h1("Reset your password")
                .form("/reset", csrf(ctx), "Send reset link", Field.of("email", "email", "Email")), Optional.empty());
    }

    private void requestReset(Context ctx) {
        signIn().requestReset(field(ctx, "email"), clientIp(ctx));
        send(ctx, 200, Html.page("Check your email").h1("Check your email")
                .p("If the address is registered, a link to choose a new password is on its way to it."),
                Optional.empty());
    }

    private void newPasswordPage(Context ctx) {
        String code = requiredQuery(ctx, "code");
        send(ctx, 200, Html.page("Choose a new password").h1("Choose a new password")
                .form("/reset/confirm", csrf(ctx), "Set password", Field.hidden("code", code),
                        Field.of("password", "password", "New password (12 to 128 characters)")), Optional.empty());
    }

    private void resetPassword(Context ctx) {
        SignedIn signedIn = signIn().resetPassword(field(ctx, "code"), password(ctx, "password"), clientIp(ctx));
        startSession(ctx, signedIn);
        seeOther(ctx, URI.create("/profile"));
    }

    // ---- profile

    private void profile(Context ctx) {
        SignedIn session = requireSession(ctx);
        if (session == null) {
            return;
        }
        send(ctx, 200, profilePage(ctx, session, null), Optional.of(session));
    }

    private Html profilePage(Context ctx, SignedIn session, String notice) {
        Account account = session.account();
        String csrf = csrf(ctx);
        Html html = Html.page("Profile").h1("Your profile");
        if (notice != null) {
            html.p("warning", notice);
        }
        html.facts("Account", account.name(), "Display name", orDash(account.displayName()),
                "Email", orDash(account.email()) + (account.email() != null && !account.emailConfirmed()
                        ? " (not confirmed yet)" : ""),
                "Level", Integer.toString(account.level()));
        html.h2("Change your profile").form("/profile", csrf, "Save profile",
                Field.of("text", "displayName", "Display name", account.displayName()),
                Field.of("email", "email", "Email (a new address is confirmed by a mailed link)", account.email()));
        html.h2("Change your password").form("/profile/password", csrf, "Change password",
                Field.of("password", "current", "Current password"),
                Field.of("password", "password", "New password (12 to 128 characters)"));

        html.h2("Linked sign-in providers");
        List<Identity> identities = signIn().identities(account.id());
        if (identities.isEmpty()) {
            html.p("None.");
        } else {
            html.table(List.of("Provider", "Email", "Linked"), identities.stream()
                    .map(i -> List.of(i.provider(), orDash(i.email()), i.linkedAt().toString())).toList());
        }
        Set<String> linked = new LinkedHashSet<>();
        identities.forEach(i -> linked.add(i.provider()));
        for (OAuthProviderSettings provider : oauth.providers()) {
            if (!linked.contains(provider.name())) {
                html.form("/oauth/" + provider.name() + "/start", csrf, "Link " + provider.label());
            }
        }

        html.h2("API keys");
        List<ApiKey> keys = accountStore.listApiKeys(account.id());
        if (keys.isEmpty()) {
            html.p("None yet.");
        } else {
            html.table(List.of("Key id", "Label", "Created", "Expires", "Last used", "State"), keys.stream()
                    .map(k -> List.of(k.keyId(), k.name(), k.created().toString(),
                            k.expiresAt() == null ? "never" : k.expiresAt().toString(),
                            k.lastUsedAt() == null ? "never" : k.lastUsedAt().toString(),
                            k.revokedAt() != null ? "revoked" : k.isUsableAt(clock.instant()) ? "active" : "expired"))
                    .toList());
        }
        if (account.level() >= 1 || account.role() == io.berth.core.account.Role.ADMIN) {
            html.form("/profile/api-keys", csrf, "Create API key", Field.of("text", "label", "Label"));
        } else {
            html.p("Register to make API keys: a trial account's keys would end with it.");
        }

        html.h2("Leave");
        html.form("/logout", csrf, "Log out");
        html.form("/profile/delete", csrf, "Delete my account",
                new Field("checkbox", "confirm", "Yes, delete my account, its notebooks, data and keys", "yes", null));
        return html;
    }

    private void updateProfile(Context ctx) {
        SignedIn session = requireSession(ctx);
        if (session == null) {
            return;
        }
        String displayName = blankToNull(ctx.formParam("displayName"));
        String email = blankToNull(ctx.formParam("email"));
        Account account = session.account();
        ProfileUpdate update = new ProfileUpdate(
                displayName == null || displayName.equals(account.displayName()) ? null : displayName,
                email == null || email.equalsIgnoreCase(String.valueOf(account.email())) ? null : email);
        String notice = "Nothing to change.";
        if (!update.isEmpty()) {
            signIn().updateProfile(account.id(), update);
            notice = update.email() == null ? "Saved." : "Saved. A link to confirm the new address is on its way to it.";
        }
        SignedIn fresh = signIn().session(cookie(ctx, SESSION_COOKIE)).orElse(session);
        send(ctx, 200, profilePage(ctx, fresh, notice), Optional.of(fresh));
    }

    private void changePassword(Context ctx) {
        SignedIn session = requireSession(ctx);
        if (session == null) {
            return;
        }
        signIn().changePassword(session.account().id(), password(ctx, "current"), password(ctx, "password"),
                session.sessionId());
        send(ctx, 200, profilePage(ctx, session, "Your password was changed; your other sessions have ended."),
                Optional.of(session));
    }

    private void createApiKey(Context ctx) {
        SignedIn session = requireSession(ctx);
        if (session == null) {
            return;
        }
        Account account = session.account();
        String label = field(ctx, "label");
        String apiKey = accounts.createApiKey(new Principal(account.id(), account.name(), account.role(),
                account.level()), account.name(), label, null);
        send(ctx, 200, Html.page("Your new API key").h1("Your new API key")
                .p("Copy it now: it is shown only this once.")
                .p("secret", apiKey)
                .p("Use it with the command line: BERTH_URL=" + signIn().settings().publicUrl()
                        + " BERTH_API_KEY=<the key> ./berth me")
                .link("/profile", "Back to your profile"), Optional.of(session));
    }

    private void deleteAccount(Context ctx) {
        SignedIn session = requireSession(ctx);
        if (session == null) {
            return;
        }
        if (!"yes".equals(ctx.formParam("confirm"))) {
            send(ctx, 400, profilePage(ctx, session, "Tick the box to confirm that the account is to be deleted."),
                    Optional.of(session));
            return;
        }
        signIn().deleteAccount(session.account().id());
        signIn().logout(session.sessionId());
        clearCookie(ctx, SESSION_COOKIE, "/");
        send(ctx, 200, Html.page("Account deleted").h1("Account deleted")
                .p("Your account is deleted; its notebooks and data are being removed."), Optional.empty());
    }

    // ---- log out

    private void logoutPage(Context ctx) {
        Optional<SignedIn> session = session(ctx);
        Html html = Html.page("Log out").h1("Log out");
        if (trialAccount(ctx) != null) {
            html.p("warning", SignInService.TRIAL_WARNING).link("/register", "Register instead");
        }
        if (session.isEmpty()) {
            html.p("You are not signed in.");
        } else {
            html.form("/logout", csrf(ctx), "Log out");
        }
        send(ctx, 200, html, session);
    }

    private void logout(Context ctx) {
        String sessionId = cookie(ctx, SESSION_COOKIE);
        if (sessionId != null) {
            // a trial account's notebooks and data are deleted by the cleanup job once its session ends
            signIn().logout(sessionId);
        }
        clearCookie(ctx, SESSION_COOKIE, "/");
        seeOther(ctx, URI.create("/"));
    }

    // ---- OAuth

    private void oauthStart(Context ctx) {
        OAuthClient.Started started = oauth.start(ctx.pathParam("provider"), callback(ctx.pathParam("provider")),
                OAuthClient.Purpose.LOGIN);
        setCookie(ctx, OAUTH_COOKIE, started.flowCookie(), "/oauth", OAuthClient.FLOW_LIFETIME);
        seeOther(ctx, started.authorize());
    }

    private void oauthLink(Context ctx) {
        if (requireSession(ctx) == null) {
            return;
        }
        OAuthClient.Started started = oauth.start(ctx.pathParam("provider"), callback(ctx.pathParam("provider")),
                OAuthClient.Purpose.LINK);
        setCookie(ctx, OAUTH_COOKIE, started.flowCookie(), "/oauth", OAuthClient.FLOW_LIFETIME);
        seeOther(ctx, started.authorize());
    }

    private void oauthCallback(Context ctx) {
        String provider = ctx.pathParam("provider");
        Map<String, String> params = new TreeMap<>();
        for (String name : List.of("code", "state", "error")) {
            String value = ctx.queryParam(name);
            if (value != null) {
                params.put(name, value);
            }
        }
        String flow = cookie(ctx, OAUTH_COOKIE);
        // the flow cookie is single use whatever happens next
        clearCookie(ctx, OAUTH_COOKIE, "/oauth");
        OAuthClient.ProviderIdentity identity = oauth.finish(provider, flow, params, callback(provider));
        if (identity.purpose() == OAuthClient.Purpose.LINK) {
            SignedIn session = requireSession(ctx);
            if (session == null) {
                return;
            }
            signIn().linkIdentity(session.account().id(), identity.provider(), identity.subject());
            send(ctx, 200, profilePage(ctx, session, "Linked " + label(identity.provider()) + "."),
                    Optional.of(session));
            return;
        }
        SignedIn signedIn = signIn().signInWithIdentity(identity.provider(), identity.subject(), identity.email(),
                identity.emailVerified(), clientIp(ctx));
        startSession(ctx, signedIn);
        seeOther(ctx, signIn().handoff(signedIn.account().id(), null).redirect());
    }

    private URI callback(String provider) {
        String base = signIn().settings().publicUrl().toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + "/oauth/" + provider + "/callback");
    }

    private String label(String provider) {
        return settings.provider(provider).map(OAuthProviderSettings::label).orElse(provider);
    }

    // ---- sessions, cookies, CSRF

    private Optional<SignedIn> session(Context ctx) {
        Optional<SignedIn> known = ctx.attribute(SESSION_ATTRIBUTE);
        if (known != null) {
            return known;
        }
        String id = cookie(ctx, SESSION_COOKIE);
        Optional<SignedIn> session = id == null || id.length() > MAX_FIELD ? Optional.empty() : signIn().session(id);
        ctx.attribute(SESSION_ATTRIBUTE, session);
        return session;
    }

    /** The session, or null after answering with a redirect to the login page. */
    private SignedIn requireSession(Context ctx) {
        Optional<SignedIn> session = session(ctx);
        if (session.isEmpty()) {
            seeOther(ctx, URI.create("/login?next=/profile"));
            return null;
        }
        return session.get();
    }

    private void startSession(Context ctx, SignedIn signedIn) {
        String old = cookie(ctx, SESSION_COOKIE);
        if (old != null && !old.equals(signedIn.sessionId())) {
            signIn().logout(old);
        }
        setCookie(ctx, SESSION_COOKIE, signedIn.sessionId(), "/", null);
        ctx.attribute(SESSION_ATTRIBUTE, Optional.of(signedIn));
    }

    /** The trial account of this browser's session ("give it a try"), to upgrade by registering; null when none. */
    private AccountId trialAccount(Context ctx) {
        return session(ctx).filter(s -> s.account().trial()).map(s -> s.account().id()).orElse(null);
    }

    private String csrf(Context ctx) {
        String token = ctx.attribute(CSRF_ATTRIBUTE);
        if (token != null) {
            return token;
        }
        String browser = cookie(ctx, CSRF_COOKIE);
        if (browser == null || browser.length() != 43) {
            browser = WebKey.randomToken(32);
            setCookie(ctx, CSRF_COOKIE, browser, "/", null);
        }
        token = key.sign(CSRF_PURPOSE, browser);
        ctx.attribute(CSRF_ATTRIBUTE, token);
        return token;
    }

    private void checkCsrf(Context ctx) {
        if ("cross-site".equals(ctx.header("Sec-Fetch-Site"))) {
            throw new BerthException(ErrorCode.CSRF_REJECTED, "this form was sent from another site");
        }
        if (!key.verify(CSRF_PURPOSE, cookie(ctx, CSRF_COOKIE), ctx.formParam(CSRF_FIELD))) {
            throw new BerthException(ErrorCode.CSRF_REJECTED,
                    "this form is out of date or was not sent from this site's page: go back, reload it and try again");
        }
    }

    private static String cookie(Context ctx, String name) {
        String value = ctx.cookie(name);
        return value == null || value.isEmpty() ? null : value;
    }

    private void setCookie(Context ctx, String name, String value, String path, Duration maxAge) {
        StringBuilder cookie = new StringBuilder(name).append('=').append(value).append("; Path=").append(path)
                .append("; HttpOnly; SameSite=Lax");
        if (settings.cookieSecure()) {
            cookie.append("; Secure");
        }
        if (maxAge != null) {
            cookie.append("; Max-Age=").append(maxAge.toSeconds());
        }
        ctx.res().addHeader("Set-Cookie", cookie.toString());
    }

    private void clearCookie(Context ctx, String name, String path) {
        if (ctx.cookie(name) != null) {
            setCookie(ctx, name, "", path, Duration.ZERO);
        }
    }

    // ---- answers

    private Handler page(Handler handler) {
        return ctx -> {
            headers(ctx);
            try {
                handler.handle(ctx);
            } catch (BerthException e) {
                error(ctx, e);
            }
        };
    }

    private Handler form(Handler handler) {
        return page(ctx -> {
            checkCsrf(ctx);
            handler.handle(ctx);
        });
    }

    private void headers(Context ctx) {
        ctx.header("Content-Security-Policy", contentSecurityPolicy());
        ctx.header(Header.CACHE_CONTROL, "no-store");
    }

    private SignInService signIn() {
        return signInService.get();
    }

    private String contentSecurityPolicy() {
        Set<String> targets = new LinkedHashSet<>();
        targets.add("'self'");
        signIn().settings().effectiveSites().values().forEach(url -> targets.add(origin(url)));
        for (OAuthProviderSettings provider : settings.providers()) {
            provider.issuer().ifPresent(url -> targets.add(origin(url)));
            provider.authorizeEndpoint().ifPresent(url -> targets.add(origin(url)));
        }
        return "default-src 'none'; style-src " + Html.STYLE_SOURCE + "; img-src 'self'; form-action "
                + String.join(" ", targets) + "; frame-ancestors 'none'; base-uri 'none'";
    }

    private static String origin(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
    }

    private void error(Context ctx, BerthException e) {
        ErrorCode code = e.errorCode();
        int status = Problems.status(code);
        Html html = Html.page("Sorry").h1(status == 429 ? "Too many attempts" : "That did not work");
        if (code.kind() == ErrorKind.INTERNAL) {
            LOG.error("web page {} failed", ctx.path(), e);
            html.p("error", "Something went wrong on our side. Please try again later.");
        } else {
            html.p("error", e.getMessage());
        }
        if (status == 429) {
            String retry = e.details().getOrDefault(Problems.RETRY_AFTER_SECONDS, "60");
            ctx.header(Header.RETRY_AFTER, retry);
            html.p("Please wait " + retry + " seconds before trying again.");
        }
        html.link("/", "Back to the start");
        send(ctx, status, html, Optional.empty());
    }

    private void send(Context ctx, int status, Html html, Optional<SignedIn> session) {
        ctx.status(status).contentType(HTML).result(html.render(session.map(s -> label(s.account())).orElse(null)));
    }

    private static void seeOther(Context ctx, URI location) {
        ctx.status(303).header(Header.LOCATION, location.toString()).result("");
    }

    // ---- input

    private static String field(Context ctx, String name) {
        String value = ctx.formParam(name);
        if (value == null || value.isBlank()) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "please fill in " + name);
        }
        if (value.length() > MAX_FIELD) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, name + " is too long");
        }
        return value.strip();
    }

    /** A password as typed: not stripped, not truncated; the service checks its length. */
    private static char[] password(Context ctx, String name) {
        String value = ctx.formParam(name);
        if (value == null || value.isEmpty()) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "please fill in the password");
        }
        if (value.length() > MAX_FIELD) {
            throw new BerthException(ErrorCode.WEAK_PASSWORD, "a password has at most 128 characters");
        }
        return value.toCharArray();
    }

    private static String requiredQuery(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank() || value.length() > MAX_FIELD) {
            throw new BerthException(ErrorCode.CODE_INVALID, "this link is incomplete: open the link from the mail");
        }
        return value;
    }

    private static String site(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Only this server's own pages may be a login's next step. */
    private static String next(String value) {
        return "/profile".equals(value) ? value : null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }

    private static String label(Account account) {
        return account.displayName() != null ? account.displayName() + " (" + account.name() + ")" : account.name();
    }

    /** The client address: the socket's, or the proxy's last {@code X-Forwarded-For} entry from the trusted proxy. */
    String clientIp(Context ctx) {
        String remote = ctx.req().getRemoteAddr();
        if (settings.trustedProxy().isPresent() && settings.trustedProxy().get().equals(remote)) {
            String forwarded = ctx.header("X-Forwarded-For");
            if (forwarded != null) {
                List<String> hops = Arrays.stream(forwarded.split(",")).map(String::strip)
                        .filter(s -> !s.isEmpty()).toList();
                if (!hops.isEmpty() && hops.get(hops.size() - 1).length() <= 64) {
                    return hops.get(hops.size() - 1);
                }
            }
        }
        return remote;
    }
}
