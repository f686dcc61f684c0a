package io.berth.provisioning.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.core.error.ErrorCode;
import io.berth.provisioning.spi.ProviderException;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.types.Facing;
import org.openstack4j.core.transport.ObjectMapperSingleton;
import org.openstack4j.openstack.OSFactory;
import org.openstack4j.openstack.identity.v3.domain.KeystoneToken;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A Keystone v3 login shared by every task of the provider: it logs in (application credential, or password
 * scoped to a project), keeps the token until shortly before it expires, and hands out openstack4j clients
 * and service endpoints from the token's catalog. Thread safe; the token is never logged.
 */
final class KeystoneSession {

    /** A token is renewed when it has less than this left. */
    private static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

    private final OpenStackSettings settings;
    private final CloudHttp http;
    private final Clock clock;
    private Login login;

    private record Login(KeystoneToken token, JsonNode catalog, Instant expiresAt) {
    }

    KeystoneSession(OpenStackSettings settings, CloudHttp http, Clock clock) {
        this.settings = requireNonNull(settings, "settings is null");
        this.http = requireNonNull(http, "http is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** An openstack4j client bound to the calling thread, for the configured region. */
    OSClientV3 client() {
        OSClientV3 client = OSFactory.clientFromToken(current().token(), Facing.PUBLIC);
        return settings.region() == null ? client : client.useRegion(settings.region());
    }

    /** The token id for {@code X-Auth-Token}. */
    String tokenId() {
        return current().token().getId();
    }

    /**
     * The public endpoint of a service type (e.g. {@code container-infra}, {@code reservation}) in the
     * configured region.
     *
     * @throws ProviderException with {@link ErrorCode#PROVIDER_UNAVAILABLE} when the catalog has none
     */
    String endpoint(String serviceType) {
        for (JsonNode service : current().catalog()) {
            if (!serviceType.equals(service.path("type").asText())) {
                continue;
            }
            for (JsonNode endpoint : service.path("endpoints")) {
                boolean isPublic = "public".equals(endpoint.path("interface").asText("public"));
                String region = endpoint.path("region_id").asText(endpoint.path("region").asText(null));
                if (isPublic && (settings.region() == null || settings.region().equals(region))) {
                    return CloudHttp.trimSlash(endpoint.path("url").asText());
                }
            }
        }
        throw new ProviderException(ErrorCode.PROVIDER_UNAVAILABLE, "the cloud's service catalog has no public '"
                + serviceType + "' endpoint" + (settings.region() == null ? "" : " in region " + settings.region()));
    }

    /** Whether the catalog lists the service type at all. */
    boolean offers(String serviceType) {
        for (JsonNode service : current().catalog()) {
            if (serviceType.equals(service.path("type").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The headers of a call to a service, with the token. */
    Map<String, String> headers() {
        return Map.of("X-Auth-Token", tokenId());
    }

    /** Forgets the token, e.g. after the cloud refused it, so the next call logs in again. */
    synchronized void invalidate() {
        login = null;
    }

    private synchronized Login current() {
        if (login == null || !clock.instant().isBefore(login.expiresAt().minus(RENEW_BEFORE))) {
            login = logIn();
        }
        return login;
    }

    private Login logIn() {
        CloudHttp.Answer answer;
        try {
            answer = http.send("POST", settings.authUrl() + "/auth/tokens", Map.of(), authBody(), false);
        } catch (CloudHttp.CallFailed e) {
            throw new ProviderException(ErrorCode.PROVIDER_UNAVAILABLE, "Keystone refused the login"
                    + (e.status() == 401 ? " (check the credential and its secret): " : ": ") + e.getMessage(), e);
        } catch (java.io.UncheckedIOException e) {
            throw new ProviderException(ErrorCode.PROVIDER_UNAVAILABLE, "Keystone: " + e.getMessage(), e);
        }
        String subjectToken = answer.header("X-Subject-Token");
        JsonNode body = answer.body();
        if (subjectToken == null || !body.path("token").isObject()) {
            throw new ProviderException(ErrorCode.PROVIDER_UNAVAILABLE,
                    "Keystone answered the login without X-Subject-Token or token body");
        }
        KeystoneToken token;
        try {
            token = ObjectMapperSingleton.getContext(KeystoneToken.class).readerFor(KeystoneToken.class)
                    .readValue(body.toString());
        } catch (IOException e) {
            throw new ProviderException(ErrorCode.PROVIDER_UNAVAILABLE, "Keystone's token cannot be read", e);
        }
        token.setId(subjectToken);
        token.setEndpoint(settings.authUrl());
        Instant expiresAt;
        try {
            expiresAt = Instant.parse(body.path("token").path("expires_at").asText());
        } catch (RuntimeException e) {
            expiresAt = clock.instant().plus(Duration.ofHours(1));
        }
        JsonNode catalog = body.path("token").path("catalog");
        return new Login(token, catalog.isArray() ? catalog : CloudHttp.JSON.createArrayNode(), expiresAt);
    }

    private JsonNode authBody() {
        ObjectNode auth = CloudHttp.object();
        ObjectNode identity = auth.putObject("auth").putObject("identity");
        ArrayNode methods = identity.putArray("methods");
        if (settings.credentials() instanceof OpenStackSettings.ApplicationCredential credential) {
            methods.add("application_credential");
            identity.putObject("application_credential").put("id", credential.id()).put("secret", credential.secret());
        } else if (settings.credentials() instanceof OpenStackSettings.Password password) {
            methods.add("password");
            ObjectNode user = identity.putObject("password").putObject("user");
            user.put("name", password.username()).put("password", password.password());
            user.putObject("domain").put("name", password.userDomain());
            ObjectNode project = ((ObjectNode) auth.get("auth")).putObject("scope").putObject("project");
            if (password.projectId() != null) {
                project.put("id", password.projectId());
            } else {
                project.put("name", password.projectName());
                project.putObject("domain").put("name", password.projectDomain());
            }
        }
        return auth;
    }
}
