package io.berth.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.core.provisioning.DeploymentId;
import io.berth.core.provisioning.ServiceDeployment;
import io.berth.platform.testing.FakeProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static io.berth.server.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Platform-owned parameters end to end: an install names an environment and a booking, and the stored deployment
 * (and what the provider's tasks receive) carries the level, the booked package and the environment, whatever the
 * request tried to set under those names.
 */
class ParameterExpansionTest {
    @TempDir
    Path data;
    private TestServer server;
    private FakeProvider provider;
    private Http http;
    private String admin;
    private String alice;
    private String bob;

    @BeforeEach
    void start() {
        provider = new FakeProvider();
        server = TestServer.inMemory(data, provider);
        http = server.http;
        admin = server.adminKey;
        alice = server.createUser("alice");
        bob = server.createUser("bob");
        assertThat(http.post("/api/v1/plans", admin, Plans.fakePlan("notebook", "start")).status()).isEqualTo(201);
        assertThat(http.post("/api/v1/pools", admin, "{\"name\":\"rack\",\"mode\":\"MANAGED\"}").status())
                .isEqualTo(201);
        assertThat(http.post("/api/v1/pools/rack/capacity", admin, "{\"resources\":{\"milliCores\":200000,"
                + "\"memoryMiB\":1000000,\"diskGiB\":10000}}").status()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String book(String key, String pkg) {
        Http.Response booked = http.post("/api/v1/bookings", key, "{\"package\":\"" + pkg + "\",\"pool\":\"rack\","
                + "\"start\":\"now\",\"days\":1}");
        assertThat(booked.status()).as(booked.body()).isEqualTo(201);
        return booked.json().path("id").asText();
    }

    private Http.Response install(String key, Map<String, String> parameters) {
        return http.post("/api/v1/commands", key, Http.json(Map.of("action", "install", "plan", "notebook",
                "parameters", parameters)));
    }

    @Test
    void anInstallWithAnEnvironmentAndABookingStoresTheExpandedParameters() {
        String booking = book(alice, "medium");
        Http.Response accepted = install(alice, Map.of("environment", "gaia-ml", "booking", booking,
                "resources.worker.cores", "64", "environment.python.packages", "evil", "size", "small"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        JsonNode command = http.awaitCommand(alice, accepted.json().path("id").asText());
        assertThat(command.path("state").asText()).isEqualTo("COMPLETED");

        String deploymentId = accepted.json().path("deployment").asText();
        ServiceDeployment stored = server.stores.provisioning().findDeployment(DeploymentId.parse(deploymentId))
                .orElseThrow();
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        assertThat(stored.parameters())
                .containsEntry("size", "small")
                .containsEntry("account.level", "1")
                .containsEntry("booking", booking)
                .containsEntry("booking.pool", "rack")
                .containsEntry("booking.package", "medium")
                .containsEntry("resources.package", "medium")
                .containsEntry("resources.worker.cores", "4")
                .containsEntry("resources.spark.worker.cores", "8")
                .containsEntry("quota.notebooks.count", "50")
                .containsEntry("environment", "gaia-ml")
                .containsEntry("environment.name", "gaia-ml")
                .containsEntry("environment.python.version", "3.11")
                .containsEntry("environment.python.packages",
                        "numpy,pandas,astropy,matplotlib,scikit-learn,torch,pyspark")
                .containsEntry("environment.java.version", "17")
                .containsEntry("environment.system.packages", "libgomp1");
        // the booking runs from the start of the hour it was made in, for a day (the hour may have turned since)
        Instant start = Instant.parse(stored.parameters().get("booking.start"));
        assertThat(start).isIn(hour, hour.minus(1, ChronoUnit.HOURS));
        assertThat(Instant.parse(stored.parameters().get("booking.end"))).isEqualTo(start.plus(1, ChronoUnit.DAYS));

        // the API shows them, and the provider's task received them
        JsonNode deployment = http.get("/api/v1/deployments/" + deploymentId, alice).json();
        assertThat(deployment.path("parameters").path("resources.package").asText()).isEqualTo("medium");
        assertThat(provider.calls()).anySatisfy(call -> assertThat(call.parameters())
                .containsEntry("environment.name", "gaia-ml").containsEntry("resources.package", "medium"));
    }

    @Test
    void withoutParametersTheLevelsPackageAndTheDefaultEnvironmentApply() {
        Http.Response accepted = install(alice, Map.of());
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        JsonNode deployment = http.get("/api/v1/deployments/" + accepted.json().path("deployment").asText(), alice)
                .json().path("parameters");
        assertThat(deployment.path("resources.package").asText()).isEqualTo("small");
        assertThat(deployment.path("environment.name").asText()).isEqualTo("gaia-basic");
        assertThat(deployment.path("environment.python.packages").asText()).isEqualTo("numpy,pandas,astropy,matplotlib");
        assertThat(deployment.has("booking.start")).isFalse();
    }

    @Test
    void refusedInstallsLeaveNoDeployment() {
        String bobsBooking = book(bob, "small");
        Problems.Snapshot before = Problems.Snapshot.of(server.stores);

        assertProblem(install(alice, Map.of("environment", "nope")), 404, "environment-not-found");
        assertProblem(install(alice, Map.of("booking", bobsBooking)), 404, "booking-not-found");
        assertProblem(install(alice, Map.of("booking", "not-a-booking")), 400, "invalid-request");
        assertProblem(install(alice, Map.of("booking.end", "2099-01-01T00:00:00Z")), 400, "invalid-request");
        assertProblem(install(alice, Map.of("environment.image", "evil:latest")), 400, "invalid-request");
        String cancelled = book(alice, "small");
        assertThat(http.delete("/api/v1/bookings/" + cancelled, alice).status()).isEqualTo(200);
        before = Problems.Snapshot.of(server.stores);
        assertThat(assertProblem(install(alice, Map.of("booking", cancelled)), 400, "booking-not-current")
                .path("detail").asText()).contains("cancelled");
        assertThat(Problems.Snapshot.of(server.stores)).isEqualTo(before);
    }
}
