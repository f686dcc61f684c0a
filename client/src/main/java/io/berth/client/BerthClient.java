package io.berth.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.core.account.Role;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * A client of Berth's REST API ({@code /api/v1}).
 *
 * <p>Build one with {@link #builder()}; it is immutable and thread-safe, and one instance can serve a
 * whole application. Every method blocks until the server has answered. Every failure is a
 * {@link BerthApiException}: with the HTTP status and the problem's {@code code} when the server refused
 * the request, with status 0 and {@link BerthApiException#CONNECTION_FAILED} when it could not be reached.
 * Arguments named {@code ...OrNull} accept {@code null}; all others must not be null.
 */
public final class BerthClient {

    private static final String API_PREFIX = "/api/v1";
    private static final String JSON = "application/json";
    private static final String PROBLEM_JSON = "application/problem+json";

    private static final TypeReference<List<PlanView>> PLANS = new TypeReference<>() { };
    private static final TypeReference<List<PackageView>> PACKAGES = new TypeReference<>() { };
    private static final TypeReference<List<LevelView>> LEVELS = new TypeReference<>() { };
    private static final TypeReference<List<PoolView>> POOLS = new TypeReference<>() { };
    private static final TypeReference<List<CapacityView>> CAPACITY = new TypeReference<>() { };
    private static final TypeReference<List<BookingView>> BOOKINGS = new TypeReference<>() { };
    private static final TypeReference<List<QueueView>> QUEUE = new TypeReference<>() { };
    private static final TypeReference<List<ConfigurationView>> CONFIGURATIONS = new TypeReference<>() { };
    private static final TypeReference<List<CommandView>> COMMANDS = new TypeReference<>() { };
    private static final TypeReference<List<DeploymentView>> DEPLOYMENTS = new TypeReference<>() { };
    private static final TypeReference<List<AccountView>> ACCOUNTS = new TypeReference<>() { };

    private final URI baseUri;
    private final String apiRoot;
    private final String apiKey;
    private final Duration timeout;
    private final int reconnectAttempts;
    private final Duration reconnectDelay;
    private final HttpClient http;
    private final ObjectMapper json;

    private BerthClient(Builder builder) {
        this.baseUri = builder.baseUri;
        this.apiRoot = apiRoot(builder.baseUri);
        this.apiKey = builder.apiKey;
        this.timeout = builder.timeout;
        this.reconnectAttempts = builder.reconnectAttempts;
        this.reconnectDelay = builder.reconnectDelay;
        // HTTP/1.1 because an h2c upgrade of a plain-http request buys nothing for short JSON calls and
        // some servers mishandle it on requests with a body.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(builder.timeout)
                .build();
        this.json = BerthJson.newObjectMapper();
    }

    /** A builder; {@link Builder#baseUri(URI)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The server's address as given to the builder. */
    public URI baseUri() {
        return baseUri;
    }

    // ---- plans and configurations ----

    /** All plans, ordered by name. */
    public List<PlanView> listPlans() {
        return read(call("GET", "/plans", null, null), PLANS);
    }

    /** The plan with this name; {@code plan-not-found} (404) if there is none. */
    public PlanView getPlan(String name) {
        return read(call("GET", "/plans/" + segment(name), null, null), PlanView.class);
    }

    /** Creates a plan (admins only); {@code plan-exists} (409) if the name is taken. */
    public PlanView createPlan(PlanRequest request) {
        requireNonNull(request, "request is null");
        return read(call("POST", "/plans", request, null), PlanView.class);
    }

    /** Deletes a plan (admins only); {@code plan-in-use} (409) while any deployment refers to it. */
    public void deletePlan(String name) {
        call("DELETE", "/plans/" + segment(name), null, null);
    }

    /** The configurations of a plan, oldest version first. */
    public List<ConfigurationView> listConfigurations(String plan) {
        return read(call("GET", "/plans/" + segment(plan) + "/configurations", null, null), CONFIGURATIONS);
    }

    /** One configuration version of a plan; {@code configuration-not-found} (404) if there is none. */
    public ConfigurationView getConfiguration(String plan, int version) {
        return read(call("GET", "/plans/" + segment(plan) + "/configurations/" + version, null, null),
                ConfigurationView.class);
    }

    /** Stores the next configuration version of a plan (admins only); new installs use it. */
    public ConfigurationView addConfiguration(String plan, ConfigurationRequest request) {
        requireNonNull(request, "request is null");
        return read(call("POST", "/plans/" + segment(plan) + "/configurations", request, null),
                ConfigurationView.class);
    }

    // ---- commands ----

    /**
     * Submits a command. With an idempotency key, submitting the same request again (after a lost answer,
     * say) returns the first command with {@link Submission#replayed()} set instead of starting another;
     * the same key with a different request is {@code idempotency-key-reused} (409).
     *
     * @param idempotencyKeyOrNull a key unique to this intent, chosen by the caller, or {@code null}
     */
    public Submission submit(CommandRequest request, String idempotencyKeyOrNull) {
        requireNonNull(request, "request is null");
        HttpResponse<byte[]> response = call("POST", "/commands", request, idempotencyKeyOrNull);
        boolean replayed = response.headers().firstValue("Idempotency-Replayed")
                .map(value -> value.equalsIgnoreCase("true"))
                .orElse(false);
        return new Submission(read(response, CommandView.class), replayed);
    }

    /** A command with its tasks; {@code command-not-found} (404) if there is none the caller may see. */
    public CommandView getCommand(String id) {
        return read(call("GET", "/commands/" + segment(id), null, null), CommandView.class);
    }

    /**
     * The caller's commands (an admin's: everyone's), newest first.
     *
     * @param deploymentOrNull only the commands of this deployment, or {@code null} for all
     * @param limit            at most this many, at least 1
     */
    public List<CommandView> listCommands(String deploymentOrNull, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        StringBuilder path = new StringBuilder("/commands?limit=").append(limit);
        if (deploymentOrNull != null) {
            path.append("&deployment=").append(URLEncoder.encode(deploymentOrNull, StandardCharsets.UTF_8));
        }
        return read(call("GET", path.toString(), null, null), COMMANDS);
    }

    /**
     * Delivers the events of a command numbered after {@code afterSeq} to {@code consumer}, in order, and
     * returns once the command has reached a terminal state and its last event was delivered.
     *
     * <p>When the stream breaks before that, the client reconnects with {@code Last-Event-ID} set to the
     * last event it delivered, so no event is lost or delivered twice. It gives up with
     * {@link BerthApiException#CONNECTION_FAILED} after {@link Builder#reconnectAttempts(int)} attempts in a
     * row that brought no new event. An error answer from the server (e.g. {@code command-not-found}) is
     * thrown at once. An exception thrown by {@code consumer} ends the stream and propagates.
     *
     * @param afterSeq 0 for all events, else the number of the last event already seen
     */
    public void events(String commandId, long afterSeq, Consumer<EventView> consumer) {
        stream(commandId, afterSeq, consumer, null);
    }

    /**
     * Blocks until a command reaches a terminal state (COMPLETED, FAILED or REMOVED) and returns it.
     *
     * @throws BerthApiException with {@link BerthApiException#TIMEOUT} when the command is still running
     *                           after {@code timeout}
     */
    public CommandView waitFor(String commandId, Duration timeout) {
        requireNonNull(timeout, "timeout is null");
        CommandView command = getCommand(commandId);
        if (isTerminal(command)) {
            return command;
        }
        stream(commandId, 0, event -> { }, Deadline.after(timeout));
        return getCommand(commandId);
    }

    // ---- deployments ----

    /**
     * The caller's deployments (an admin's: everyone's), newest first.
     *
     * @param includeRemoved whether to list REMOVED deployments as well
     */
    public List<DeploymentView> listDeployments(boolean includeRemoved) {
        return read(call("GET", includeRemoved ? "/deployments?includeRemoved=true" : "/deployments", null, null),
                DEPLOYMENTS);
    }

    /** A deployment; {@code deployment-not-found} (404) if there is none the caller may see. */
    public DeploymentView getDeployment(String id) {
        return read(call("GET", "/deployments/" + segment(id), null, null), DeploymentView.class);
    }

    /** Starts removing a deployment and returns the remove command; like submitting a remove. */
    public CommandView removeDeployment(String id) {
        return read(call("DELETE", "/deployments/" + segment(id), null, null), CommandView.class);
    }

    // ---- accounts ----

    /** The account the API key belongs to. */
    public AccountView me() {
        return read(call("GET", "/me", null, null), AccountView.class);
    }

    /** The quotas of each account level. */
    public List<LevelView> listLevels() {
        return read(call("GET", "/levels", null, null), LEVELS);
    }

    /** All accounts (admins only). */
    public List<AccountView> listAccounts() {
        return read(call("GET", "/accounts", null, null), ACCOUNTS);
    }

    /** Creates an account with a first API key (admins only); the key is not shown again. */
    public NewAccountView createAccount(String name, Role role) {
        requireNonNull(name, "name is null");
        requireNonNull(role, "role is null");
        return read(call("POST", "/accounts", Map.of("name", name, "role", role.name()), null), NewAccountView.class);
    }

    /** Creates an account of a level (0 anonymous, 1 basic, 2.. custom) with a first API key (admins only). */
    public NewAccountView createAccount(String name, Role role, int level) {
        requireNonNull(name, "name is null");
        requireNonNull(role, "role is null");
        return read(call("POST", "/accounts", Map.of("name", name, "role", role.name(), "level", level), null),
                NewAccountView.class);
    }

    /** Sets (or, with null, clears) an account's email address: admins for anyone, users for themselves. */
    public AccountView setEmail(String account, String emailOrNull) {
        return read(call("PATCH", "/accounts/" + segment(account), Map.of("email", emailOrNull == null ? ""
                : emailOrNull), null), AccountView.class);
    }

    /** Sets an account's level (admins only); returns the account as changed. */
    public AccountView setLevel(String account, int level) {
        return read(call("PATCH", "/accounts/" + segment(account), Map.of("level", level), null), AccountView.class);
    }

    /** Creates a further API key of an account that does not expire (admins only). */
    public NewApiKeyView createApiKey(String account, String name) {
        return createApiKey(account, name, null);
    }

    /** Creates a further API key of an account (admins only); the key is not shown again. */
    public NewApiKeyView createApiKey(String account, String name, Instant expiresAtOrNull) {
        requireNonNull(name, "name is null");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        if (expiresAtOrNull != null) {
            body.put("expiresAt", expiresAtOrNull);
        }
        return read(call("POST", "/accounts/" + segment(account) + "/api-keys", body, null), NewApiKeyView.class);
    }

    /** Disables an account (it can then neither sign in nor use its keys) or enables it again (admins only). */
    public AccountView setDisabled(String account, boolean disabled) {
        return read(call("PATCH", "/accounts/" + segment(account), Map.of("disabled", disabled), null),
                AccountView.class);
    }

    /** Deletes an account (admins only): disabled at once, its deployments removed, then deleted. */
    public SignInViews.Accepted deleteAccount(String account) {
        return read(call("DELETE", "/accounts/" + segment(account), null, null), SignInViews.Accepted.class);
    }

    // ---- sign-in ----

    /**
     * Registers an email address; a confirmation link is mailed. The answer is the same whether or not the address
     * has an account. With a trial account's session as the key, that account is upgraded.
     */
    public SignInViews.Accepted register(String email, String password) {
        return read(call("POST", "/signup", Map.of("email", email, "password", password), null),
                SignInViews.Accepted.class);
    }

    /** Follows a confirmation link's code; answers a login token for a notebook site (null: the default). */
    public SignInViews.Handoff confirm(String code, String siteOrNull) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        if (siteOrNull != null) {
            body.put("site", siteOrNull);
        }
        return read(call("POST", "/signup/confirm", body, null), SignInViews.Handoff.class);
    }

    /** Logs in; the session id works as an API key until the session expires. */
    public SignInViews.Session login(String email, String password) {
        return read(call("POST", "/login", Map.of("email", email, "password", password), null),
                SignInViews.Session.class);
    }

    /** Ends the session this client authenticates with; a trial account is then deleted. */
    public void logout() {
        call("POST", "/logout", null, null);
    }

    /** "Give it a try": a transient level-0 account with a login token for a site (null: the default). */
    public SignInViews.Trial tryIt(String siteOrNull) {
        return read(call("POST", "/try", siteOrNull == null ? null : Map.of("site", siteOrNull), null),
                SignInViews.Trial.class);
    }

    /** Asks for a password-reset link by mail; the answer is the same for unknown addresses. */
    public SignInViews.Accepted requestReset(String email) {
        return read(call("POST", "/reset", Map.of("email", email), null), SignInViews.Accepted.class);
    }

    /** Sets a new password with a mailed reset code; ends every session and opens a new one. */
    public SignInViews.Session resetPassword(String code, String newPassword) {
        return read(call("POST", "/reset/confirm", Map.of("code", code, "password", newPassword), null),
                SignInViews.Session.class);
    }

    /** A fresh login token for a notebook site (null: the default). */
    public SignInViews.Handoff loginToken(String siteOrNull) {
        return read(call("POST", "/login-tokens", siteOrNull == null ? null : Map.of("site", siteOrNull), null),
                SignInViews.Handoff.class);
    }

    /** Redeems a login token; this client's key must be the secret of the notebook site the token is for. */
    public SignInViews.Redeemed redeemLoginToken(String token) {
        return read(call("POST", "/login-tokens/redeem", Map.of("token", token), null), SignInViews.Redeemed.class);
    }

    /** One's own profile. */
    public SignInViews.User user() {
        return read(call("GET", "/user", null, null), SignInViews.User.class);
    }

    /**
     * Changes one's display name and/or email address (null: unchanged); a new address applies when the link
     * mailed to it is followed.
     */
    public SignInViews.User updateUser(String displayNameOrNull, String emailOrNull) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (displayNameOrNull != null) {
            body.put("displayName", displayNameOrNull);
        }
        if (emailOrNull != null) {
            body.put("email", emailOrNull);
        }
        return read(call("PATCH", "/user", body, null), SignInViews.User.class);
    }

    /** Deletes one's own account with everything it owns. */
    public SignInViews.Accepted deleteUser() {
        return read(call("DELETE", "/user", null, null), SignInViews.Accepted.class);
    }

    /** Changes one's password; other sessions end. */
    public void changePassword(String currentPassword, String newPassword) {
        call("POST", "/user/password", Map.of("currentPassword", currentPassword, "newPassword", newPassword), null);
    }

    // ---- booking ----

    /** The resource packages, smallest first. */
    public List<PackageView> listPackages() {
        return read(call("GET", "/packages", null, null), PACKAGES);
    }

    public List<PoolView> listPools() {
        return read(call("GET", "/pools", null, null), POOLS);
    }

    /** Creates a pool (admins only); {@code mode} is SHARED, MANAGED or RESERVED. */
    public PoolView createPool(String name, String mode) {
        return read(call("POST", "/pools", Map.of("name", name, "mode", mode), null), PoolView.class);
    }

    /** The capacity allocations of a pool (admins only). */
    public List<CapacityView> listCapacity(String pool) {
        return read(call("GET", "/pools/" + segment(pool) + "/capacity", null, null), CAPACITY);
    }

    /**
     * Adds capacity to a pool (admins only).
     *
     * @param from  a date, an ISO time, or null for the current hour
     * @param until likewise, or null for no end
     */
    public CapacityView addCapacity(String pool, long milliCores, long memoryMiB, long diskGiB, Map<String, Long> extra,
                                    String from, String until) {
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("milliCores", milliCores);
        resources.put("memoryMiB", memoryMiB);
        resources.put("diskGiB", diskGiB);
        if (extra != null && !extra.isEmpty()) {
            resources.put("extra", extra);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("resources", resources);
        if (from != null) {
            body.put("from", from);
        }
        if (until != null) {
            body.put("until", until);
        }
        return read(call("POST", "/pools/" + segment(pool) + "/capacity", body, null), CapacityView.class);
    }

    public void removeCapacity(String pool, String allocationId) {
        call("DELETE", "/pools/" + segment(pool) + "/capacity/" + segment(allocationId), null, null);
    }

    /**
     * The availability grid.
     *
     * @param query the query string without {@code ?}, e.g. {@code period=week&packages=small,large}
     */
    public AvailabilityView availability(String query) {
        return read(call("GET", "/availability" + (query == null || query.isEmpty() ? "" : "?" + query), null, null),
                AvailabilityView.class);
    }

    /** The availability grid rendered as text: {@code ===} available, {@code ---} not, {@code ###} yours. */
    public String availabilityText(String query) {
        String path = "/availability?format=text" + (query == null || query.isEmpty() ? "" : "&" + query);
        return new String(call("GET", path, null, null).body(), StandardCharsets.UTF_8);
    }

    /** When can {@code count} units of a package be had for {@code days} days (or {@code hours} hours)? */
    public EarliestView earliest(String packageName, int count, Integer days, Integer hours, String poolOrNull) {
        StringBuilder query = new StringBuilder("?package=").append(encode(packageName)).append("&count=").append(count);
        if (days != null) {
            query.append("&days=").append(days);
        }
        if (hours != null) {
            query.append("&hours=").append(hours);
        }
        if (poolOrNull != null) {
            query.append("&pool=").append(encode(poolOrNull));
        }
        return read(call("GET", "/availability/earliest" + query, null, null), EarliestView.class);
    }

    public BookingView book(BookingRequest request) {
        requireNonNull(request, "request is null");
        return read(call("POST", "/bookings", request, null), BookingView.class);
    }

    /** The caller's bookings, the latest first. */
    public List<BookingView> listBookings() {
        return read(call("GET", "/bookings", null, null), BOOKINGS);
    }

    public BookingView getBooking(String id) {
        return read(call("GET", "/bookings/" + segment(id), null, null), BookingView.class);
    }

    /** Extends a booking to a new end (a date or ISO time), or by days or hours; exactly one is non-null. */
    public BookingView extendBooking(String id, String end, Integer days, Integer hours) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (end != null) {
            body.put("end", end);
        }
        if (days != null) {
            body.put("days", days);
        }
        if (hours != null) {
            body.put("hours", hours);
        }
        return read(call("POST", "/bookings/" + segment(id) + "/extend", body, null), BookingView.class);
    }

    public BookingView cancelBooking(String id) {
        return read(call("DELETE", "/bookings/" + segment(id), null, null), BookingView.class);
    }

    /** A new secret address for the caller's calendar feed; the previous one stops working. */
    public FeedView rotateCalendarFeed() {
        return read(call("POST", "/bookings/feed", Map.of(), null), FeedView.class);
    }

    /** Joins the queue of a package for {@code days} days or {@code hours} hours. */
    public QueueView joinQueue(String packageName, Integer days, Integer hours, String poolOrNull) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("package", packageName);
        if (days != null) {
            body.put("days", days);
        }
        if (hours != null) {
            body.put("hours", hours);
        }
        if (poolOrNull != null) {
            body.put("pool", poolOrNull);
        }
        return read(call("POST", "/queue", body, null), QueueView.class);
    }

    /** The caller's places in queues. */
    public List<QueueView> listQueue() {
        return read(call("GET", "/queue", null, null), QUEUE);
    }

    public QueueView getQueueEntry(String id) {
        return read(call("GET", "/queue/" + segment(id), null, null), QueueView.class);
    }

    public QueueView leaveQueue(String id) {
        return read(call("DELETE", "/queue/" + segment(id), null, null), QueueView.class);
    }

    /** Takes the offer an entry holds; answers the booking it became. */
    public BookingView acceptOffer(String id) {
        return read(call("POST", "/queue/" + segment(id) + "/accept", Map.of(), null), BookingView.class);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // ---- transport ----

    private HttpResponse<byte[]> call(String method, String path, Object body, String idempotencyKey) {
        URI uri = URI.create(apiRoot + path);
        HttpRequest.Builder request = request(uri).header("Accept", JSON + ", " + PROBLEM_JSON);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", JSON)
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(toJson(body)));
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw unreachable(uri, e);
        } catch (InterruptedException e) {
            throw interrupted(uri, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw failure(uri, response.statusCode(), contentType(response), response.body());
        }
        return response;
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("User-Agent", "berth-client");
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return request;
    }

    private <T> T read(HttpResponse<byte[]> response, Class<T> type) {
        try {
            return json.readValue(response.body(), type);
        } catch (IOException e) {
            throw malformed(response, e);
        }
    }

    private <T> T read(HttpResponse<byte[]> response, TypeReference<T> type) {
        try {
            return json.readValue(response.body(), type);
        } catch (IOException e) {
            throw malformed(response, e);
        }
    }

    private byte[] toJson(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write request body as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private BerthApiException failure(URI uri, int status, String contentType, byte[] body) {
        if (contentType.startsWith(PROBLEM_JSON) || contentType.startsWith(JSON)) {
            try {
                ProblemView problem = json.readValue(body, ProblemView.class);
                if (problem != null && (problem.code() != null || problem.type() != null)) {
                    return BerthApiException.fromProblem(
                            problem.status() == status ? problem : new ProblemView(problem.type(), problem.title(),
                                    status, problem.detail(), problem.code(), problem.instance()));
                }
            } catch (IOException e) {
                // Not a problem document after all; described below by its status.
            }
        }
        return new BerthApiException(status, BerthApiException.UNEXPECTED_RESPONSE, null,
                "HTTP " + status + " from " + uri + " without a problem document", uri.getPath(), null);
    }

    private static BerthApiException malformed(HttpResponse<?> response, IOException e) {
        String reason = e instanceof JsonProcessingException processing ? processing.getOriginalMessage() : e.toString();
        return new BerthApiException(response.statusCode(), BerthApiException.UNEXPECTED_RESPONSE, null,
                "unreadable answer from " + response.uri() + ": " + reason, response.uri().getPath(), e);
    }

    private BerthApiException unreachable(URI uri, IOException e) {
        String reason = e instanceof HttpTimeoutException ? "no answer within " + timeout : reason(e);
        return new BerthApiException(0, BerthApiException.CONNECTION_FAILED, null,
                "cannot reach the Berth server at " + uri + ": " + reason, uri.getPath(), e);
    }

    /** The most telling message in a chain: the JDK's client often wraps "Connection refused" in a bare exception. */
    private static String reason(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                return cause.getMessage();
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.nio.channels.UnresolvedAddressException) {
                return "unknown host";
            }
        }
        return failure instanceof java.net.ConnectException ? "connection refused" : failure.getClass().getSimpleName();
    }

    private static BerthApiException interrupted(URI uri, InterruptedException e) {
        Thread.currentThread().interrupt();
        return new BerthApiException(0, BerthApiException.INTERRUPTED, null,
                "interrupted while waiting for " + uri, uri.getPath(), e);
    }

    private static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    }

    // ---- server-sent events ----

    /** What one connection to the event stream achieved. */
    private static final class Cursor {
        long lastSeq;
        boolean terminal;
        int delivered;
        int connections;
    }

    private void stream(String commandId, long afterSeq, Consumer<EventView> consumer, Deadline deadline) {
        requireNonNull(consumer, "consumer is null");
        if (afterSeq < 0) {
            throw new IllegalArgumentException("afterSeq must not be negative: " + afterSeq);
        }
        URI uri = URI.create(apiRoot + "/commands/" + segment(commandId) + "/events");
        Cursor cursor = new Cursor();
        cursor.lastSeq = afterSeq;
        int fruitless = 0;
        while (true) {
            cursor.delivered = 0;
            IOException broken = null;
            try {
                readStream(uri, cursor, consumer, deadline);
            } catch (IOException e) {
                broken = e;
            }
            if (cursor.terminal) {
                return;
            }
            checkDeadline(uri, deadline);
            if (cursor.delivered > 0) {
                fruitless = 0;
            } else {
                fruitless++;
                // A stream that ends cleanly and brings nothing new is what a server sends for a command
                // that had ended before the events the caller asked for; only the command itself tells.
                if (broken == null && isTerminal(getCommand(commandId))) {
                    return;
                }
            }
            if (fruitless > reconnectAttempts) {
                String reason = broken == null ? "the stream ended before the command did" : reason(broken);
                throw new BerthApiException(0, BerthApiException.CONNECTION_FAILED, null,
                        "lost the event stream at " + uri + " after " + fruitless + " attempts: " + reason,
                        uri.getPath(), broken);
            }
            pause(uri, Math.max(1, fruitless), deadline);
        }
    }

    /** Reads one connection's worth of events; returns when the stream ends, throws when it breaks. */
    private void readStream(URI uri, Cursor cursor, Consumer<EventView> consumer, Deadline deadline)
            throws IOException {
        HttpRequest.Builder request = request(uri)
                .header("Accept", "text/event-stream, " + PROBLEM_JSON)
                .header("Cache-Control", "no-cache")
                .GET();
        if (cursor.lastSeq > 0) {
            request.header("Last-Event-ID", Long.toString(cursor.lastSeq));
        }
        Duration wait = timeout;
        if (deadline != null && remaining(uri, deadline).compareTo(wait) < 0) {
            wait = remaining(uri, deadline);
        }
        request.timeout(wait);
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            // Retrying only makes sense for a stream that worked once; a server that cannot be reached at
            // all is reported at once.
            if (cursor.connections == 0) {
                checkDeadline(uri, deadline);
                throw unreachable(uri, e);
            }
            throw e;
        } catch (InterruptedException e) {
            throw interrupted(uri, e);
        }
        cursor.connections++;
        try (InputStream body = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw failure(uri, response.statusCode(), contentType(response), body.readAllBytes());
            }
            if (deadline != null) {
                // A blocked read cannot watch the clock, so the deadline closes the stream under it.
                CompletableFuture.delayedExecutor(remaining(uri, deadline).toMillis(), TimeUnit.MILLISECONDS)
                        .execute(() -> closeQuietly(body));
            }
            SseParser parser = new SseParser(body);
            SseParser.Event event;
            while ((event = parser.next()) != null) {
                EventView view = toEvent(uri, event);
                if (view.seq() <= cursor.lastSeq) {
                    continue;
                }
                consumer.accept(view);
                cursor.lastSeq = view.seq();
                cursor.delivered++;
                if (EventView.COMMAND.equals(view.type()) && view.state() != null && view.state().isTerminal()) {
                    cursor.terminal = true;
                    return;
                }
            }
        } catch (IOException e) {
            checkDeadline(uri, deadline);
            throw e;
        }
    }

    private EventView toEvent(URI uri, SseParser.Event event) {
        EventView view;
        try {
            view = json.readValue(event.data(), EventView.class);
        } catch (IOException e) {
            throw new BerthApiException(200, BerthApiException.UNEXPECTED_RESPONSE, null,
                    "unreadable event from " + uri + ": " + event.data(), uri.getPath(), e);
        }
        long seq = view.seq();
        if (seq == 0 && event.id() != null) {
            try {
                seq = Long.parseLong(event.id().trim());
            } catch (NumberFormatException e) {
                seq = 0;
            }
        }
        String type = view.type() != null ? view.type() : event.name();
        if (seq == view.seq() && type.equals(view.type())) {
            return view;
        }
        return new EventView(seq, view.at(), type, view.task(), view.taskName(), view.state(), view.stateCode(),
                view.attempt(), view.message());
    }

    /** Waits before reconnect {@code attempt} (from 1): the delay doubles up to 32 times the first. */
    private void pause(URI uri, int attempt, Deadline deadline) {
        long millis = reconnectDelay.toMillis() << Math.min(attempt - 1, 5);
        if (deadline != null) {
            millis = Math.min(millis, Math.max(0, remaining(uri, deadline).toMillis()));
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw interrupted(uri, e);
        }
    }

    private static Duration remaining(URI uri, Deadline deadline) {
        Duration remaining = deadline.remaining();
        if (deadline.passed()) {
            throw timedOut(uri);
        }
        return remaining;
    }

    private static void checkDeadline(URI uri, Deadline deadline) {
        if (deadline != null && deadline.passed()) {
            throw timedOut(uri);
        }
    }

    /** A point in time measured on the monotonic clock, which wall-clock adjustments do not move. */
    private static final class Deadline {
        private final long nanos;

        private Deadline(long nanos) {
            this.nanos = nanos;
        }

        static Deadline after(Duration timeout) {
            return new Deadline(System.nanoTime() + timeout.toNanos());
        }

        Duration remaining() {
            return Duration.ofNanos(nanos - System.nanoTime());
        }

        boolean passed() {
            return nanos - System.nanoTime() <= 0;
        }
    }

    private static BerthApiException timedOut(URI uri) {
        return new BerthApiException(0, BerthApiException.TIMEOUT, null,
                "the command had not finished when the wait ended (" + uri + ")", uri.getPath(), null);
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // The reader sees the stream end either way.
        }
    }

    private static boolean isTerminal(CommandView command) {
        return command.state() != null && command.state().isTerminal();
    }

    // ---- addresses ----

    private static String segment(String value) {
        requireNonNull(value, "path segment is null");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("path segment is empty");
        }
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String apiRoot(URI baseUri) {
        String root = baseUri.toString();
        while (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        return root.endsWith(API_PREFIX) ? root : root + API_PREFIX;
    }

    /** Builds a {@link BerthClient}. */
    public static final class Builder {
        private URI baseUri;
        private String apiKey;
        private Duration timeout = Duration.ofSeconds(30);
        private int reconnectAttempts = 5;
        private Duration reconnectDelay = Duration.ofMillis(250);

        private Builder() {
        }

        /**
         * The server, e.g. {@code http://localhost:8080}; a path prefix (a server behind a proxy) is kept,
         * and {@code /api/v1} is appended unless the address already ends with it.
         *
         * @throws IllegalArgumentException unless the scheme is http or https and a host is named
         */
        public Builder baseUri(URI baseUri) {
            requireNonNull(baseUri, "baseUri is null");
            String scheme = baseUri.getScheme() == null ? "" : baseUri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || baseUri.getHost() == null) {
                throw new IllegalArgumentException("the server address must be an http:// or https:// URL: " + baseUri);
            }
            if (baseUri.getQuery() != null || baseUri.getFragment() != null) {
                throw new IllegalArgumentException("the server address may not have a query or fragment: " + baseUri);
            }
            this.baseUri = baseUri;
            return this;
        }

        /** The API key sent as bearer token, or {@code null} to send none (every route then answers 401). */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
            return this;
        }

        /**
         * How long to wait for a connection and for each answer (not for an event stream, which lasts as
         * long as its command). Default 30 seconds.
         */
        public Builder timeout(Duration timeout) {
            requireNonNull(timeout, "timeout is null");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * How often in a row an event stream is reopened without receiving a new event before
         * {@link #events} gives up. Default 5.
         */
        public Builder reconnectAttempts(int reconnectAttempts) {
            if (reconnectAttempts < 0) {
                throw new IllegalArgumentException("reconnectAttempts must not be negative: " + reconnectAttempts);
            }
            this.reconnectAttempts = reconnectAttempts;
            return this;
        }

        /** The wait before reopening an event stream, doubled for each further attempt. Default 250 ms. */
        public Builder reconnectDelay(Duration reconnectDelay) {
            requireNonNull(reconnectDelay, "reconnectDelay is null");
            if (reconnectDelay.isNegative()) {
                throw new IllegalArgumentException("reconnectDelay must not be negative: " + reconnectDelay);
            }
            this.reconnectDelay = reconnectDelay;
            return this;
        }

        /** @throws IllegalStateException when no base URI was given */
        public BerthClient build() {
            if (baseUri == null) {
                throw new IllegalStateException("baseUri is required");
            }
            return new BerthClient(this);
        }
    }
}
