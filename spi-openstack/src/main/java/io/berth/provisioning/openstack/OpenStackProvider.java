package io.berth.provisioning.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.core.catalog.TaskPhase;
import io.berth.core.catalog.TaskSpec;
import io.berth.core.error.ErrorCode;
import io.berth.core.resource.ResourceVector;
import io.berth.provisioning.spi.PhysicalCapacity;
import io.berth.provisioning.spi.Provider;
import io.berth.provisioning.spi.ProviderContext;
import io.berth.provisioning.spi.ProviderException;
import io.berth.provisioning.spi.ProviderHealth;
import io.berth.provisioning.spi.TaskMonitor;
import io.berth.provisioning.spi.TaskOutcome;
import io.berth.provisioning.spi.TaskRequest;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.exceptions.ClientResponseException;
import org.openstack4j.api.exceptions.OS4JException;
import org.openstack4j.model.compute.AbsoluteLimit;
import org.openstack4j.model.compute.Flavor;
import org.openstack4j.model.compute.Image;
import org.openstack4j.model.compute.Keypair;
import org.openstack4j.model.compute.Server;
import org.openstack4j.model.compute.builder.ServerCreateBuilder;
import org.openstack4j.model.compute.ext.HypervisorStatistics;
import org.openstack4j.openstack.compute.domain.NovaServerCreate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Runs reserved resources on an OpenStack cloud: Magnum clusters ({@value #CLUSTER_KIND}), Nova servers
 * ({@value #SERVER_KIND}) and, where the cloud runs Blazar and {@code blazar.enabled} is set, host leases
 * ({@value #LEASE_KIND}).
 *
 * <p>Every object is named {@code berth-<deployment>[-<group>]} (servers add {@code -<n>}) and carries the
 * deployment id as {@value #DEPLOYMENT_TAG} (a Nova metadata item, a Magnum label). A task first looks for
 * its objects by that name and tag and only asks for what is missing, so running it again, or after a crash
 * between asking the cloud and recording the answer, never makes a second object. Thread safe.
 */
final class OpenStackProvider implements Provider {

    static final String CLUSTER_KIND = "openstack-cluster";
    static final String SERVER_KIND = "openstack-server";
    static final String LEASE_KIND = "openstack-lease";
    /** The metadata key (Nova) and label (Magnum) that carries the deployment id. */
    static final String DEPLOYMENT_TAG = "berth-deployment";
    static final String OWNER_TAG = "berth-owner";

    /** Task settings each kind accepts. */
    static final String GROUP = "group";
    static final String FLAVOR = "flavor";
    static final String MASTER_COUNT = "master.count";
    static final String HOSTS = "hosts";
    static final String HYPERVISOR_PROPERTIES = "hypervisor.properties";
    private static final Map<String, Set<String>> TASK_SETTINGS = Map.of(
            CLUSTER_KIND, Set.of(GROUP, OpenStackSettings.CLUSTER_TEMPLATE, FLAVOR, Sizing.NODES, Sizing.CORES,
                    Sizing.MEMORY, MASTER_COUNT),
            SERVER_KIND, Set.of(GROUP, FLAVOR, OpenStackSettings.IMAGE, OpenStackSettings.NETWORK,
                    OpenStackSettings.SECURITY_GROUP, Sizing.NODES, Sizing.CORES, Sizing.MEMORY),
            LEASE_KIND, Set.of(GROUP, HOSTS, HYPERVISOR_PROPERTIES));

    static final String SSH_KEYS = "ssh.keys";
    static final String BOOKING_START = "booking.start";
    static final String BOOKING_END = "booking.end";

    private static final Pattern GROUP_NAME = Pattern.compile("[a-z][a-z0-9-]{0,15}");
    private static final Pattern SSH_KEY = Pattern.compile(
            "(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\\.com)"
                    + " [A-Za-z0-9+/]{16,16384}={0,3}( [\\x20-\\x7E]{0,256})?");
    private static final int MAX_SSH_KEYS = 32;

    private final OpenStackSettings settings;
    private final ProviderContext context;
    private final System.Logger log;
    private final KeystoneSession session;
    private final MagnumClient magnum;
    private final BlazarClient blazar;
    private final Set<String> kinds;
    private final AtomicBoolean closed = new AtomicBoolean();

    OpenStackProvider(OpenStackSettings settings, ProviderContext context) {
        this.settings = requireNonNull(settings, "settings is null");
        this.context = requireNonNull(context, "context is null");
        this.log = context.logger(OpenStackProvider.class.getName());
        CloudHttp http = new CloudHttp();
        this.session = new KeystoneSession(settings, http, context.clock());
        this.magnum = new MagnumClient(session, http);
        this.blazar = new BlazarClient(session, http);
        this.kinds = settings.blazarEnabled() ? Set.of(CLUSTER_KIND, SERVER_KIND, LEASE_KIND)
                : Set.of(CLUSTER_KIND, SERVER_KIND);
    }

    @Override
    public String name() {
        return OpenStackProviderFactory.NAME;
    }

    @Override
    public Set<String> kinds() {
        return kinds;
    }

    @Override
    public void validate(TaskSpec spec) {
        requireNonNull(spec, "spec is null");
        if (!kinds.contains(spec.kind())) {
            throw invalidSpec(spec, "kind '" + spec.kind() + "' is not one of " + kinds
                    + (spec.kind().equals(LEASE_KIND) ? " (set blazar.enabled=true for leases)" : ""));
        }
        Map<String, String> taskSettings = spec.settings();
        for (String key : taskSettings.keySet()) {
            if (!TASK_SETTINGS.get(spec.kind()).contains(key)) {
                throw invalidSpec(spec, "unknown setting '" + key + "'; " + spec.kind() + " takes "
                        + new java.util.TreeSet<>(TASK_SETTINGS.get(spec.kind())));
            }
        }
        try {
            group(taskSettings);
            switch (spec.kind()) {
                case CLUSTER_KIND -> {
                    if (templateName(taskSettings) == null) {
                        throw new ProviderException(ErrorCode.INVALID_REQUEST,
                                "no cluster template: set cluster.template on the task or the provider");
                    }
                    OpenStackSettings.integer(taskSettings, MASTER_COUNT, 1, 1, 7);
                    Sizing.nodes(Map.of(), taskSettings, settings.maxNodes());
                    Sizing.demand(Map.of(), taskSettings);
                }
                case SERVER_KIND -> {
                    if (image(taskSettings) == null) {
                        throw new ProviderException(ErrorCode.INVALID_REQUEST,
                                "no image: set image on the task or the provider");
                    }
                    Sizing.nodes(Map.of(), taskSettings, settings.maxNodes());
                    Sizing.demand(Map.of(), taskSettings);
                }
                case LEASE_KIND -> OpenStackSettings.integer(taskSettings, HOSTS, 1, 1, settings.maxNodes());
                default -> throw new IllegalStateException("unreachable: " + spec.kind());
            }
        } catch (ProviderException e) {
            throw invalidSpec(spec, e.getMessage());
        }
    }

    @Override
    public TaskOutcome execute(TaskRequest request, TaskMonitor monitor) {
        requireNonNull(request, "request is null");
        requireNonNull(monitor, "monitor is null");
        if (closed.get()) {
            throw new ProviderException(ErrorCode.PROVIDER_UNAVAILABLE, "the OpenStack provider is closed");
        }
        TaskSpec spec = request.spec();
        Wait wait = new Wait(spec.timeout(), settings.waitTimeout(), settings.pollInterval(), monitor);
        try {
            validate(spec);
            wait.check("starting");
            return switch (spec.kind()) {
                case CLUSTER_KIND -> switch (request.phase()) {
                    case INSTALL -> installCluster(request, monitor, wait);
                    case REMOVE -> removeCluster(request, monitor, wait);
                    case HEALTH -> clusterHealth(request);
                };
                case SERVER_KIND -> switch (request.phase()) {
                    case INSTALL -> installServers(request, monitor, wait);
                    case REMOVE -> removeServers(request, monitor, wait);
                    case HEALTH -> serverHealth(request);
                };
                case LEASE_KIND -> switch (request.phase()) {
                    case INSTALL -> installLease(request, monitor, wait);
                    case REMOVE -> removeLease(request, monitor, wait);
                    case HEALTH -> leaseHealth(request);
                };
                default -> throw new ProviderException(ErrorCode.UNKNOWN_TASK_KIND, "unknown kind " + spec.kind());
            };
        } catch (Wait.Stopped stopped) {
            return stopped.outcome();
        } catch (ProviderException e) {
            // bad input and objects the cloud failed end the attempt as FAILED; only an unreachable cloud throws
            if (e.errorCode() == ErrorCode.INVALID_REQUEST || e.errorCode() == ErrorCode.INVALID_TASK_SPEC
                    || e.errorCode() == ErrorCode.PROVIDER_TASK_FAILED) {
                return TaskOutcome.failed(null, "", e.getMessage());
            }
            throw e;
        } catch (CloudHttp.CallFailed e) {
            if (e.status() == 401) {
                session.invalidate();
            }
            if (e.status() >= 500 || e.status() == 401) {
                throw new ProviderException(ErrorCode.PROVIDER_UNAVAILABLE, e.getMessage(), e);
            }
            return TaskOutcome.failed(null, "", "the cloud refused: " + e.getMessage());
        } catch (ClientResponseException e) {
            if (e.getStatus() == 401) {
                session.invalidate();
                throw new ProviderException(ErrorCode.PROVIDER_UNAVAILABLE, "Nova refused the token", e);
            }
            return TaskOutcome.failed(null, "", "Nova refused: " + e.getMessage());
        } catch (OS4JException | UncheckedIOException e) {
            throw new ProviderException(ErrorCode.PROVIDER_UNAVAILABLE, "the cloud did not answer: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- clusters

    private TaskOutcome installCluster(TaskRequest request, TaskMonitor monitor, Wait wait) {
        Map<String, String> taskSettings = request.spec().settings();
        String name = objectName(request);
        JsonNode cluster = magnum.findByName(name).orElse(null);
        String uuid;
        if (cluster != null) {
            checkTag(cluster.path("labels").path(DEPLOYMENT_TAG), request, "cluster " + name);
            uuid = cluster.path("uuid").asText();
            monitor.progress("cluster " + name + " exists (" + cluster.path("status").asText() + "), not asking again");
        } else {
            String templateName = templateName(taskSettings);
            JsonNode template = magnum.template(templateName).orElseThrow(() -> new ProviderException(
                    ErrorCode.INVALID_REQUEST, "cluster template '" + templateName + "' does not exist"));
            OSClientV3 nova = session.client();
            Sizing.Choice choice = size(nova, request, template.path("flavor_id").asText(null));
            ObjectNode body = CloudHttp.object()
                    .put("name", name)
                    .put("cluster_template_id", template.path("uuid").asText())
                    .put("node_count", choice.nodes())
                    .put("master_count", OpenStackSettings.integer(taskSettings, MASTER_COUNT, 1, 1, 7))
                    .put("create_timeout", Math.max(1, (int) settings.waitTimeout().toMinutes()));
            if (choice.flavor() != null) {
                body.put("flavor_id", choice.flavor().id());
            }
            List<String> keys = sshKeys(request);
            if (!keys.isEmpty()) {
                body.put("keypair", ensureKeypair(nova, keypairName(request), keys.get(0), monitor));
            }
            body.putObject("labels").put(DEPLOYMENT_TAG, request.deployment().toString())
                    .put(OWNER_TAG, request.owner().toString());
            // Magnum replaces the template's labels with the cluster's unless told to merge them.
            body.put("merge_labels", true);
            uuid = magnum.create(body);
            log.log(System.Logger.Level.INFO, "asked for cluster {0} ({1}) for deployment {2}", name, uuid,
                    request.deployment());
            monitor.progress("cluster " + name + " requested: " + choice.nodes() + " node(s)"
                    + (choice.flavor() == null ? "" : " of flavor " + choice.flavor().name()));
        }
        JsonNode ready = waitForCluster(uuid, name, monitor, wait);
        Path kubeconfig = writeKubeconfig(request, ready);
        monitor.progress("kubeconfig of cluster " + name + " written");
        return TaskOutcome.succeeded(null, "cluster=" + uuid + "\nname=" + name + "\nstatus=" + ready.path("status").asText()
                + "\nnodes=" + ready.path("node_count").asInt() + "\napi=" + ready.path("api_address").asText()
                + "\nkubeconfig=" + kubeconfig + "\n");
    }

    private JsonNode waitForCluster(String uuid, String name, TaskMonitor monitor, Wait wait) {
        String last = "";
        while (true) {
            JsonNode cluster = magnum.get(uuid).orElseThrow(() -> new ProviderException(ErrorCode.PROVIDER_TASK_FAILED,
                    "cluster " + name + " disappeared while it was being created"));
            String status = cluster.path("status").asText();
            String seen = status + " " + cluster.path("node_addresses").size() + "/" + cluster.path("node_count").asInt();
            if (!seen.equals(last)) {
                monitor.progress("cluster " + name + ": " + status + ", " + cluster.path("node_addresses").size() + " of "
                        + cluster.path("node_count").asInt() + " node(s) up");
                last = seen;
            }
            switch (status) {
                case "CREATE_COMPLETE", "UPDATE_COMPLETE", "RESUME_COMPLETE", "RESTORE_COMPLETE", "CHECK_COMPLETE" -> {
                    return cluster;
                }
                case "CREATE_FAILED", "UPDATE_FAILED", "DELETE_FAILED", "ROLLBACK_FAILED", "RESUME_FAILED" ->
                        throw new ProviderException(ErrorCode.PROVIDER_TASK_FAILED, "cluster " + name + " is " + status + ": "
                                + cluster.path("status_reason").asText("no reason given"));
                case "DELETE_IN_PROGRESS", "DELETE_COMPLETE" -> throw new ProviderException(ErrorCode.PROVIDER_TASK_FAILED,
                        "cluster " + name + " is being deleted (" + status + ")");
                default -> wait.pause("waiting for cluster " + name + " (" + status + ")");
            }
        }
    }

    private Path writeKubeconfig(TaskRequest request, JsonNode cluster) {
        String uuid = cluster.path("uuid").asText();
        ClientCertificateRequest csr = ClientCertificateRequest.create("admin");
        String certificate = magnum.sign(uuid, csr.csrPem());
        String authority = magnum.caCertificate(uuid);
        if (!certificate.contains("BEGIN CERTIFICATE") || !authority.contains("BEGIN CERTIFICATE")) {
            throw new ProviderException(ErrorCode.PROVIDER_UNAVAILABLE,
                    "Magnum answered the certificate calls for cluster " + uuid + " without PEM certificates");
        }
        String name = cluster.path("name").asText();
        String server = cluster.path("api_address").asText();
        Base64.Encoder base64 = Base64.getEncoder();
        String yaml = "apiVersion: v1\nkind: Config\n"
                + "clusters:\n- name: " + name + "\n  cluster:\n    server: " + server + "\n"
                + "    certificate-authority-data: " + base64.encodeToString(authority.getBytes(StandardCharsets.US_ASCII)) + "\n"
                + "users:\n- name: admin\n  user:\n"
                + "    client-certificate-data: " + base64.encodeToString(certificate.getBytes(StandardCharsets.US_ASCII)) + "\n"
                + "    client-key-data: " + base64.encodeToString(csr.privateKeyPem().getBytes(StandardCharsets.US_ASCII)) + "\n"
                + "contexts:\n- name: " + name + "\n  context:\n    cluster: " + name + "\n    user: admin\n"
                + "current-context: " + name + "\n";
        return writePrivateFile(kubeconfigPath(request), yaml);
    }

    private Path kubeconfigPath(TaskRequest request) {
        return context.workDirectory().resolve("kubeconfig").resolve(objectName(request) + ".yaml");
    }

    private static Path writePrivateFile(Path target, String content) {
        try {
            Files.createDirectories(target.getParent());
            Path partial = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".partial");
            try {
                Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the work directory's own protection has to do.
            }
            Files.writeString(partial, content, StandardCharsets.UTF_8);
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new ProviderException(ErrorCode.PROVIDER_UNAVAILABLE, "cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private TaskOutcome removeCluster(TaskRequest request, TaskMonitor monitor, Wait wait) {
        String name = objectName(request);
        Optional<JsonNode> found = magnum.findByName(name);
        if (found.isPresent()) {
            JsonNode cluster = found.get();
            checkTag(cluster.path("labels").path(DEPLOYMENT_TAG), request, "cluster " + name);
            String uuid = cluster.path("uuid").asText();
            if (!cluster.path("status").asText().equals("DELETE_IN_PROGRESS")) {
                magnum.delete(uuid);
                log.log(System.Logger.Level.INFO, "asked to delete cluster {0} ({1})", name, uuid);
                monitor.progress("cluster " + name + " delete requested");
            }
            String last = "";
            for (Optional<JsonNode> current = magnum.get(uuid); current.isPresent(); current = magnum.get(uuid)) {
                String status = current.get().path("status").asText();
                if (status.equals("DELETE_FAILED")) {
                    throw new ProviderException(ErrorCode.PROVIDER_TASK_FAILED, "cluster " + name + " is DELETE_FAILED: "
                            + current.get().path("status_reason").asText("no reason given"));
                }
                if (status.equals("DELETE_COMPLETE")) {
                    break;
                }
                if (!status.equals(last)) {
                    monitor.progress("cluster " + name + ": " + status);
                    last = status;
                }
                wait.pause("waiting for cluster " + name + " to go");
            }
            monitor.progress("cluster " + name + " is gone");
        }
        deleteQuietly(kubeconfigPath(request));
        deleteKeypair(request, monitor);
        return TaskOutcome.succeeded(null, found.isPresent() ? "cluster " + name + " deleted\n"
                : "cluster " + name + " did not exist\n");
    }

    private TaskOutcome clusterHealth(TaskRequest request) {
        String name = objectName(request);
        Optional<JsonNode> cluster = magnum.findByName(name);
        if (cluster.isEmpty()) {
            return TaskOutcome.failed(null, "", "cluster " + name + " does not exist");
        }
        String status = cluster.get().path("status").asText();
        String health = cluster.get().path("health_status").asText("UNKNOWN");
        boolean complete = status.endsWith("_COMPLETE") && !status.startsWith("DELETE");
        if (!complete || health.equals("UNHEALTHY")) {
            return TaskOutcome.failed(null, "status=" + status + "\nhealth=" + health + "\n", "cluster " + name + " is "
                    + status + " (health " + health + ")" + reason(cluster.get().path("status_reason")));
        }
        return TaskOutcome.succeeded(null, "status=" + status + "\nhealth=" + health + "\n");
    }

    // ---------------------------------------------------------------- servers

    private TaskOutcome installServers(TaskRequest request, TaskMonitor monitor, Wait wait) {
        Map<String, String> taskSettings = request.spec().settings();
        OSClientV3 nova = session.client();
        String name = objectName(request);
        Sizing.Choice choice = size(nova, request, null);
        if (choice.flavor() == null) {
            throw new ProviderException(ErrorCode.INVALID_REQUEST, "no flavor: set flavor on the task, flavors on the "
                    + "provider, or give the package's resources");
        }
        String image = resolveImage(nova, image(taskSettings));
        List<String> keys = sshKeys(request);
        String keypair = keys.isEmpty() ? null : ensureKeypair(nova, keypairName(request), keys.get(0), monitor);
        String network = taskSettings.getOrDefault(OpenStackSettings.NETWORK, settings.network());
        String securityGroup = taskSettings.getOrDefault(OpenStackSettings.SECURITY_GROUP, settings.securityGroup());
        List<String> ids = new ArrayList<>();
        for (int index = 1; index <= choice.nodes(); index++) {
            String serverName = name + "-" + index;
            Optional<? extends Server> existing = findServer(nova, serverName, request);
            if (existing.isPresent()) {
                ids.add(existing.get().getId());
                monitor.progress("server " + serverName + " exists (" + existing.get().getStatus() + "), not asking again");
                continue;
            }
            ServerCreateBuilder builder = NovaServerCreate.builder().name(serverName).flavor(choice.flavor().id())
                    .image(image)
                    .addMetadataItem(DEPLOYMENT_TAG, request.deployment().toString())
                    .addMetadataItem(OWNER_TAG, request.owner().toString());
            if (network != null) {
                builder.networks(List.of(network));
            }
            if (securityGroup != null) {
                builder.addSecurityGroup(securityGroup);
            }
            if (keypair != null) {
                builder.keypairName(keypair);
                builder.userData(Base64.getEncoder().encodeToString(cloudConfig(keys).getBytes(StandardCharsets.UTF_8)));
            }
            Server created = session.client().compute().servers().boot(builder.build());
            log.log(System.Logger.Level.INFO, "asked for server {0} ({1}) for deployment {2}", serverName,
                    created.getId(), request.deployment());
            ids.add(created.getId());
            monitor.progress("server " + serverName + " requested (flavor " + choice.flavor().name() + ")");
        }
        StringBuilder output = new StringBuilder();
        for (String id : ids) {
            Server server = waitForServer(id, monitor, wait);
            output.append("server=").append(server.getName()).append(' ').append(server.getId()).append(' ')
                    .append(server.getStatus()).append('\n');
        }
        return TaskOutcome.succeeded(null, output.toString());
    }

    private Server waitForServer(String id, TaskMonitor monitor, Wait wait) {
        Server.Status last = null;
        while (true) {
            Server server = session.client().compute().servers().get(id);
            if (server == null) {
                throw new ProviderException(ErrorCode.PROVIDER_TASK_FAILED, "server " + id + " disappeared while it was built");
            }
            Server.Status status = server.getStatus();
            if (status != last) {
                monitor.progress("server " + server.getName() + ": " + status);
                last = status;
            }
            if (status == Server.Status.ACTIVE) {
                return server;
            }
            if (status == Server.Status.ERROR || status == Server.Status.DELETED) {
                String fault = server.getFault() == null || server.getFault().getMessage() == null ? "no fault given"
                        : server.getFault().getMessage();
                throw new ProviderException(ErrorCode.PROVIDER_TASK_FAILED, "server " + server.getName() + " is " + status + ": " + fault);
            }
            wait.pause("waiting for server " + server.getName() + " (" + status + ")");
        }
    }

    private TaskOutcome removeServers(TaskRequest request, TaskMonitor monitor, Wait wait) {
        OSClientV3 nova = session.client();
        List<? extends Server> servers = ownServers(nova, request);
        for (Server server : servers) {
            if (server.getStatus() != Server.Status.DELETED) {
                nova.compute().servers().delete(server.getId());
                log.log(System.Logger.Level.INFO, "asked to delete server {0} ({1})", server.getName(), server.getId());
                monitor.progress("server " + server.getName() + " delete requested");
            }
        }
        for (Server server : servers) {
            for (Server current = session.client().compute().servers().get(server.getId());
                 current != null && current.getStatus() != Server.Status.DELETED;
                 current = session.client().compute().servers().get(server.getId())) {
                if (current.getStatus() == Server.Status.ERROR) {
                    throw new ProviderException(ErrorCode.PROVIDER_TASK_FAILED, "server " + current.getName()
                            + " could not be deleted: " + (current.getFault() == null ? "no fault given"
                            : current.getFault().getMessage()));
                }
                wait.pause("waiting for server " + server.getName() + " to go");
            }
            monitor.progress("server " + server.getName() + " is gone");
        }
        deleteKeypair(request, monitor);
        return TaskOutcome.succeeded(null, servers.size() + " server(s) deleted\n");
    }

    private TaskOutcome serverHealth(TaskRequest request) {
        List<? extends Server> servers = ownServers(session.client(), request);
        if (servers.isEmpty()) {
            return TaskOutcome.failed(null, "", "no server of " + objectName(request) + " exists");
        }
        StringBuilder output = new StringBuilder();
        List<String> unwell = new ArrayList<>();
        for (Server server : servers) {
            output.append(server.getName()).append('=').append(server.getStatus()).append('\n');
            if (server.getStatus() != Server.Status.ACTIVE) {
                unwell.add(server.getName() + " is " + server.getStatus()
                        + (server.getFault() == null ? "" : ": " + server.getFault().getMessage()));
            }
        }
        return unwell.isEmpty() ? TaskOutcome.succeeded(null, output.toString())
                : TaskOutcome.failed(null, output.toString(), String.join("; ", unwell));
    }

    private Optional<? extends Server> findServer(OSClientV3 nova, String serverName, TaskRequest request) {
        // Nova filters names by regular expression; Berth's names hold only letters, digits and '-'.
        return nova.compute().servers().list(Map.of("name", "^" + serverName + "$")).stream()
                .filter(server -> serverName.equals(server.getName()))
                .filter(server -> server.getStatus() != Server.Status.DELETED)
                .filter(server -> tagged(server, request))
                .findFirst();
    }

    private List<? extends Server> ownServers(OSClientV3 nova, TaskRequest request) {
        String prefix = objectName(request) + "-";
        return nova.compute().servers().list(Map.of("name", "^" + prefix)).stream()
                .filter(server -> server.getName() != null && server.getName().startsWith(prefix)
                        && server.getName().substring(prefix.length()).matches("\\d{1,4}"))
                .filter(server -> tagged(server, request))
                .sorted(Comparator.comparing(Server::getName))
                .toList();
    }

    private static boolean tagged(Server server, TaskRequest request) {
        Map<String, String> metadata = server.getMetadata();
        return metadata != null && request.deployment().toString().equals(metadata.get(DEPLOYMENT_TAG));
    }

    private static String resolveImage(OSClientV3 nova, String nameOrId) {
        List<? extends Image> images = nova.compute().images().list();
        for (Image image : images) {
            if (nameOrId.equals(image.getId())) {
                return image.getId();
            }
        }
        List<String> matches = new ArrayList<>();
        for (Image image : images) {
            if (nameOrId.equals(image.getName())) {
                matches.add(image.getId());
            }
        }
        if (matches.size() != 1) {
            throw new ProviderException(ErrorCode.INVALID_REQUEST, matches.isEmpty() ? "image '" + nameOrId
                    + "' does not exist" : "image name '" + nameOrId + "' is ambiguous; give its id");
        }
        return matches.get(0);
    }

    static String cloudConfig(List<String> keys) {
        StringBuilder config = new StringBuilder("#cloud-config\nssh_authorized_keys:\n");
        keys.forEach(key -> config.append("  - \"").append(key).append("\"\n"));
        return config.toString();
    }

    // ---------------------------------------------------------------- leases

    private TaskOutcome installLease(TaskRequest request, TaskMonitor monitor, Wait wait) {
        Instant start = instant(request, BOOKING_START);
        Instant end = instant(request, BOOKING_END);
        Instant now = context.clock().instant();
        if (!end.isAfter(start) || !end.isAfter(now)) {
            throw new ProviderException(ErrorCode.INVALID_REQUEST, "the booking's period " + start + " to " + end
                    + " has ended or is empty");
        }
        String name = objectName(request);
        Map<String, String> taskSettings = request.spec().settings();
        int hosts = Sizing.nodes(request.parameters(), Map.of(), settings.maxNodes())
                .orElse(OpenStackSettings.integer(taskSettings, HOSTS, 1, 1, settings.maxNodes()));
        JsonNode lease = blazar.findByName(name).orElse(null);
        if (lease != null) {
            monitor.progress("lease " + name + " exists (" + lease.path("status").asText() + "), not asking again");
        } else {
            lease = blazar.create(name, start.isAfter(now) ? start : null, end, hosts,
                    taskSettings.getOrDefault(HYPERVISOR_PROPERTIES, ""));
            log.log(System.Logger.Level.INFO, "asked for lease {0} for deployment {1}", name, request.deployment());
            monitor.progress("lease " + name + " requested: " + hosts + " host(s) from " + start + " to " + end);
        }
        String id = lease.path("id").asText();
        String last = "";
        while (true) {
            JsonNode current = blazar.get(id).orElseThrow(() -> new ProviderException(ErrorCode.PROVIDER_TASK_FAILED,
                    "lease " + name + " disappeared while it was created"));
            String status = current.path("status").asText("PENDING");
            if (!status.equals(last)) {
                monitor.progress("lease " + name + ": " + status);
                last = status;
            }
            switch (status) {
                case "PENDING", "ACTIVE", "STARTING" -> {
                    return TaskOutcome.succeeded(null, "lease=" + id + "\nname=" + name + "\nstatus=" + status
                            + "\nhosts=" + hosts + "\n");
                }
                case "ERROR", "TERMINATED", "TERMINATING", "DELETING" -> throw new ProviderException(
                        ErrorCode.PROVIDER_TASK_FAILED, "lease " + name + " is " + status + reason(current.path("status_reason")));
                default -> wait.pause("waiting for lease " + name + " (" + status + ")");
            }
        }
    }

    private TaskOutcome removeLease(TaskRequest request, TaskMonitor monitor, Wait wait) {
        String name = objectName(request);
        Optional<JsonNode> lease = blazar.findByName(name);
        if (lease.isEmpty()) {
            return TaskOutcome.succeeded(null, "lease " + name + " did not exist\n");
        }
        String id = lease.get().path("id").asText();
        blazar.delete(id);
        log.log(System.Logger.Level.INFO, "ended lease {0} ({1})", name, id);
        monitor.progress("lease " + name + " ended");
        while (blazar.get(id).isPresent()) {
            wait.pause("waiting for lease " + name + " to go");
        }
        return TaskOutcome.succeeded(null, "lease " + name + " deleted\n");
    }

    private TaskOutcome leaseHealth(TaskRequest request) {
        String name = objectName(request);
        Optional<JsonNode> lease = blazar.findByName(name);
        if (lease.isEmpty()) {
            return TaskOutcome.failed(null, "", "lease " + name + " does not exist");
        }
        String status = lease.get().path("status").asText();
        return Set.of("PENDING", "ACTIVE", "STARTING").contains(status)
                ? TaskOutcome.succeeded(null, "status=" + status + "\n")
                : TaskOutcome.failed(null, "status=" + status + "\n", "lease " + name + " is " + status);
    }

    private static Instant instant(TaskRequest request, String key) {
        String text = request.parameters().get(key);
        if (text == null) {
            throw new ProviderException(ErrorCode.INVALID_REQUEST, "a lease needs the parameter " + key
                    + " (the deployment must run inside a booking)");
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new ProviderException(ErrorCode.INVALID_REQUEST, key + " must be an ISO-8601 instant: '"
                    + Sizing.abbreviate(text) + "'");
        }
    }

    // ---------------------------------------------------------------- shared parts

    /** {@code berth-<deployment>} or {@code berth-<deployment>-<group>}. */
    static String objectName(TaskRequest request) {
        String group = group(request.spec().settings());
        return "berth-" + request.deployment() + (group == null ? "" : "-" + group);
    }

    private static String group(Map<String, String> taskSettings) {
        String group = taskSettings.get(GROUP);
        if (group != null && !GROUP_NAME.matcher(group).matches()) {
            throw new ProviderException(ErrorCode.INVALID_REQUEST, "group must be 1-16 lower-case letters, digits or "
                    + "'-', starting with a letter: '" + Sizing.abbreviate(group) + "'");
        }
        return group;
    }

    private String templateName(Map<String, String> taskSettings) {
        return taskSettings.getOrDefault(OpenStackSettings.CLUSTER_TEMPLATE, settings.clusterTemplate());
    }

    private String image(Map<String, String> taskSettings) {
        return taskSettings.getOrDefault(OpenStackSettings.IMAGE, settings.image());
    }

    private static void checkTag(JsonNode tag, TaskRequest request, String what) {
        if (!tag.isMissingNode() && !tag.isNull() && !request.deployment().toString().equals(tag.asText())) {
            throw new ProviderException(ErrorCode.PROVIDER_TASK_FAILED, what + " belongs to deployment " + tag.asText());
        }
    }

    private static String reason(JsonNode reason) {
        return reason.isTextual() && !reason.asText().isBlank() ? ": " + reason.asText() : "";
    }

    /**
     * The flavor and node count: the task's {@code flavor}, else the first of the provider's {@code flavors}
     * (or of all flavors, smallest first) that holds the largest worker; the count from the {@code nodes}
     * parameter or setting, else what the resources need, else 1. Without resources and flavor settings the
     * flavor is {@code fallbackFlavorId} (a cluster template's), or null.
     */
    private Sizing.Choice size(OSClientV3 nova, TaskRequest request, String fallbackFlavorId) {
        Map<String, String> taskSettings = request.spec().settings();
        Optional<Integer> nodes = Sizing.nodes(request.parameters(), taskSettings, settings.maxNodes());
        Optional<Sizing.Demand> demand = Sizing.demand(request.parameters(), taskSettings);
        String fixed = taskSettings.get(FLAVOR);
        if (fixed == null && demand.isEmpty() && settings.flavors().isEmpty() && fallbackFlavorId != null) {
            return new Sizing.Choice(new Sizing.Flavor(fallbackFlavorId, fallbackFlavorId, 0, 0), nodes.orElse(1));
        }
        List<Sizing.Flavor> all = nova.compute().flavors().list().stream()
                .map(flavor -> new Sizing.Flavor(flavor.getId(), flavor.getName(), flavor.getVcpus(), flavor.getRam()))
                .toList();
        List<Sizing.Flavor> candidates;
        if (fixed != null) {
            candidates = List.of(flavor(all, fixed));
        } else if (!settings.flavors().isEmpty()) {
            candidates = settings.flavors().stream().map(preferred -> flavor(all, preferred)).toList();
        } else {
            candidates = all.stream().sorted(Comparator.comparingInt(Sizing.Flavor::vcpus)
                    .thenComparingInt(Sizing.Flavor::ramMiB).thenComparing(Sizing.Flavor::name)).toList();
        }
        if (demand.isEmpty()) {
            if (candidates.isEmpty()) {
                return new Sizing.Choice(null, nodes.orElse(1));
            }
            return new Sizing.Choice(candidates.get(0), nodes.orElse(1));
        }
        Sizing.Choice choice = Sizing.choose(demand.get(), candidates, settings.maxNodes());
        return nodes.map(count -> new Sizing.Choice(choice.flavor(), count)).orElse(choice);
    }

    private static Sizing.Flavor flavor(List<Sizing.Flavor> all, String nameOrId) {
        return all.stream().filter(flavor -> flavor.id().equals(nameOrId)).findFirst()
                .or(() -> all.stream().filter(flavor -> flavor.name().equals(nameOrId)).findFirst())
                .orElseThrow(() -> new ProviderException(ErrorCode.INVALID_REQUEST, "flavor '" + nameOrId
                        + "' does not exist"));
    }

    /** The owner's SSH public keys from {@code ssh.keys}, checked line by line; empty when absent. */
    static List<String> sshKeys(TaskRequest request) {
        String text = request.parameters().get(SSH_KEYS);
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String key = line.strip();
            if (key.isEmpty() || key.startsWith("#")) {
                continue;
            }
            if (!SSH_KEY.matcher(key).matches()) {
                throw new ProviderException(ErrorCode.INVALID_REQUEST, SSH_KEYS + " line " + (keys.size() + 1)
                        + " is not an OpenSSH public key: '" + Sizing.abbreviate(key) + "'");
            }
            keys.add(key);
        }
        if (keys.size() > MAX_SSH_KEYS) {
            throw new ProviderException(ErrorCode.INVALID_REQUEST, SSH_KEYS + " has more than " + MAX_SSH_KEYS + " keys");
        }
        return keys;
    }

    private String keypairName(TaskRequest request) {
        return settings.keypairPrefix() + "-" + objectName(request).substring("berth-".length());
    }

    /** Makes the key pair from {@code publicKey}, or keeps one of that name that holds the same key. */
    private static String ensureKeypair(OSClientV3 nova, String name, String publicKey, TaskMonitor monitor) {
        Keypair existing = nova.compute().keypairs().get(name);
        String wanted = keyMaterial(publicKey);
        if (existing != null && wanted.equals(keyMaterial(existing.getPublicKey()))) {
            return name;
        }
        if (existing != null) {
            nova.compute().keypairs().delete(name);
        }
        nova.compute().keypairs().create(name, publicKey);
        monitor.progress("key pair " + name + " made from the owner's SSH key");
        return name;
    }

    private static String keyMaterial(String publicKey) {
        if (publicKey == null) {
            return "";
        }
        String[] parts = publicKey.strip().split("\\s+");
        return parts.length >= 2 ? parts[0] + " " + parts[1] : publicKey.strip();
    }

    private void deleteKeypair(TaskRequest request, TaskMonitor monitor) {
        OSClientV3 nova = session.client();
        String name = keypairName(request);
        if (nova.compute().keypairs().get(name) != null) {
            nova.compute().keypairs().delete(name);
            monitor.progress("key pair " + name + " deleted");
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover kubeconfig of a deleted cluster opens nothing; the work directory is private.
        }
    }

    private static ProviderException invalidSpec(TaskSpec spec, String message) {
        return new ProviderException(ErrorCode.INVALID_TASK_SPEC, "task '" + spec.name() + "': " + message);
    }

    // ---------------------------------------------------------------- health, capacity

    @Override
    public ProviderHealth health() {
        CompletableFuture<ProviderHealth> check = CompletableFuture.supplyAsync(() -> {
            try {
                AbsoluteLimit limits = session.client().compute().quotaSets().limits().getAbsolute();
                return new ProviderHealth(true, "Keystone and Nova answer; " + limits.getTotalInstancesUsed()
                        + " instance(s) in use");
            } catch (RuntimeException e) {
                return ProviderHealth.unhealthy("OpenStack does not answer: " + e.getMessage());
            }
        });
        try {
            return check.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            check.cancel(true);
            return ProviderHealth.unhealthy("OpenStack did not answer within 5 seconds");
        } catch (ExecutionException e) {
            return ProviderHealth.unhealthy("OpenStack health check failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProviderHealth.unhealthy("interrupted");
        }
    }

    /**
     * The smaller, per dimension, of what the hypervisors physically have (all of it, not what is free: a
     * pool's capacity is what bookings may share out, and reservations are subtracted by the booking engine)
     * and the project's absolute limits ({@code maxTotalCores}, {@code maxTotalRAMSize}; -1 means
     * unlimited). Disk comes from the hypervisors only, since compute limits have none.
     *
     * @param selector must be null or blank: the provider reads the whole project
     */
    @Override
    public PhysicalCapacity discoverCapacity(String selector) {
        if (selector != null && !selector.isBlank()) {
            throw new ProviderException(ErrorCode.INVALID_REQUEST,
                    "the OpenStack provider reads the whole project; leave the selector empty");
        }
        try {
            OSClientV3 nova = session.client();
            HypervisorStatistics statistics = nova.compute().hypervisors().statistics();
            AbsoluteLimit limits = nova.compute().quotaSets().limits().getAbsolute();
            if (statistics == null || limits == null) {
                throw new ProviderException(ErrorCode.PROVIDER_UNAVAILABLE,
                        "Nova answered without hypervisor statistics or limits");
            }
            Map<String, Long> physical = new LinkedHashMap<>();
            physical.put(ResourceVector.CORES, statistics.getVirtualCPU() * 1000L);
            physical.put(ResourceVector.MEMORY, (long) statistics.getMemory());
            physical.put(ResourceVector.DISK, (long) statistics.getLocal());
            Map<String, Long> quota = new LinkedHashMap<>();
            if (limits.getMaxTotalCores() >= 0) {
                quota.put(ResourceVector.CORES, limits.getMaxTotalCores() * 1000L);
            }
            if (limits.getMaxTotalRAMSize() >= 0) {
                quota.put(ResourceVector.MEMORY, (long) limits.getMaxTotalRAMSize());
            }
            Map<String, Long> total = new HashMap<>();
            List<String> fromHypervisors = new ArrayList<>();
            List<String> fromQuota = new ArrayList<>();
            physical.forEach((dimension, amount) -> {
                Long limit = quota.get(dimension);
                if (limit != null && limit < amount) {
                    total.put(dimension, limit);
                    fromQuota.add(dimension);
                } else {
                    total.put(dimension, amount);
                    fromHypervisors.add(dimension);
                }
            });
            String instances = limits.getMaxTotalInstances() < 0 ? "unlimited"
                    : Integer.toString(limits.getMaxTotalInstances());
            List<PhysicalCapacity.Source> sources = List.of(
                    new PhysicalCapacity.Source("hypervisors", statistics.getCount() + " hypervisor(s)",
                            ResourceVector.of(physical), !fromHypervisors.isEmpty(),
                            fromHypervisors.isEmpty() ? "the project's limits are smaller in every dimension"
                                    : "total physical size, not what is free; counted for " + fromHypervisors),
                    new PhysicalCapacity.Source("project-quota", "absolute limits of the project",
                            ResourceVector.of(quota), !fromQuota.isEmpty(),
                            (fromQuota.isEmpty() ? "not smaller than the hypervisors in any dimension"
                                    : "smaller than the hypervisors for " + fromQuota)
                                    + "; instances " + instances + (quota.containsKey(ResourceVector.CORES) ? ""
                                    : "; cores unlimited") + (quota.containsKey(ResourceVector.MEMORY) ? ""
                                    : "; memory unlimited")));
            return new PhysicalCapacity(ResourceVector.of(total), sources, context.clock().instant());
        } catch (OS4JException | UncheckedIOException e) {
            throw new ProviderException(ErrorCode.PROVIDER_UNAVAILABLE, "Nova did not answer: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            log.log(System.Logger.Level.DEBUG, "OpenStack provider closed");
        }
    }

    @Override
    public String toString() {
        return "OpenStackProvider[" + settings.authUrl() + (settings.region() == null ? "" : ", " + settings.region())
                + "]";
    }
}
