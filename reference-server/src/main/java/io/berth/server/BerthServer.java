package io.berth.server;

import io.berth.platform.auth.AccountService;
import io.berth.platform.auth.LevelService;
import io.berth.platform.auth.SshKeyService;
import io.berth.platform.booking.BookingService;
import io.berth.platform.booking.OfferMail;
import io.berth.server.mail.JakartaMailer;
import io.berth.server.web.WebKey;
import io.berth.server.web.WebPages;
import io.berth.server.web.WebSettings;
import io.berth.platform.booking.BookingSettings;
import io.berth.platform.booking.LevelParameters;
import io.berth.platform.catalog.CatalogService;
import io.berth.platform.environment.EnvironmentParameters;
import io.berth.platform.environment.EnvironmentService;
import io.berth.platform.provider.CachingScriptFetcher;
import io.berth.platform.provider.HostContext;
import io.berth.platform.provider.ProviderRegistry;
import io.berth.core.provisioning.CommandId;
import io.berth.core.provisioning.DeploymentId;
import io.berth.platform.provisioning.CommandListener;
import io.berth.platform.provisioning.CommandService;
import io.berth.platform.provisioning.Executor;
import io.berth.platform.provisioning.ExecutorSettings;
import io.berth.platform.provisioning.HealthMonitor;
import io.berth.platform.provisioning.SshKeysParameter;
import io.berth.platform.signin.AccountCleanup;
import io.berth.platform.signin.Passwords;
import io.berth.platform.signin.SignInService;
import io.berth.platform.store.Stores;
import io.berth.provisioning.spi.ScriptFetcher;
import io.berth.server.http.CommandSignals;
import io.berth.server.http.EnvironmentDocuments;
import io.berth.server.http.JsonBodies;
import io.berth.server.http.HttpApi;
import io.berth.server.http.Metrics;
import io.berth.store.jpa.JpaStores;
import io.berth.store.jpa.StoreSettings;
import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * The reference server: the store, the providers, the platform services, the durable executor, the health
 * monitor and the HTTP API, wired together and started. Closing it stops them in reverse order; commands
 * that were running are left to the next server that claims them (see the executor's recovery rule).
 *
 * <p>{@link #start(ServerConfig)} builds everything from the configuration. Tests and embedders use
 * {@link #builder(ServerConfig)} to hand in a ready {@link Stores}, {@link ProviderRegistry} or
 * {@link Clock}; what is handed in is not closed by the server.
 */
public final class BerthServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BerthServer.class);
    /** How often the health monitor looks for due checks; a check's own interval is at least one second. */
    private static final Duration HEALTH_POLL = Duration.ofSeconds(1);

    private final ServerConfig config;
    private final Stores stores;
    private final ProviderRegistry providers;
    private final Executor executor;
    private final Javalin app;
    private final SignInService signIn;
    private final Deque<AutoCloseable> closeables;
    private boolean closed;

    private BerthServer(ServerConfig config, Stores stores, ProviderRegistry providers, Executor executor, Javalin app,
            SignInService signIn, Deque<AutoCloseable> closeables) {
        this.config = config;
        this.stores = stores;
        this.providers = providers;
        this.executor = executor;
        this.app = app;
        this.signIn = signIn;
        this.closeables = closeables;
    }

    /** Builds and starts a server from its configuration. */
    public static BerthServer start(ServerConfig config) {
        return builder(config).start();
    }

    public static Builder builder(ServerConfig config) {
        return new Builder(config);
    }

    public ServerConfig config() {
        return config;
    }

    /** The port the HTTP server listens on (the chosen one when the configuration asked for 0). */
    public int port() {
        return app.port();
    }

    /** {@code http://localhost:<port>}. */
    public URI baseUri() {
        return URI.create("http://localhost:" + port());
    }

    public Stores stores() {
        return stores;
    }

    public ProviderRegistry providers() {
        return providers;
    }

    public Executor executor() {
        return executor;
    }

    /** The sign-in service, with the public URL it mails links to. */
    public SignInService signIn() {
        return signIn;
    }

    /** The HTTP routes the server answers. */
    public List<HttpApi.Route> routes() {
        return HttpApi.routes(app);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("stopping the Berth server on port {}", app.port());
        closeAll(closeables);
    }

    private static void closeAll(Deque<AutoCloseable> closeables) {
        while (!closeables.isEmpty()) {
            AutoCloseable closeable = closeables.pop();
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed", closeable, e);
            }
        }
    }

    /** Assembles a server; every part not given is made from the configuration. */
    public static final class Builder {
        private final ServerConfig config;
        private Stores stores;
        private ProviderRegistry providers;
        /** Microseconds: what PostgreSQL keeps, so that an answer shows the same instant as a later read. */
        private Clock clock = Clock.tick(Clock.systemUTC(), java.time.Duration.ofNanos(1000));
        private PrintStream out = System.out;
        private ExecutorSettings executorSettings;
        private Duration keepAlive = Duration.ofSeconds(15);
        private Passwords passwords = new Passwords();
        private WebSettings web = WebSettings.defaults();

        private Builder(ServerConfig config) {
            this.config = requireNonNull(config, "config is null");
        }

        /** A ready store, used instead of opening the configured database; the server does not close it. */
        public Builder stores(Stores stores) {
            this.stores = requireNonNull(stores, "stores is null");
            return this;
        }

        /** Ready providers, used instead of loading the configured ones; the server does not close them. */
        public Builder providers(ProviderRegistry providers) {
            this.providers = requireNonNull(providers, "providers is null");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock is null");
            return this;
        }

        /** Where the admin key and start-up notes are printed; standard output by default. */
        public Builder out(PrintStream out) {
            this.out = requireNonNull(out, "out is null");
            return this;
        }

        /** Replaces the executor tuning derived from the configuration. */
        public Builder executorSettings(ExecutorSettings settings) {
            this.executorSettings = requireNonNull(settings, "settings is null");
            return this;
        }

        /** How long an event stream may be silent before a keep-alive comment is sent; 15 seconds by default. */
        public Builder keepAlive(Duration keepAlive) {
            this.keepAlive = requireNonNull(keepAlive, "keepAlive is null");
            return this;
        }

        /** The web pages' settings (cookies, proxy, OAuth providers); {@link WebSettings#defaults()} by default. */
        public Builder web(WebSettings settings) {
            this.web = requireNonNull(settings, "settings is null");
            return this;
        }

        /** Replaces the password hashing (tests use cheaper Argon2 parameters). */
        public Builder passwords(Passwords passwords) {
            this.passwords = requireNonNull(passwords, "passwords is null");
            return this;
        }

        /**
         * Starts the server.
         *
         * @throws io.berth.core.error.BerthException when the store or a provider cannot start
         * @throws UncheckedIOException               when the data folder cannot be written
         */
        public BerthServer start() {
            Deque<AutoCloseable> closeables = new ArrayDeque<>();
            try {
                return start(closeables);
            } catch (RuntimeException | Error e) {
                closeAll(closeables);
                throw e;
            }
        }

        private BerthServer start(Deque<AutoCloseable> closeables) {
            LOG.info("starting the Berth server: {}", config);
            createDirectories(config.dataDir());
            createDirectories(config.scriptRoot());

            Stores store = stores;
            if (store == null) {
                store = openStores();
                closeables.push(store);
            }
            ProviderRegistry registry = providers;
            if (registry == null) {
                registry = loadProviders();
                closeables.push(registry);
            }

            CatalogService catalog = new CatalogService(store.catalog(), registry, clock);
            AccountService accounts = new AccountService(store.accounts(), clock);
            CommandSignals signals = new CommandSignals();
            Executor[] executorRef = new Executor[1];
            // one listener for both: a submitted or changed command may be work for idle workers, and news
            // for the event streams that watch it
            CommandListener listener = new CommandListener() {
                @Override
                public void changed(CommandId command) {
                    Executor running = executorRef[0];
                    if (running != null) {
                        running.wake();
                    }
                    signals.changed(command);
                }

                @Override
                public void cancelRequested(DeploymentId deployment) {
                    Executor running = executorRef[0];
                    if (running != null) {
                        running.checkLeasesNow();
                    }
                }
            };
            Executor executor = new Executor(store.provisioning(), catalog, registry, clock, executorSettings(),
                    listener);
            executorRef[0] = executor;
            CommandService commands = new CommandService(store.provisioning(), catalog, clock, listener);
            SshKeyService sshKeys = new SshKeyService(store.accounts(), clock);
            commands.addExpander(new SshKeysParameter(sshKeys));
            HealthMonitor health = new HealthMonitor(store.provisioning(), catalog, registry, clock);

            BookingService bookings = new BookingService(store.bookings(),
                    new BookingSettings(config.timeZone(), io.berth.core.resource.ResourcePackage.standard(),
                            config.bookingPolicies(), config.offerHold()), clock);

            for (io.berth.core.account.LevelQuotas level : config.accountLevels().levels()) {
                // a level whose default package does not exist would fail every notebook of that level later
                bookings.packageNamed(level.defaultPackage());
            }

            AdminBootstrap.run(accounts, config.adminKeyFile(), out);
            if (config.demoCatalog()) {
                DemoCatalog.install(catalog, registry, config.scriptRoot());
                DemoBooking.install(bookings);
            }

            Metrics metrics = new Metrics(executor, store.provisioning());
            closeables.push(metrics);
            executor.start();
            closeables.push(executor);
            health.start(HEALTH_POLL);
            closeables.push(health);

            JakartaMailer mailer = new JakartaMailer(config.mail(), clock);
            closeables.push(mailer);
            bookings.addListener(new OfferMail(mailer, accounts::account, entry -> bookings.poolName(entry.pool())));
            QueueKeeper queues = new QueueKeeper(bookings, config.queueSweep());
            closeables.push(queues);

            EnvironmentService environments = new EnvironmentService(store.environments(), clock);
            EnvironmentDocuments environmentDocuments = new EnvironmentDocuments(JsonBodies.newObjectMapper());
            for (EnvironmentDocuments.Parsed standard : environmentDocuments.standard()) {
                if (environments.seed(standard.spec(), standard.document())) {
                    LOG.info("added the standard environment {}", standard.spec().name());
                }
            }
            // platform-owned parameters: the level's package and quotas first, then the environment's
            commands.addExpander(new LevelParameters(config.accountLevels(), bookings));
            commands.addExpander(new EnvironmentParameters(environments, EnvironmentService.DEFAULT_ENVIRONMENT));

            SiteSecrets sites = SiteSecrets.load(config.signIn().sites().keySet(), config.secrets(), config.dataDir());
            Stores signInStores = store;
            java.util.function.Function<URI, SignInService> makeSignIn = url -> new SignInService(signInStores,
                    commands, bookings, mailer, config.accountLevels(), config.signIn().settings(url), passwords, clock);
            // without BERTH_PUBLIC_URL, links point at this server, whose port is known only once it listens
            AtomicReference<SignInService> signIn = new AtomicReference<>(
                    makeSignIn.apply(URI.create("http://localhost:" + config.port())));
            CleanupKeeper cleanup = new CleanupKeeper(() -> new AccountCleanup(signIn.get()),
                    config.signIn().cleanupInterval());
            closeables.push(cleanup);

            HttpApi api = new HttpApi(catalog, commands, accounts, bookings, store, registry,
                    signals, metrics, keepAlive, sshKeys,
                    new LevelService(config.accountLevels(), store.accounts(), bookings::packageNamed, clock),
                    environments, environmentDocuments, signIn::get, sites);
            api.webPages(new WebPages(signIn::get, accounts, store.accounts(), web,
                    WebKey.load(config.secret("web"), config.dataDir().resolve("web.key")), clock));
            Javalin app = api.create();
            closeables.push(app::stop);
            // streams end first, so that stopping the HTTP server does not wait for them
            closeables.push(signals::close);
            app.start(config.port());
            if (config.signIn().publicUrl() == null && config.port() != app.port()) {
                signIn.set(makeSignIn.apply(URI.create("http://localhost:" + app.port())));
            }
            LOG.info("Berth server listening on port {} with providers {}", app.port(), config.providers());
            out.println("berth: serving on http://localhost:" + app.port() + "/api/v1 (OpenAPI: /openapi.json)");
            out.flush();
            return new BerthServer(config, store, registry, executor, app, signIn.get(), closeables);
        }

        private ExecutorSettings executorSettings() {
            if (executorSettings != null) {
                return executorSettings;
            }
            Duration lease = config.lease();
            return ExecutorSettings.defaults()
                    .withOwner("server-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID())
                    .withWorkers(config.executorWorkers())
                    .withLease(lease, lease.dividedBy(6));
        }

        private Stores openStores() {
            StoreSettings settings = config.dbUrl() == null
                    ? StoreSettings.h2File(config.dataDir()).withMaxPoolSize(config.dbPoolSize())
                    : new StoreSettings(config.dbUrl(), config.dbUser(), config.dbPassword(), config.dbPoolSize());
            return JpaStores.open(settings);
        }

        private ProviderRegistry loadProviders() {
            ScriptFetcher fetcher = new CachingScriptFetcher(config.dataDir().resolve("cache").resolve("scripts"),
                    config.fetchSchemes(), Duration.ofSeconds(30));
            return ProviderRegistry.load(BerthServer.class.getClassLoader(), config.providers(),
                    config::providerSettings,
                    name -> new HostContext(clock, config::secret, fetcher,
                            config.dataDir().resolve("providers").resolve(name)));
        }

        private static void createDirectories(Path folder) {
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + folder, e);
            }
        }
    }
}
