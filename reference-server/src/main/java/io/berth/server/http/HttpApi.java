package io.berth.server.http;

import io.berth.core.account.Account;
import io.berth.core.account.LevelQuotas;
import io.berth.core.account.Principal;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.provisioning.CommandId;
import io.berth.core.provisioning.DeploymentId;
import io.berth.platform.auth.AccountService;
import io.berth.platform.booking.BookingService;
import io.berth.platform.auth.LevelService;
import io.berth.platform.auth.SshKeyService;
import io.berth.platform.catalog.CatalogService;
import io.berth.platform.environment.EnvironmentService;
import io.berth.platform.provider.ProviderRegistry;
import io.berth.platform.provisioning.CommandRequest;
import io.berth.platform.provisioning.CommandService;
import io.berth.platform.signin.SignInService;
import io.berth.platform.store.Stores;
import io.berth.provisioning.spi.ProviderHealth;
import io.berth.server.api.AccountUpdate;
import io.berth.server.api.AccountView;
import io.berth.server.api.LevelView;
import io.berth.server.api.CommandInput;
import io.berth.server.api.CommandView;
import io.berth.server.api.ConfigurationInput;
import io.berth.server.api.ConfigurationView;
import io.berth.server.api.DeploymentView;
import io.berth.server.api.MeView;
import io.berth.server.api.NewAccount;
import io.berth.server.api.NewAccountView;
import io.berth.server.api.NewPlan;
import io.berth.server.api.PlanView;
import io.berth.server.api.ReadinessView;
import io.berth.server.api.ReadinessView.Check;
import io.berth.server.SiteSecrets;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.json.JavalinJackson;
import io.javalin.router.ParsedEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * The HTTP API of docs/api.md on Javalin: routes, authentication, error answers, security headers and
 * request metrics. Handlers only translate: JSON in, a platform service call, JSON out.
 */
public final class HttpApi {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    public static final String API = "/api/v1";
    static final String JSON = "application/json; charset=utf-8";
    /** The hand-written OpenAPI 3.1 document of the routes below. */
    public static final String OPENAPI_RESOURCE = "/io/berth/server/openapi.json";
    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final CatalogService catalog;
    private final CommandService commands;
    private final AccountService accounts;
    private final Stores stores;
    private final ProviderRegistry providers;
    private final Metrics metrics;
    private final JsonBodies json = new JsonBodies();
    private final Problems problems = new Problems(json);
    private final Authentication authentication;
    private final EventStream events;
    private final byte[] openApi;
    private final AccessRules access;
    private final BookingApi bookingApi;
    private final BookingService bookings;
    private final KeysApi keysApi;
    private final LevelService levelService;
    private final EnvironmentApi environmentApi;
    private final CapacityDiscoveryApi discoveryApi;
    private final SignInApi signInApi;
    private io.berth.server.web.WebPages webPages;

    /** A route as registered, for the OpenAPI completeness check. */
    public record Route(String method, String path) {
    }

    /**
     * @param signIn the sign-in service (a supplier: the server makes it once it knows its port)
     * @param sites  the secrets of the notebook sites, which redeem login tokens
     */
    public HttpApi(CatalogService catalog, CommandService commands, AccountService accounts, BookingService bookings,
            Stores stores, ProviderRegistry providers, CommandSignals signals, Metrics metrics,
            Duration keepAlive, SshKeyService sshKeys, LevelService levelService, EnvironmentService environments,
            EnvironmentDocuments environmentDocuments,
            Supplier<SignInService> signIn, SiteSecrets sites) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.commands = requireNonNull(commands, "commands is null");
        this.accounts = requireNonNull(accounts, "accounts is null");
        this.stores = requireNonNull(stores, "stores is null");
        this.providers = requireNonNull(providers, "providers is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.authentication = new Authentication(accounts, signIn);
        this.signInApi = new SignInApi(signIn, accounts, authentication, sites, json);
        this.events = new EventStream(commands, stores.provisioning(), signals, json, keepAlive);
        this.openApi = resource(OPENAPI_RESOURCE);
        this.access = AccessRules.of(openApi);
        this.bookingApi = new BookingApi(bookings, json);
        this.bookings = bookings;
        this.keysApi = new KeysApi(accounts, sshKeys, json);
        this.levelService = requireNonNull(levelService, "levelService is null");
        this.environmentApi = new EnvironmentApi(environments, environmentDocuments, json);
        this.discoveryApi = new CapacityDiscoveryApi(bookings, providers, bookingApi, json);
    }

    /** Who may call what: the {@code x-berth-access} of each operation in the OpenAPI document. */
    public AccessRules accessRules() {
        return access;
    }

    private void authenticateAndAuthorize(Context ctx) {
        AccessRules.Access route = access.access(ctx).orElse(null);
        if (route != null && route.withoutAccount()) {
            return; // public routes need no key; site routes check the site's own secret
        }
        authentication.authenticate(ctx);
        access.authorize(ctx, route);
    }

    /** Adds the web pages (outside {@code /api/v1}) to the server {@link #create()} makes. */
    public HttpApi webPages(io.berth.server.web.WebPages pages) {
        this.webPages = requireNonNull(pages, "pages is null");
        return this;
    }

    /** A configured, not yet started server. */
    public Javalin create() {
        return Javalin.create(this::configure);
    }

    /** The HTTP routes of a server made by {@link #create()}. */
    public static List<Route> routes(Javalin app) {
        List<Route> routes = new ArrayList<>();
        for (ParsedEndpoint parsed : app.unsafe.internalRouter.allHttpHandlers()) {
            if (parsed.endpoint.method.isHttpMethod()) {
                routes.add(new Route(parsed.endpoint.method.name(), parsed.endpoint.path));
            }
        }
        return routes;
    }

    private void configure(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.http.prefer405over404 = true;
        config.http.maxRequestSize = JsonBodies.MAX_BODY_BYTES;
        config.http.defaultContentType = JSON;
        config.router.ignoreTrailingSlashes = true;
        config.jsonMapper(new JavalinJackson(json.mapper(), false));
        config.requestLogger.http(metrics::record);
        // Jetty keeps the header fields a connection sent before and by default matches a new field against them
        // ignoring the case of the value: a key that differed from an earlier one on the same connection only by
        // the case of a letter was read as that earlier key. Credentials are case-sensitive, so is the cache.
        config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheCaseSensitive(true));
        config.jetty.modifyServer(server -> server.setErrorHandler(ProblemErrorHandler.forServer(json)));
        config.jetty.modifyServletContextHandler(
                handler -> handler.setErrorHandler(ProblemErrorHandler.forServletContext(json)));

        RoutesConfig routes = config.routes;
        problems.register(routes);
        routes.before(HttpApi::securityHeaders);
        routes.beforeMatched(API + "/*", this::authenticateAndAuthorize);

        routes.get("/health/live", ctx -> ok(ctx, Map.of("status", "UP")));
        routes.get("/health/ready", this::ready);
        routes.get("/metrics", ctx -> ctx.contentType(Metrics.PROMETHEUS_CONTENT_TYPE).result(metrics.scrape()));
        routes.get("/openapi.json", ctx -> ctx.contentType(JSON).result(openApi));

        routes.get(API + "/plans", ctx -> ok(ctx, catalog.listPlans().stream().map(PlanView::of).toList()));
        routes.post(API + "/plans", this::createPlan);
        routes.get(API + "/plans/{name}", ctx -> ok(ctx, PlanView.of(catalog.getPlan(ctx.pathParam("name")))));
        routes.delete(API + "/plans/{name}", this::deletePlan);
        routes.get(API + "/plans/{name}/configurations", this::listConfigurations);
        routes.post(API + "/plans/{name}/configurations", this::addConfiguration);
        routes.get(API + "/plans/{name}/configurations/{version}", this::getConfiguration);

        routes.post(API + "/commands", this::submitCommand);
        routes.get(API + "/commands", this::listCommands);
        routes.get(API + "/commands/{id}", ctx -> ok(ctx,
                CommandView.of(commands.getCommand(caller(ctx), CommandId.parse(ctx.pathParam("id"))))));
        routes.get(API + "/commands/{id}/events", ctx ->
                events.handle(ctx, caller(ctx), CommandId.parse(ctx.pathParam("id"))));

        routes.get(API + "/deployments", this::listDeployments);
        routes.get(API + "/deployments/{id}", ctx -> ok(ctx,
                DeploymentView.of(commands.getDeployment(caller(ctx), DeploymentId.parse(ctx.pathParam("id"))))));
        routes.delete(API + "/deployments/{id}", this::removeDeployment);

        routes.get(API + "/me", this::me);
        routes.get(API + "/levels", ctx -> ok(ctx,
                levelService.current().levels().stream().map(LevelView::of).toList()));
        new LevelsApi(levelService, json).register(routes);
        routes.get(API + "/accounts", ctx -> ok(ctx,
                accounts.listAccounts(caller(ctx)).stream().map(AccountView::of).toList()));
        routes.post(API + "/accounts", this::createAccount);
        routes.patch(API + "/accounts/{name}", this::updateAccount);
        bookingApi.register(routes);
        keysApi.register(routes);
        environmentApi.register(routes);
        discoveryApi.register(routes);
        signInApi.register(routes);
        if (webPages != null) {
            webPages.register(routes);
        }
    }

    private static void securityHeaders(Context ctx) {
        ctx.header(Header.X_CONTENT_TYPE_OPTIONS, "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        // the OpenAPI document is the same for everyone; everything else is per caller or live state
        ctx.header(Header.CACHE_CONTROL, ctx.path().equals("/openapi.json") ? "no-cache" : "no-store");
    }

    // ---- plans and configurations

    private void createPlan(Context ctx) {
        Principal caller = caller(ctx);
        AccountService.requireAdmin(caller);
        NewPlan body = json.read(ctx, NewPlan.class);
        CatalogService.PlanView created = catalog.createPlan(caller, body.name(), body.description(), body.draft());
        ctx.header(Header.LOCATION, API + "/plans/" + created.plan().name());
        send(ctx, 201, PlanView.of(created));
    }

    private void deletePlan(Context ctx) {
        catalog.deletePlan(caller(ctx), ctx.pathParam("name"));
        ctx.status(204);
    }

    private void listConfigurations(Context ctx) {
        String plan = ctx.pathParam("name");
        String planName = catalog.plan(plan).name();
        ok(ctx, catalog.listConfigurations(plan).stream().map(c -> ConfigurationView.of(c, planName)).toList());
    }

    private void addConfiguration(Context ctx) {
        Principal caller = caller(ctx);
        AccountService.requireAdmin(caller);
        String plan = ctx.pathParam("name");
        ConfigurationInput body = json.read(ctx, ConfigurationInput.class);
        var added = catalog.addConfiguration(caller, plan, body.toDraft(""));
        ctx.header(Header.LOCATION, API + "/plans/" + plan + "/configurations/" + added.version());
        send(ctx, 201, ConfigurationView.of(added, plan));
    }

    private void getConfiguration(Context ctx) {
        String plan = ctx.pathParam("name");
        int version = positiveInt(ctx.pathParam("version"), "version");
        ok(ctx, ConfigurationView.of(catalog.getConfiguration(plan, version), plan));
    }

    // ---- commands and deployments

    private void submitCommand(Context ctx) {
        Principal caller = caller(ctx);
        String key = idempotencyKey(ctx);
        CommandRequest request = json.read(ctx, CommandInput.class).toDomain();
        accepted(ctx, caller, commands.submit(caller, request, key));
    }

    private void removeDeployment(Context ctx) {
        Principal caller = caller(ctx);
        DeploymentId id = DeploymentId.parse(ctx.pathParam("id"));
        String key = idempotencyKey(ctx);
        accepted(ctx, caller, commands.submit(caller, CommandRequest.remove(id), key));
    }

    private void accepted(Context ctx, Principal caller, CommandService.Accepted accepted) {
        CommandService.CommandDetails details = commands.getCommand(caller, accepted.command().id());
        ctx.header(Header.LOCATION, API + "/commands/" + accepted.command().id());
        if (accepted.replayed()) {
            ctx.header("Idempotency-Replayed", "true");
        }
        send(ctx, 202, CommandView.of(details));
    }

    private void listCommands(Context ctx) {
        String deployment = ctx.queryParam("deployment");
        DeploymentId id = deployment == null ? null : DeploymentId.parse(deployment);
        int limit = limit(ctx);
        ok(ctx, commands.listCommands(caller(ctx), id, limit).stream().map(CommandView::of).toList());
    }

    private void listDeployments(Context ctx) {
        Principal caller = caller(ctx);
        boolean includeRemoved = bool(ctx.queryParam("includeRemoved"), "includeRemoved");
        ok(ctx, commands.listDeployments(caller, caller.isAdmin(), includeRemoved, MAX_LIMIT).stream()
                .map(DeploymentView::of).toList());
    }

    // ---- accounts

    private void me(Context ctx) {
        Principal caller = caller(ctx);
        LevelQuotas quotas = levelService.current().quotasFor(caller.level());
        boolean trial = accounts.account(caller.account()).map(Account::trial).orElse(false);
        ok(ctx, MeView.of(caller, LevelView.of(quotas),
                quotas.environment(bookings.packageNamed(quotas.defaultPackage())), trial));
    }

    private void createAccount(Context ctx) {
        Principal caller = caller(ctx);
        AccountService.requireAdmin(caller);
        NewAccount body = json.read(ctx, NewAccount.class);
        AccountService.NewAccount created = accounts.createAccount(caller, body.name(), body.parsedRole(),
                body.level() == null ? Account.DEFAULT_LEVEL : body.level());
        send(ctx, 201, new NewAccountView(AccountView.of(created.account()), created.apiKey()));
    }

    private void updateAccount(Context ctx) {
        Principal caller = caller(ctx);
        if (!caller.isAdmin() && !caller.name().equals(ctx.pathParam("name"))) {
            // before the body is read: someone else's account is not there for this caller
            throw new BerthException(ErrorCode.ACCOUNT_NOT_FOUND, "no account named '" + ctx.pathParam("name") + "'");
        }
        AccountUpdate body = json.read(ctx, AccountUpdate.class);
        if (body.level() == null && body.email() == null && body.disabled() == null) {
            throw new BerthException(ErrorCode.INVALID_REQUEST,
                    "nothing to change: the body names no level, email or disabled");
        }
        String name = ctx.pathParam("name");
        if (body.level() != null || body.disabled() != null) {
            AccountService.requireAdmin(caller);
        }
        if (body.level() != null) {
            Account.checkLevel(body.level());
        }
        if (body.email() != null && !body.email().isEmpty()) {
            Account.checkEmail(body.email());
        }
        Account changed = null;
        if (body.email() != null) {
            changed = accounts.setEmail(caller, name, body.email().isEmpty() ? null : body.email());
        }
        if (body.level() != null) {
            changed = accounts.setLevel(caller, name, body.level());
        }
        if (body.disabled() != null) {
            changed = accounts.setDisabled(caller, name, body.disabled());
        }
        ok(ctx, AccountView.of(changed));
    }

    // ---- operations

    private void ready(Context ctx) {
        List<Check> checks = new ArrayList<>();
        try {
            stores.ping();
            checks.add(new Check("store", "UP", "ok"));
        } catch (RuntimeException e) {
            LOG.warn("readiness: the store does not answer: {}", e.toString());
            // the cause may name hosts and users; it goes to the log, not to unauthenticated callers
            checks.add(new Check("store", "DOWN", "the store does not answer"));
        }
        for (Map.Entry<String, ProviderHealth> entry : providers.health().entrySet()) {
            ProviderHealth health = entry.getValue();
            checks.add(new Check("provider:" + entry.getKey(), health.up() ? "UP" : "DOWN", health.detail()));
        }
        boolean up = checks.stream().allMatch(c -> c.status().equals("UP"));
        send(ctx, up ? 200 : 503, new ReadinessView(up ? "UP" : "DOWN", checks));
    }

    // ---- helpers

    private static Principal caller(Context ctx) {
        return Authentication.principal(ctx);
    }

    private void ok(Context ctx, Object body) {
        send(ctx, 200, body);
    }

    private void send(Context ctx, int status, Object body) {
        ctx.status(status).contentType(JSON).result(json.write(body));
    }

    private static String idempotencyKey(Context ctx) {
        String key = ctx.header(IDEMPOTENCY_KEY);
        if (key == null) {
            return null;
        }
        if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH
                || key.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, IDEMPOTENCY_KEY + " must be 1-"
                    + MAX_IDEMPOTENCY_KEY_LENGTH + " printable ASCII characters");
        }
        return key;
    }

    private static int limit(Context ctx) {
        String text = ctx.queryParam("limit");
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        int limit = positiveInt(text, "limit");
        if (limit > MAX_LIMIT) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "limit must be from 1 to " + MAX_LIMIT);
        }
        return limit;
    }

    private static int positiveInt(String text, String name) {
        if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(text) < 1) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, name + " must be a positive whole number: '"
                    + (text.length() > 20 ? text.substring(0, 20) + "..." : text) + "'");
        }
        return Integer.parseInt(text);
    }

    private static boolean bool(String text, String name) {
        if (text == null) {
            return false;
        }
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new BerthException(ErrorCode.INVALID_REQUEST, name + " must be true or false");
        };
    }

    private static byte[] resource(String name) {
        try (InputStream in = HttpApi.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the server's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
