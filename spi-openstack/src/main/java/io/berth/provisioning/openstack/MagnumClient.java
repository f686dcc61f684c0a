package io.berth.provisioning.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The few calls of Magnum's container-infra API v1 that the provider makes: cluster templates, clusters
 * and the certificates that make a kubeconfig. Found in the catalog as service type {@code container-infra}.
 * Thread safe.
 */
final class MagnumClient {

    static final String SERVICE_TYPE = "container-infra";

    private final KeystoneSession session;
    private final CloudHttp http;

    MagnumClient(KeystoneSession session, CloudHttp http) {
        this.session = requireNonNull(session, "session is null");
        this.http = requireNonNull(http, "http is null");
    }

    private String url(String path) {
        String base = session.endpoint(SERVICE_TYPE);
        return (base.endsWith("/v1") ? base : base + "/v1") + path;
    }

    private Map<String, String> headers() {
        Map<String, String> headers = new HashMap<>(session.headers());
        headers.put("OpenStack-API-Version", "container-infra latest");
        return headers;
    }

    /** A cluster template by name or uuid; empty when there is none. */
    Optional<JsonNode> template(String nameOrId) {
        CloudHttp.Answer answer = http.send("GET", url("/clustertemplates/" + encode(nameOrId)), headers(), null, true);
        return answer.status() == 404 ? Optional.empty() : Optional.of(answer.body());
    }

    /** The detail of the cluster named {@code name}; empty when there is none. */
    Optional<JsonNode> findByName(String name) {
        for (JsonNode summary : http.send("GET", url("/clusters"), headers(), null, false).body().path("clusters")) {
            if (name.equals(summary.path("name").asText())) {
                Optional<JsonNode> detail = get(summary.path("uuid").asText());
                if (detail.isPresent()) {
                    return detail;
                }
            }
        }
        return Optional.empty();
    }

    /** A cluster's detail (labels, {@code status_reason}, {@code api_address}); empty once it is gone. */
    Optional<JsonNode> get(String uuid) {
        CloudHttp.Answer answer = http.send("GET", url("/clusters/" + encode(uuid)), headers(), null, true);
        return answer.status() == 404 ? Optional.empty() : Optional.of(answer.body());
    }

    /** Asks for a cluster and returns its uuid; Magnum builds it asynchronously. */
    String create(ObjectNode cluster) {
        return http.send("POST", url("/clusters"), headers(), cluster, false).body().path("uuid").asText();
    }

    /** Asks Magnum to delete a cluster; a cluster that is already gone is fine. */
    void delete(String uuid) {
        http.send("DELETE", url("/clusters/" + encode(uuid)), headers(), null, true);
    }

    /** The PEM of the cluster's certificate authority. */
    String caCertificate(String uuid) {
        return http.send("GET", url("/certificates/" + encode(uuid)), headers(), null, false).body().path("pem").asText();
    }

    /** Has the cluster's authority sign a PEM certificate request; returns the PEM certificate. */
    String sign(String uuid, String csrPem) {
        ObjectNode request = CloudHttp.object().put("cluster_uuid", uuid).put("csr", csrPem);
        return http.send("POST", url("/certificates"), headers(), request, false).body().path("pem").asText();
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
