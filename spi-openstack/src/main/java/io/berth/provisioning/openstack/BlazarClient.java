package io.berth.provisioning.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A small client of Blazar's reservation API v1 (openstack4j has none): leases of whole hosts
 * ({@code physical:host} reservations) for a booking's period. Found in the catalog as service type
 * {@code reservation}. Thread safe.
 */
final class BlazarClient {

    static final String SERVICE_TYPE = "reservation";
    /** Blazar's date format: minutes, in UTC. */
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private final KeystoneSession session;
    private final CloudHttp http;

    BlazarClient(KeystoneSession session, CloudHttp http) {
        this.session = requireNonNull(session, "session is null");
        this.http = requireNonNull(http, "http is null");
    }

    private String url(String path) {
        String base = session.endpoint(SERVICE_TYPE);
        return (base.endsWith("/v1") ? base : base + "/v1") + path;
    }

    /** The lease named {@code name}; empty when there is none. */
    Optional<JsonNode> findByName(String name) {
        for (JsonNode lease : http.send("GET", url("/leases"), session.headers(), null, false).body().path("leases")) {
            if (name.equals(lease.path("name").asText())) {
                return Optional.of(lease);
            }
        }
        return Optional.empty();
    }

    /** A lease by id; empty once it is gone. */
    Optional<JsonNode> get(String id) {
        CloudHttp.Answer answer = http.send("GET", url("/leases/" + encode(id)), session.headers(), null, true);
        return answer.status() == 404 ? Optional.empty() : Optional.of(answer.body().path("lease"));
    }

    /**
     * Creates a lease of {@code hosts} whole hosts from {@code start} (null: now) to {@code end}.
     *
     * @param hypervisorProperties Blazar's host filter, e.g. {@code ["==", "$vcpus", "16"]}; empty for any host
     * @return the lease
     */
    JsonNode create(String name, Instant start, Instant end, int hosts, String hypervisorProperties) {
        ObjectNode lease = CloudHttp.object()
                .put("name", name)
                .put("start_date", start == null ? "now" : DATE.format(start))
                .put("end_date", DATE.format(end));
        lease.putArray("reservations").addObject()
                .put("resource_type", "physical:host")
                .put("min", hosts)
                .put("max", hosts)
                .put("hypervisor_properties", hypervisorProperties)
                .put("resource_properties", "");
        lease.putArray("events");
        return http.send("POST", url("/leases"), session.headers(), lease, false).body().path("lease");
    }

    /** Ends and deletes a lease; one that is already gone is fine. */
    void delete(String id) {
        http.send("DELETE", url("/leases/" + encode(id)), session.headers(), null, true);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
