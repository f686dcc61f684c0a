package io.berth.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.core.catalog.ServicePlan;
import io.berth.platform.store.CommandQuery;
import io.berth.platform.store.Stores;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on error answers and on the store staying unchanged. */
final class Problems {
    private Problems() {
    }

    /** Asserts an RFC 9457 answer with the given status and code. */
    static JsonNode assertProblem(Http.Response response, int status, String code) {
        assertThat(response.status()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.mediaType()).isEqualTo("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("code").asText()).isEqualTo(code);
        assertThat(problem.path("type").asText()).isEqualTo("urn:berth:problem:" + code);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotEmpty();
        assertThat(problem.path("detail").asText()).isNotEmpty();
        assertThat(problem.path("instance").asText()).startsWith("/");
        assertThat(response.body()).doesNotContain("\tat ").doesNotContain("Exception");
        return problem;
    }

    /** What a test compares before and after a refused request. */
    record Snapshot(List<String> plans, int configurations, int deployments, int commands, int accounts) {
        static Snapshot of(Stores stores) {
            List<ServicePlan> plans = stores.catalog().listPlans();
            int configurations = plans.stream().mapToInt(p -> stores.catalog().listConfigurations(p.id()).size()).sum();
            return new Snapshot(plans.stream().map(ServicePlan::name).toList(), configurations,
                    stores.provisioning().listDeployments(null, true, 1000).size(),
                    stores.provisioning().listCommands(new CommandQuery(null, null, 1000)).size(),
                    stores.accounts().listAccounts().size());
        }
    }
}
