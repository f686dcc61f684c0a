package io.berth.server;

import io.berth.client.BerthApiException;
import io.berth.client.BerthClient;
import io.berth.client.CommandRequest;
import io.berth.client.ConfigurationRequest;
import io.berth.client.ConfigurationView;
import io.berth.client.EventView;
import io.berth.client.PlanRequest;
import io.berth.client.PlanView;
import io.berth.client.Submission;
import io.berth.client.TaskSpecView;
import io.berth.core.account.Role;
import io.berth.core.state.State;
import io.berth.platform.testing.FakeProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Java client of the {@code client} module against this server: the two agree on the API. */
class ClientTest {
    @TempDir
    Path data;
    private TestServer server;
    private BerthClient admin;

    @BeforeEach
    void start() {
        server = TestServer.inMemory(data, new FakeProvider());
        admin = client(server.adminKey);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private BerthClient client(String key) {
        return BerthClient.builder().baseUri(server.server.baseUri()).apiKey(key).timeout(Duration.ofSeconds(30)).build();
    }

    @Test
    void catalogCommandsAndEvents() {
        TaskSpecView prepare = new TaskSpecView("prepare", "fake", null, null, null, null, null, null, null, null, null);
        TaskSpecView start = new TaskSpecView("start", "fake", null, null, null, null, null, null, 1, null, true);
        TaskSpecView stop = new TaskSpecView("stop", "fake", null, null, null, null, null, null, null, null, null);
        PlanView plan = admin.createPlan(new PlanRequest("notebook", "A notebook",
                new ConfigurationRequest(List.of(prepare, start), List.of(stop), null, null)));
        assertThat(plan.latestVersion()).isEqualTo(1);
        assertThat(admin.listPlans()).extracting(PlanView::name).containsExactly("notebook");
        ConfigurationView configuration = admin.getConfiguration("notebook", 1);
        assertThat(configuration.installTasks()).extracting(TaskSpecView::name).containsExactly("prepare", "start");
        assertThat(configuration.installTasks().get(1).retries()).isEqualTo(1);
        assertThat(configuration.healthInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(admin.addConfiguration("notebook", configuration.toRequest()).version()).isEqualTo(2);

        String aliceKey = admin.createAccount("alice", Role.USER).apiKey();
        BerthClient alice = client(aliceKey);
        assertThat(alice.me().name()).isEqualTo("alice");
        Submission submitted = alice.submit(CommandRequest.install("notebook", Map.of("size", "small")), "c-1");
        assertThat(submitted.replayed()).isFalse();
        assertThat(alice.submit(CommandRequest.install("notebook", Map.of("size", "small")), "c-1").replayed()).isTrue();

        List<EventView> events = new ArrayList<>();
        alice.events(submitted.command().id(), 0, events::add);
        assertThat(events).extracting(e -> e.type() + ":" + e.state()).containsExactly(
                "command:INITIATED", "command:PENDING", "task:PENDING", "task:COMPLETED", "task:PENDING",
                "task:COMPLETED", "command:COMPLETED");
        assertThat(alice.waitFor(submitted.command().id(), Duration.ofSeconds(30)).state()).isEqualTo(State.COMPLETED);

        String deployment = submitted.command().deployment();
        assertThat(alice.getDeployment(deployment).stateCode()).isEqualTo(5);
        var removal = alice.removeDeployment(deployment);
        assertThat(alice.waitFor(removal.id(), Duration.ofSeconds(30)).state()).isEqualTo(State.COMPLETED);
        assertThat(alice.getDeployment(deployment).state()).isEqualTo(State.REMOVED);
        assertThat(alice.listDeployments(true)).hasSize(1);
        assertThat(alice.listCommands(deployment, 10)).hasSize(2);
    }

    @Test
    void problemsReachTheClientWithTheirCode() {
        assertThatThrownBy(() -> admin.getPlan("notebok"))
                .isInstanceOfSatisfying(BerthApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("plan-not-found");
                });
        BerthClient anonymous = client(null);
        assertThatThrownBy(anonymous::listPlans)
                .isInstanceOfSatisfying(BerthApiException.class, e -> assertThat(e.code())
                        .isEqualTo("authentication-required"));
    }
}
