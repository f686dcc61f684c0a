package io.berth.provisioning.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * An in-process OpenStack cloud for tests, on the JDK's HTTP server: Keystone v3 token issuance with a
 * service catalog (compute, container-infra, reservation), Nova (servers, flavors, images, key pairs,
 * hypervisor statistics, limits), Magnum (cluster templates, clusters, certificates) and Blazar (leases).
 * Bodies are shaped as in the OpenStack API reference.
 *
 * <p>Objects change status asynchronously, driven by the reads of the client: a server is {@code BUILD}
 * and a cluster {@code CREATE_IN_PROGRESS} until it has been read {@link #readsToSettle(int)} times, then
 * becomes {@code ACTIVE}/{@code CREATE_COMPLETE}, or {@code ERROR}/{@code CREATE_FAILED} with a fault when
 * the test asked for that. Deleting works the same way: the object answers a few more reads, then 404.
 * Images decide the fate of servers: {@link #FAILING_IMAGE} ends in {@code ERROR}, {@link #STUCK_IMAGE}
 * never leaves {@code BUILD}. Thread safe.
 *
 * <pre>{@code
 * try (FakeOpenStack cloud = FakeOpenStack.start()) {
 *     Map<String, String> settings = cloud.providerSettings();   // auth.url, application credential, ...
 *     TestProviderContext context = TestProviderContext.builder()
 *             .secret("openstack-app-secret", FakeOpenStack.APPLICATION_SECRET).build();
 * }
 * }</pre>
 */
public final class FakeOpenStack implements AutoCloseable {

    public static final String APPLICATION_CREDENTIAL_ID = "berth-credential";
    public static final String APPLICATION_SECRET = "fake-application-secret";
    public static final String USERNAME = "berth";
    public static final String PASSWORD = "fake-password";
    public static final String PROJECT_NAME = "berth-project";
    public static final String REGION = "RegionOne";
    public static final String IMAGE = "ubuntu-22.04";
    public static final String FAILING_IMAGE = "broken-image";
    public static final String STUCK_IMAGE = "stuck-image";
    public static final String TEMPLATE = "k8s-template";
    public static final String CA_PEM = "-----BEGIN CERTIFICATE-----\nRmFrZSBjbHVzdGVyIGF1dGhvcml0eQ==\n-----END CERTIFICATE-----\n";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    /** Unique per fake: openstack4j caches endpoints by project id for the life of the JVM. */
    private final String projectId = UUID.randomUUID().toString().replace("-", "");
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Map<String, ObjectNode> flavors = new LinkedHashMap<>();
    private final Map<String, String> images = new LinkedHashMap<>();
    private final Map<String, FakeServer> servers = new LinkedHashMap<>();
    private final Map<String, ObjectNode> keypairs = new LinkedHashMap<>();
    private final Map<String, FakeCluster> clusters = new LinkedHashMap<>();
    private final Map<String, ObjectNode> templates = new LinkedHashMap<>();
    private final Map<String, FakeLease> leases = new LinkedHashMap<>();
    private final List<String> csrs = new ArrayList<>();
    private final List<String> requests = new ArrayList<>();
    private ObjectNode statistics;
    private ObjectNode limits;
    private int readsToSettle = 2;
    private String clusterFailure;
    private boolean loseNextCreateAnswer;
    private boolean blazar = true;
    private int logins;

    /** A server as the fake keeps it. */
    public record ServerView(String id, String name, String status, Map<String, String> metadata, String flavorId,
                             String imageId, String keyName, String userData, List<String> networks,
                             List<String> securityGroups) {
    }

    /** A cluster as the fake keeps it. */
    public record ClusterView(String uuid, String name, String status, int nodeCount, int masterCount,
                              String flavorId, String keypair, Map<String, String> labels, boolean mergeLabels) {
    }

    /** A lease as the fake keeps it. */
    public record LeaseView(String id, String name, String status, String startDate, String endDate, int hosts,
                            String hypervisorProperties) {
    }

    private static final class FakeServer {
        final ObjectNode body;
        int reads;
        boolean deleting;
        int readsSinceDelete;

        FakeServer(ObjectNode body) {
            this.body = body;
        }
    }

    private static final class FakeCluster {
        final ObjectNode body;
        final boolean mergeLabels;
        int reads;
        int readsSinceDelete;

        FakeCluster(ObjectNode body, boolean mergeLabels) {
            this.body = body;
            this.mergeLabels = mergeLabels;
        }
    }

    private static final class FakeLease {
        final ObjectNode body;
        int reads;
        int readsSinceDelete = -1;

        FakeLease(ObjectNode body) {
            this.body = body;
        }
    }

    private FakeOpenStack() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        flavor("f-small", "m1.small", 2, 4096, 20);
        flavor("f-medium", "m1.medium", 4, 8192, 40);
        flavor("f-large", "m1.large", 8, 16384, 80);
        images.put("img-ubuntu", IMAGE);
        images.put("img-broken", FAILING_IMAGE);
        images.put("img-stuck", STUCK_IMAGE);
        ObjectNode template = JSON.createObjectNode().put("uuid", "tpl-" + UUID.randomUUID()).put("name", TEMPLATE)
                .put("coe", "kubernetes").put("flavor_id", "m1.medium").put("master_flavor_id", "m1.small")
                .put("keypair_id", "operator-key").put("image_id", "fedora-coreos");
        template.putObject("labels").put("kube_tag", "v1.30.1");
        templates.put(template.get("uuid").asText(), template);
        hypervisors(3, 48, 196608, 1500);
        quota(40, 163840, 20);
    }

    /** Starts a fake on a free port of the loopback interface. */
    public static FakeOpenStack start() {
        try {
            FakeOpenStack fake = new FakeOpenStack();
            fake.server.start();
            return fake;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake OpenStack", e);
        }
    }

    /** Keystone's v3 URL. */
    public String authUrl() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/identity/v3";
    }

    private String base() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    /**
     * Settings for the provider against this fake: application credential (its secret under
     * {@code openstack-app-secret}), region, image, network, security group, the cluster template, a 50 ms
     * poll interval and Blazar enabled.
     */
    public Map<String, String> providerSettings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("auth.url", authUrl());
        settings.put("region", REGION);
        settings.put("application.credential.id", APPLICATION_CREDENTIAL_ID);
        settings.put("image", IMAGE);
        settings.put("network", "net-berth");
        settings.put("security.group", "berth-ssh");
        settings.put("cluster.template", TEMPLATE);
        settings.put("poll.interval", "50ms");
        settings.put("blazar.enabled", "true");
        return settings;
    }

    // ------------------------------------------------------------------ set-up by tests

    /** How many reads an object answers with its transitional status before it settles (default 2). */
    public synchronized FakeOpenStack readsToSettle(int reads) {
        this.readsToSettle = reads;
        return this;
    }

    /** New clusters end in CREATE_FAILED with this {@code status_reason}; null: they complete. */
    public synchronized FakeOpenStack failClusters(String statusReason) {
        this.clusterFailure = statusReason;
        return this;
    }

    /**
     * The next create (server, cluster or lease) is carried out but answered with 500, as when the caller
     * crashes or the connection drops after the cloud acted and before the caller recorded it.
     */
    public synchronized FakeOpenStack loseNextCreateAnswer() {
        this.loseNextCreateAnswer = true;
        return this;
    }

    /** Sets the hypervisor statistics: how many, and their total vCPUs, memory (MiB) and local disk (GiB). */
    public synchronized FakeOpenStack hypervisors(int count, int vcpus, int memoryMb, int localGb) {
        statistics = JSON.createObjectNode().put("count", count).put("vcpus", vcpus).put("vcpus_used", vcpus / 4)
                .put("memory_mb", memoryMb).put("memory_mb_used", memoryMb / 4).put("free_ram_mb", memoryMb - memoryMb / 4)
                .put("local_gb", localGb).put("local_gb_used", localGb / 10).put("free_disk_gb", localGb - localGb / 10)
                .put("disk_available_least", localGb - localGb / 10).put("current_workload", 0)
                .put("running_vms", count * 2);
        return this;
    }

    /** Sets the project's absolute limits; -1 means unlimited. */
    public synchronized FakeOpenStack quota(int maxTotalCores, int maxTotalRamMb, int maxTotalInstances) {
        ObjectNode absolute = JSON.createObjectNode().put("maxTotalCores", maxTotalCores)
                .put("maxTotalRAMSize", maxTotalRamMb).put("maxTotalInstances", maxTotalInstances)
                .put("totalCoresUsed", 4).put("totalRAMUsed", 8192).put("totalInstancesUsed", 2)
                .put("maxServerMeta", 128).put("maxImageMeta", 128).put("maxPersonality", 5)
                .put("maxPersonalitySize", 10240).put("maxTotalKeypairs", 100).put("maxSecurityGroups", 10)
                .put("maxSecurityGroupRules", 20).put("maxTotalFloatingIps", 10).put("maxServerGroups", 10)
                .put("maxServerGroupMembers", 10).put("totalFloatingIpsUsed", 0).put("totalSecurityGroupsUsed", 1)
                .put("totalServerGroupsUsed", 0);
        limits = JSON.createObjectNode();
        ObjectNode inner = limits.putObject("limits");
        inner.putArray("rate");
        inner.set("absolute", absolute);
        return this;
    }

    /** Removes Blazar from the catalog, as on a cloud that does not run it. */
    public synchronized FakeOpenStack withoutBlazar() {
        this.blazar = false;
        return this;
    }

    private void flavor(String id, String name, int vcpus, int ram, int disk) {
        ObjectNode flavor = JSON.createObjectNode().put("id", id).put("name", name).put("vcpus", vcpus).put("ram", ram)
                .put("disk", disk).put("swap", "").put("OS-FLV-EXT-DATA:ephemeral", 0).put("rxtx_factor", 1.0)
                .put("os-flavor-access:is_public", true);
        flavor.putArray("links");
        flavors.put(id, flavor);
    }

    // ------------------------------------------------------------------ inspection by tests

    /** The servers the fake holds now, in the order they were asked for (deleted ones are gone). */
    public synchronized List<ServerView> servers() {
        List<ServerView> views = new ArrayList<>();
        for (FakeServer fake : servers.values()) {
            ObjectNode body = fake.body;
            Map<String, String> metadata = new LinkedHashMap<>();
            body.path("metadata").fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
            List<String> networks = new ArrayList<>();
            body.path("x-networks").forEach(n -> networks.add(n.asText()));
            List<String> groups = new ArrayList<>();
            body.path("security_groups").forEach(g -> groups.add(g.path("name").asText()));
            views.add(new ServerView(body.path("id").asText(), body.path("name").asText(), body.path("status").asText(),
                    metadata, body.path("flavor").path("id").asText(), body.path("image").path("id").asText(),
                    body.path("key_name").asText(null), body.path("x-user-data").asText(null), networks, groups));
        }
        return views;
    }

    /** The clusters the fake holds now, in the order they were asked for. */
    public synchronized List<ClusterView> clusters() {
        List<ClusterView> views = new ArrayList<>();
        for (FakeCluster fake : clusters.values()) {
            ObjectNode body = fake.body;
            Map<String, String> labels = new LinkedHashMap<>();
            body.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            views.add(new ClusterView(body.path("uuid").asText(), body.path("name").asText(), body.path("status").asText(),
                    body.path("node_count").asInt(), body.path("master_count").asInt(), body.path("flavor_id").asText(null),
                    body.path("keypair").asText(null), labels, fake.mergeLabels));
        }
        return views;
    }

    /** The leases the fake holds now, in the order they were asked for. */
    public synchronized List<LeaseView> leases() {
        List<LeaseView> views = new ArrayList<>();
        for (FakeLease fake : leases.values()) {
            ObjectNode body = fake.body;
            JsonNode reservation = body.path("reservations").path(0);
            views.add(new LeaseView(body.path("id").asText(), body.path("name").asText(), body.path("status").asText(),
                    body.path("start_date").asText(), body.path("end_date").asText(), reservation.path("max").asInt(),
                    reservation.path("hypervisor_properties").asText()));
        }
        return views;
    }

    /** Key pair name to public key. */
    public synchronized Map<String, String> keypairs() {
        Map<String, String> view = new LinkedHashMap<>();
        keypairs.forEach((name, keypair) -> view.put(name, keypair.path("public_key").asText()));
        return view;
    }

    /** The certificate requests (PEM) Magnum was asked to sign, in order. */
    public synchronized List<String> certificateRequests() {
        return List.copyOf(csrs);
    }

    /** "METHOD path" of every request, in order. */
    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    /** How many tokens Keystone issued. */
    public synchronized int logins() {
        return logins;
    }

    /** The certificate the fake issues for a request: a marker followed by the request's own bytes. */
    public static String certificateFor(String csrPem) {
        String base64 = csrPem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] request = Base64.getDecoder().decode(base64);
        byte[] marker = "signed-by-fake-ca:".getBytes(StandardCharsets.US_ASCII);
        byte[] content = new byte[marker.length + request.length];
        System.arraycopy(marker, 0, content, 0, marker.length);
        System.arraycopy(request, 0, content, marker.length, request.length);
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(content)
                + "\n-----END CERTIFICATE-----\n";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------ HTTP

    private record Reply(int status, JsonNode body, Map<String, String> headers) {
        static Reply of(int status, JsonNode body) {
            return new Reply(status, body, Map.of());
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        Reply reply;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            JsonNode body = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
            URI uri = exchange.getRequestURI();
            String method = exchange.getRequestMethod();
            String path = uri.getRawPath();
            Map<String, String> query = query(uri.getRawQuery());
            synchronized (this) {
                requests.add(method + " " + path);
                if (path.equals("/identity/v3/auth/tokens") && method.equals("POST")) {
                    reply = login(body);
                } else if (!tokens.contains(String.valueOf(exchange.getRequestHeaders().getFirst("X-Auth-Token")))) {
                    reply = Reply.of(401, error("error", 401, "The request you have made requires authentication."));
                } else if (path.startsWith("/compute/v2.1/")) {
                    reply = nova(method, path.substring("/compute/v2.1".length()), query, body);
                } else if (path.startsWith("/magnum/v1/")) {
                    reply = magnum(method, path.substring("/magnum/v1".length()), body);
                } else if (path.startsWith("/blazar/v1/") && blazar) {
                    reply = blazar(method, path.substring("/blazar/v1".length()), body);
                } else {
                    reply = Reply.of(404, error("itemNotFound", 404, "no such resource: " + path));
                }
            }
        } catch (RuntimeException e) {
            reply = Reply.of(500, error("computeFault", 500, "fake failure: " + e));
        }
        byte[] out = reply.body() == null ? new byte[0] : JSON.writeValueAsBytes(reply.body());
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        if (out.length > 0) {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    private static ObjectNode error(String kind, int code, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.putObject(kind).put("code", code).put("message", message);
        return error;
    }

    private boolean takeLostAnswer() {
        boolean lose = loseNextCreateAnswer;
        loseNextCreateAnswer = false;
        return lose;
    }

    // ------------------------------------------------------------------ Keystone

    private Reply login(JsonNode body) {
        JsonNode identity = body.path("auth").path("identity");
        String method = identity.path("methods").path(0).asText();
        boolean ok = switch (method) {
            case "application_credential" -> APPLICATION_CREDENTIAL_ID.equals(identity.path("application_credential").path("id").asText())
                    && APPLICATION_SECRET.equals(identity.path("application_credential").path("secret").asText());
            case "password" -> {
                JsonNode user = identity.path("password").path("user");
                JsonNode project = body.path("auth").path("scope").path("project");
                yield USERNAME.equals(user.path("name").asText()) && PASSWORD.equals(user.path("password").asText())
                        && (PROJECT_NAME.equals(project.path("name").asText()) || projectId.equals(project.path("id").asText()));
            }
            default -> false;
        };
        if (!ok) {
            return Reply.of(401, error("error", 401, "The request you have made requires authentication."));
        }
        logins++;
        String token = "gAAAA" + UUID.randomUUID().toString().replace("-", "");
        tokens.add(token);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ObjectNode reply = JSON.createObjectNode();
        ObjectNode t = reply.putObject("token");
        t.putArray("methods").add(method);
        t.put("expires_at", now.plus(1, ChronoUnit.HOURS).toString().replace("Z", ".000000Z"));
        t.put("issued_at", now.toString().replace("Z", ".000000Z"));
        t.putArray("audit_ids").add("fake-audit");
        ObjectNode project = t.putObject("project").put("id", projectId).put("name", PROJECT_NAME);
        project.putObject("domain").put("id", "default").put("name", "Default");
        ObjectNode user = t.putObject("user").put("id", "user-berth").put("name", USERNAME);
        user.putObject("domain").put("id", "default").put("name", "Default");
        t.putArray("roles").addObject().put("id", "role-member").put("name", "member");
        ArrayNode catalog = t.putArray("catalog");
        service(catalog, "compute", "nova", base() + "/compute/v2.1");
        service(catalog, "container-infra", "magnum", base() + "/magnum/v1");
        if (blazar) {
            service(catalog, "reservation", "blazar", base() + "/blazar/v1");
        }
        return new Reply(201, reply, Map.of("X-Subject-Token", token));
    }

    private static void service(ArrayNode catalog, String type, String name, String url) {
        ObjectNode service = catalog.addObject().put("id", "svc-" + name).put("type", type).put("name", name);
        ArrayNode endpoints = service.putArray("endpoints");
        endpoints.addObject().put("id", "ep-" + name + "-internal").put("interface", "internal").put("region", REGION)
                .put("region_id", REGION).put("url", "http://internal.invalid/" + name);
        endpoints.addObject().put("id", "ep-" + name + "-public").put("interface", "public").put("region", REGION)
                .put("region_id", REGION).put("url", url);
    }

    // ------------------------------------------------------------------ Nova

    private Reply nova(String method, String path, Map<String, String> query, JsonNode body) {
        String[] parts = path.substring(1).split("/");
        String collection = parts[0];
        switch (method + " " + collection) {
            case "GET flavors": {
                ObjectNode reply = JSON.createObjectNode();
                ArrayNode list = reply.putArray("flavors");
                flavors.values().forEach(list::add);
                return Reply.of(200, reply);
            }
            case "GET images": {
                ObjectNode reply = JSON.createObjectNode();
                ArrayNode list = reply.putArray("images");
                images.forEach((id, name) -> list.addObject().put("id", id).put("name", name).put("status", "ACTIVE")
                        .put("minDisk", 0).put("minRam", 0).put("progress", 100).putObject("metadata"));
                return Reply.of(200, reply);
            }
            case "GET os-hypervisors": {
                ObjectNode reply = JSON.createObjectNode();
                reply.set("hypervisor_statistics", statistics);
                return Reply.of(200, reply);
            }
            case "GET limits":
                return Reply.of(200, limits);
            case "GET os-keypairs": {
                if (parts.length == 2) {
                    ObjectNode keypair = keypairs.get(parts[1]);
                    if (keypair == null) {
                        return Reply.of(404, error("itemNotFound", 404, "Keypair " + parts[1] + " not found for user user-berth"));
                    }
                    ObjectNode reply = JSON.createObjectNode();
                    reply.set("keypair", keypair);
                    return Reply.of(200, reply);
                }
                ObjectNode reply = JSON.createObjectNode();
                ArrayNode list = reply.putArray("keypairs");
                keypairs.values().forEach(k -> list.addObject().set("keypair", k));
                return Reply.of(200, reply);
            }
            case "POST os-keypairs": {
                JsonNode requested = body.path("keypair");
                String name = requested.path("name").asText();
                if (keypairs.containsKey(name)) {
                    return Reply.of(409, error("conflictingRequest", 409, "Key pair '" + name + "' already exists."));
                }
                ObjectNode keypair = JSON.createObjectNode().put("name", name)
                        .put("public_key", requested.path("public_key").asText())
                        .put("fingerprint", "fa:ke:" + Integer.toHexString(name.hashCode())).put("user_id", "user-berth")
                        .put("type", "ssh");
                keypairs.put(name, keypair);
                ObjectNode reply = JSON.createObjectNode();
                reply.set("keypair", keypair);
                return Reply.of(200, reply);
            }
            case "DELETE os-keypairs":
                return keypairs.remove(parts[1]) == null
                        ? Reply.of(404, error("itemNotFound", 404, "Keypair " + parts[1] + " not found"))
                        : Reply.of(202, null);
            case "POST servers":
                return bootServer(body.path("server"));
            case "GET servers":
                if (parts.length == 2 && parts[1].equals("detail")) {
                    return listServers(query);
                }
                return readServer(parts[1]);
            case "DELETE servers": {
                FakeServer fake = servers.get(parts[1]);
                if (fake == null) {
                    return Reply.of(404, error("itemNotFound", 404, "Instance " + parts[1] + " could not be found."));
                }
                fake.deleting = true;
                fake.body.put("OS-EXT-STS:task_state", "deleting");
                return Reply.of(204, null);
            }
            default:
                return Reply.of(404, error("itemNotFound", 404, "no such Nova resource: " + method + " " + path));
        }
    }

    private Reply bootServer(JsonNode requested) {
        String id = UUID.randomUUID().toString();
        String imageRef = requested.path("imageRef").asText();
        if (!images.containsKey(imageRef)) {
            return Reply.of(400, error("badRequest", 400, "Can not find requested image"));
        }
        if (!flavors.containsKey(requested.path("flavorRef").asText())) {
            return Reply.of(400, error("badRequest", 400, "Flavor " + requested.path("flavorRef").asText() + " could not be found."));
        }
        ObjectNode server = JSON.createObjectNode().put("id", id).put("name", requested.path("name").asText())
                .put("status", "BUILD").put("tenant_id", projectId).put("user_id", "user-berth")
                .put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("updated", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("hostId", "").put("progress", 0).put("OS-EXT-STS:vm_state", "building")
                .put("OS-EXT-STS:task_state", "scheduling").put("OS-EXT-STS:power_state", 0);
        server.putObject("image").put("id", imageRef);
        server.putObject("flavor").put("id", requested.path("flavorRef").asText());
        server.set("metadata", requested.path("metadata").isObject() ? requested.get("metadata") : JSON.createObjectNode());
        server.putObject("addresses");
        server.putArray("links");
        if (requested.hasNonNull("key_name")) {
            server.put("key_name", requested.path("key_name").asText());
        }
        ArrayNode groups = server.putArray("security_groups");
        requested.path("security_groups").forEach(g -> groups.addObject().put("name", g.path("name").asText()));
        ArrayNode networks = server.putArray("x-networks");
        requested.path("networks").forEach(n -> networks.add(n.path("uuid").asText()));
        if (requested.hasNonNull("user_data")) {
            server.put("x-user-data", new String(Base64.getDecoder().decode(requested.path("user_data").asText()),
                    StandardCharsets.UTF_8));
        }
        servers.put(id, new FakeServer(server));
        if (takeLostAnswer()) {
            return Reply.of(500, error("computeFault", 500, "The server has either erred or is incapable of performing the requested operation."));
        }
        ObjectNode reply = JSON.createObjectNode();
        reply.putObject("server").put("id", id).put("adminPass", "fake-admin-pass").put("OS-DCF:diskConfig", "MANUAL")
                .putArray("links");
        return Reply.of(202, reply);
    }

    private Reply listServers(Map<String, String> query) {
        Pattern name = query.containsKey("name") ? Pattern.compile(query.get("name")) : null;
        ObjectNode reply = JSON.createObjectNode();
        ArrayNode list = reply.putArray("servers");
        for (FakeServer fake : List.copyOf(servers.values())) {
            if (name == null || name.matcher(fake.body.path("name").asText()).find()) {
                list.add(publicView(fake.body));
            }
        }
        return Reply.of(200, reply);
    }

    private Reply readServer(String id) {
        FakeServer fake = servers.get(id);
        if (fake == null) {
            return Reply.of(404, error("itemNotFound", 404, "Instance " + id + " could not be found."));
        }
        if (fake.deleting) {
            if (++fake.readsSinceDelete > readsToSettle) {
                servers.remove(id);
                return Reply.of(404, error("itemNotFound", 404, "Instance " + id + " could not be found."));
            }
        } else if (fake.body.path("status").asText().equals("BUILD") && ++fake.reads >= readsToSettle) {
            String image = images.get(fake.body.path("image").path("id").asText());
            if (FAILING_IMAGE.equals(image)) {
                fake.body.put("status", "ERROR").put("OS-EXT-STS:vm_state", "error").putNull("OS-EXT-STS:task_state");
                fake.body.putObject("fault").put("code", 500).put("created", Instant.now().toString())
                        .put("message", "No valid host was found. There are not enough hosts available.");
            } else if (!STUCK_IMAGE.equals(image)) {
                fake.body.put("status", "ACTIVE").put("OS-EXT-STS:vm_state", "active").putNull("OS-EXT-STS:task_state")
                        .put("progress", 100);
                fake.body.putObject("addresses").putArray("berth-net").addObject().put("addr", "10.0.0." + servers.size())
                        .put("version", 4);
            }
        }
        ObjectNode reply = JSON.createObjectNode();
        reply.set("server", publicView(fake.body));
        return Reply.of(200, reply);
    }

    private static ObjectNode publicView(ObjectNode body) {
        ObjectNode view = body.deepCopy();
        view.remove("x-networks");
        view.remove("x-user-data");
        return view;
    }

    // ------------------------------------------------------------------ Magnum

    private Reply magnum(String method, String path, JsonNode body) {
        String[] parts = path.substring(1).split("/");
        switch (method + " " + parts[0]) {
            case "GET clustertemplates": {
                for (ObjectNode template : templates.values()) {
                    if (parts.length == 2 && (template.path("uuid").asText().equals(parts[1])
                            || template.path("name").asText().equals(parts[1]))) {
                        return Reply.of(200, template);
                    }
                }
                return Reply.of(404, magnumError(404, "ClusterTemplate " + (parts.length == 2 ? parts[1] : "") + " could not be found."));
            }
            case "GET clusters": {
                if (parts.length == 1) {
                    ObjectNode reply = JSON.createObjectNode();
                    ArrayNode list = reply.putArray("clusters");
                    for (FakeCluster fake : clusters.values()) {
                        ObjectNode summary = list.addObject();
                        for (String field : List.of("uuid", "name", "status", "cluster_template_id", "node_count",
                                "master_count", "keypair", "health_status", "create_timeout", "stack_id")) {
                            if (fake.body.has(field)) {
                                summary.set(field, fake.body.get(field));
                            }
                        }
                        summary.putArray("links");
                    }
                    return Reply.of(200, reply);
                }
                return readCluster(parts[1]);
            }
            case "POST clusters":
                return createCluster(body);
            case "DELETE clusters": {
                FakeCluster fake = clusters.get(parts[1]);
                if (fake == null) {
                    return Reply.of(404, magnumError(404, "Cluster " + parts[1] + " could not be found."));
                }
                fake.body.put("status", "DELETE_IN_PROGRESS");
                return Reply.of(204, null);
            }
            case "GET certificates": {
                if (!clusters.containsKey(parts[1])) {
                    return Reply.of(404, magnumError(404, "Cluster " + parts[1] + " could not be found."));
                }
                return Reply.of(200, JSON.createObjectNode().put("cluster_uuid", parts[1]).put("pem", CA_PEM));
            }
            case "POST certificates": {
                String uuid = body.path("cluster_uuid").asText();
                String csr = body.path("csr").asText();
                if (!clusters.containsKey(uuid) || !csr.startsWith("-----BEGIN CERTIFICATE REQUEST-----")) {
                    return Reply.of(400, magnumError(400, "Invalid cluster or certificate request"));
                }
                csrs.add(csr);
                return Reply.of(201, JSON.createObjectNode().put("cluster_uuid", uuid).put("csr", csr)
                        .put("pem", certificateFor(csr)));
            }
            default:
                return Reply.of(404, magnumError(404, "no such Magnum resource: " + method + " " + path));
        }
    }

    private static ObjectNode magnumError(int status, String detail) {
        ObjectNode error = JSON.createObjectNode();
        error.putArray("errors").addObject().put("status", status).put("code", "client").put("title", detail)
                .put("detail", detail).put("request_id", "");
        return error;
    }

    private Reply createCluster(JsonNode requested) {
        ObjectNode template = null;
        for (ObjectNode candidate : templates.values()) {
            if (candidate.path("uuid").asText().equals(requested.path("cluster_template_id").asText())) {
                template = candidate;
            }
        }
        if (template == null) {
            return Reply.of(400, magnumError(400, "ClusterTemplate " + requested.path("cluster_template_id").asText()
                    + " could not be found."));
        }
        String uuid = UUID.randomUUID().toString();
        ObjectNode cluster = JSON.createObjectNode().put("uuid", uuid).put("name", requested.path("name").asText())
                .put("status", "CREATE_IN_PROGRESS").put("status_reason", "Stack CREATE started")
                .put("cluster_template_id", template.path("uuid").asText())
                .put("node_count", requested.path("node_count").asInt(1))
                .put("master_count", requested.path("master_count").asInt(1))
                .put("flavor_id", requested.path("flavor_id").asText(template.path("flavor_id").asText()))
                .put("master_flavor_id", template.path("master_flavor_id").asText())
                .put("keypair", requested.path("keypair").asText(template.path("keypair_id").asText()))
                .put("create_timeout", requested.path("create_timeout").asInt(60))
                .put("stack_id", UUID.randomUUID().toString()).put("coe_version", "v1.30.1")
                .put("health_status", "UNKNOWN").putNull("api_address");
        ObjectNode labels = cluster.putObject("labels");
        boolean merge = requested.path("merge_labels").asBoolean(false);
        if (merge) {
            labels.setAll((ObjectNode) template.path("labels"));
        }
        if (requested.path("labels").isObject()) {
            labels.setAll((ObjectNode) requested.get("labels"));
        }
        cluster.putArray("node_addresses");
        cluster.putArray("master_addresses");
        clusters.put(uuid, new FakeCluster(cluster, merge));
        if (takeLostAnswer()) {
            return Reply.of(500, magnumError(500, "Internal Server Error"));
        }
        return Reply.of(202, JSON.createObjectNode().put("uuid", uuid));
    }

    private Reply readCluster(String uuid) {
        FakeCluster fake = clusters.get(uuid);
        if (fake == null) {
            return Reply.of(404, magnumError(404, "Cluster " + uuid + " could not be found."));
        }
        String status = fake.body.path("status").asText();
        if (status.equals("DELETE_IN_PROGRESS")) {
            if (++fake.readsSinceDelete > readsToSettle) {
                clusters.remove(uuid);
                return Reply.of(404, magnumError(404, "Cluster " + uuid + " could not be found."));
            }
        } else if (status.equals("CREATE_IN_PROGRESS")) {
            fake.reads++;
            ArrayNode nodes = (ArrayNode) fake.body.get("node_addresses");
            if (nodes.size() < fake.body.path("node_count").asInt() && fake.reads < readsToSettle && clusterFailure == null) {
                nodes.add("10.0.1." + (nodes.size() + 10));
            }
            if (fake.reads >= readsToSettle) {
                if (clusterFailure != null) {
                    fake.body.put("status", "CREATE_FAILED").put("status_reason", clusterFailure);
                } else {
                    while (nodes.size() < fake.body.path("node_count").asInt()) {
                        nodes.add("10.0.1." + (nodes.size() + 10));
                    }
                    fake.body.put("status", "CREATE_COMPLETE").put("status_reason", "Stack CREATE completed successfully")
                            .put("health_status", "HEALTHY").put("api_address", "https://172.24.4.10:6443");
                    ((ArrayNode) fake.body.get("master_addresses")).add("172.24.4.10");
                }
            }
        }
        return Reply.of(200, fake.body.deepCopy());
    }

    // ------------------------------------------------------------------ Blazar

    private Reply blazar(String method, String path, JsonNode body) {
        String[] parts = path.substring(1).split("/");
        if (!parts[0].equals("leases")) {
            return Reply.of(404, JSON.createObjectNode().put("error_code", 404).put("error_message", "Not found"));
        }
        switch (method) {
            case "GET": {
                if (parts.length == 1) {
                    ObjectNode reply = JSON.createObjectNode();
                    ArrayNode list = reply.putArray("leases");
                    leases.values().forEach(fake -> list.add(fake.body.deepCopy()));
                    return Reply.of(200, reply);
                }
                FakeLease fake = leases.get(parts[1]);
                if (fake == null) {
                    return Reply.of(404, JSON.createObjectNode().put("error_code", 404)
                            .put("error_message", "Object with {'lease_id': '" + parts[1] + "'} not found"));
                }
                if (fake.readsSinceDelete >= 0) {
                    if (++fake.readsSinceDelete > readsToSettle) {
                        leases.remove(parts[1]);
                        return Reply.of(404, JSON.createObjectNode().put("error_code", 404)
                                .put("error_message", "Object with {'lease_id': '" + parts[1] + "'} not found"));
                    }
                } else if (fake.body.path("status").asText().equals("CREATING") && ++fake.reads >= readsToSettle) {
                    fake.body.put("status", "PENDING");
                }
                ObjectNode reply = JSON.createObjectNode();
                reply.set("lease", fake.body.deepCopy());
                return Reply.of(200, reply);
            }
            case "POST": {
                String id = UUID.randomUUID().toString();
                ObjectNode lease = JSON.createObjectNode().put("id", id).put("name", body.path("name").asText())
                        .put("status", "CREATING").put("start_date", body.path("start_date").asText())
                        .put("end_date", body.path("end_date").asText()).put("project_id", projectId)
                        .put("user_id", "user-berth").put("degraded", false).put("trust_id", "trust-" + id);
                ArrayNode reservations = lease.putArray("reservations");
                for (JsonNode reservation : body.path("reservations")) {
                    ObjectNode copy = ((ObjectNode) reservation).deepCopy();
                    copy.put("id", UUID.randomUUID().toString()).put("lease_id", id).put("status", "pending");
                    reservations.add(copy);
                }
                lease.putArray("events");
                leases.put(id, new FakeLease(lease));
                if (takeLostAnswer()) {
                    return Reply.of(500, JSON.createObjectNode().put("error_code", 500).put("error_message", "internal"));
                }
                ObjectNode reply = JSON.createObjectNode();
                reply.set("lease", lease.deepCopy());
                return Reply.of(201, reply);
            }
            case "DELETE": {
                FakeLease fake = leases.get(parts[1]);
                if (fake == null) {
                    return Reply.of(404, JSON.createObjectNode().put("error_code", 404).put("error_message", "not found"));
                }
                fake.body.put("status", "DELETING");
                fake.readsSinceDelete = 0;
                return Reply.of(204, null);
            }
            default:
                return Reply.of(405, JSON.createObjectNode().put("error_code", 405).put("error_message", "not allowed"));
        }
    }
}
