package io.berth.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.provisioning.openstack.FakeOpenStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code berth serve} with {@code BERTH_PROVIDER=local,openstack}: the OpenStack provider is found on the class
 * path, configured from {@code BERTH_PROVIDER_OPENSTACK_*} and a {@code BERTH_SECRET_*}, and runs a plan of
 * reserved servers on the in-process cloud from install to removal.
 */
class OpenStackEndToEndTest {
    @TempDir
    Path data;
    private FakeOpenStack cloud;
    private TestServer server;

    @BeforeEach
    void start() {
        cloud = FakeOpenStack.start();
        Map<String, String> env = new HashMap<>();
        env.put("BERTH_PROVIDER", "local,openstack");
        env.put("BERTH_PROVIDER_OPENSTACK_AUTH_URL", cloud.authUrl());
        env.put("BERTH_PROVIDER_OPENSTACK_REGION", FakeOpenStack.REGION);
        env.put("BERTH_PROVIDER_OPENSTACK_APPLICATION_CREDENTIAL_ID", FakeOpenStack.APPLICATION_CREDENTIAL_ID);
        env.put("BERTH_SECRET_OPENSTACK_APP_SECRET", FakeOpenStack.APPLICATION_SECRET);
        env.put("BERTH_PROVIDER_OPENSTACK_IMAGE", FakeOpenStack.IMAGE);
        env.put("BERTH_PROVIDER_OPENSTACK_NETWORK", "net-berth");
        env.put("BERTH_PROVIDER_OPENSTACK_FLAVORS", "m1.small,m1.medium");
        env.put("BERTH_PROVIDER_OPENSTACK_POLL_INTERVAL", "50ms");
        server = TestServer.fromEnvironment(data, env);
    }

    @AfterEach
    void stop() {
        server.close();
        cloud.close();
    }

    @Test
    void reservedServersAreCreatedForADeploymentAndRemovedWithIt() {
        Http http = server.http;
        String plan = Http.json(Map.of("name", "reserved-servers", "description", "plain VMs on the cloud",
                "configuration", Map.of(
                        "installTasks", List.of(Map.of("name", "servers", "kind", "openstack-server",
                                "repeatable", true)),
                        "removeTasks", List.of(Map.of("name", "servers-removal", "kind", "openstack-server")))));
        assertThat(http.post("/api/v1/plans", server.adminKey, plan).status()).isEqualTo(201);
        String alice = server.createUser("alice");

        String installId = http.post("/api/v1/commands", alice, "{\"action\":\"install\",\"plan\":\"reserved-servers\","
                + "\"parameters\":{\"nodes\":\"2\"}}").json().path("id").asText();
        JsonNode install = http.awaitCommand(alice, installId);

        assertThat(install.path("state").asText()).as("%s", install).isEqualTo("COMPLETED");
        String deployment = install.path("deployment").asText();
        assertThat(cloud.servers()).hasSize(2).allSatisfy(vm -> {
            assertThat(vm.status()).isEqualTo("ACTIVE");
            assertThat(vm.metadata()).containsEntry("berth-deployment", deployment);
            assertThat(vm.flavorId()).isEqualTo("f-small");
        });
        assertThat(install.path("tasks").get(0).path("output").asText()).contains("server=berth-" + deployment + "-1");

        String removeId = http.delete("/api/v1/deployments/" + deployment, alice).json().path("id").asText();
        JsonNode removed = http.awaitCommand(alice, removeId);

        assertThat(removed.path("state").asText()).as("%s", removed).isEqualTo("COMPLETED");
        assertThat(cloud.servers()).isEmpty();
        assertThat(http.get("/health/ready", null).json().path("checks"))
                .extracting(c -> c.path("name").asText() + "=" + c.path("status").asText())
                .contains("provider:openstack=UP");
    }
}
