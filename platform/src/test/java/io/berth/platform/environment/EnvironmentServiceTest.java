package io.berth.platform.environment;

import io.berth.core.account.AccountId;
import io.berth.core.account.Principal;
import io.berth.core.account.Role;
import io.berth.core.catalog.PlanId;
import io.berth.core.catalog.ServicePlan;
import io.berth.core.environment.Environment;
import io.berth.core.environment.EnvironmentSpec;
import io.berth.core.environment.InvalidEnvironmentException;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.testing.InMemoryEnvironmentStore;
import io.berth.platform.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvironmentServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:15:00Z");
    private static final ServicePlan PLAN = new ServicePlan(PlanId.random(), "notebook", "", NOW);

    private final MutableClock clock = new MutableClock(NOW);
    private final EnvironmentService environments = new EnvironmentService(new InMemoryEnvironmentStore(), clock);
    private final Principal admin = new Principal(AccountId.random(), "admin", Role.ADMIN);
    private final Principal alice = new Principal(AccountId.random(), "alice", Role.USER);

    private static EnvironmentSpec spec(String name, String python, String... packages) {
        return new EnvironmentSpec(name, "", new EnvironmentSpec.Python(python, List.of(packages)),
                new EnvironmentSpec.Java("17", List.of()), List.of(), List.of());
    }

    private static void assertCode(Runnable call, ErrorCode code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(BerthException.class,
                e -> assertThat(e.errorCode()).isEqualTo(code));
    }

    @Test
    void adminsCreateReplaceAndDeleteAndEveryoneReads() {
        Environment created = environments.create(admin, spec("gaia-basic", "3.11", "numpy"), "{\"a\":1}");
        assertThat(created.parameters()).containsEntry("environment.python.packages", "numpy");
        assertCode(() -> environments.create(admin, spec("gaia-basic", "3.12"), "{}"), ErrorCode.ENVIRONMENT_EXISTS);
        assertCode(() -> environments.create(alice, spec("mine", "3.12"), "{}"), ErrorCode.FORBIDDEN);

        clock.advance(Duration.ofHours(1));
        Environment replaced = environments.replace(admin, "gaia-basic", spec("gaia-basic", "3.12", "scipy"), "{}");
        assertThat(replaced.createdAt()).isEqualTo(NOW);
        assertThat(replaced.updatedAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(environments.get("gaia-basic")).isEqualTo(replaced);
        assertThatThrownBy(() -> environments.replace(admin, "gaia-basic", spec("other", "3.12"), "{}"))
                .isInstanceOfSatisfying(InvalidEnvironmentException.class,
                        e -> assertThat(e.violations().get(0).path()).isEqualTo("/name"));
        assertCode(() -> environments.replace(admin, "nope", spec("nope", "3.12"), "{}"),
                ErrorCode.ENVIRONMENT_NOT_FOUND);
        assertCode(() -> environments.replace(alice, "gaia-basic", spec("gaia-basic", "3.12"), "{}"),
                ErrorCode.FORBIDDEN);

        assertThat(environments.list()).extracting(Environment::name).containsExactly("gaia-basic");
        assertCode(() -> environments.delete(alice, "gaia-basic"), ErrorCode.FORBIDDEN);
        environments.delete(admin, "gaia-basic");
        assertCode(() -> environments.delete(admin, "gaia-basic"), ErrorCode.ENVIRONMENT_NOT_FOUND);
        assertCode(() -> environments.get("gaia-basic"), ErrorCode.ENVIRONMENT_NOT_FOUND);
    }

    @Test
    void seedingKeepsAnOperatorsVersion() {
        assertThat(environments.seed(spec("gaia-basic", "3.11"), "{}")).isTrue();
        environments.replace(admin, "gaia-basic", spec("gaia-basic", "3.12"), "{}");
        assertThat(environments.seed(spec("gaia-basic", "3.11"), "{}")).isFalse();
        assertThat(environments.get("gaia-basic").parameters()).containsEntry("environment.python.version", "3.12");
    }

    @Test
    void theExpanderGivesTheNamedOrDefaultEnvironmentsParameters() {
        environments.create(admin, spec("gaia-basic", "3.11", "numpy", "pandas"), "{}");
        environments.create(admin, spec("gaia-ml", "3.11", "torch"), "{}");
        EnvironmentParameters expander = new EnvironmentParameters(environments, EnvironmentService.DEFAULT_ENVIRONMENT);

        assertThat(expander.expand(alice, PLAN, Map.of())).containsEntry("environment", "gaia-basic")
                .containsEntry("environment.name", "gaia-basic")
                .containsEntry("environment.python.packages", "numpy,pandas")
                .containsEntry("environment.java.version", "17")
                .containsEntry("environment.system.packages", "")
                .hasSize(8);
        // a forged value under an environment's own name is replaced
        assertThat(expander.expand(alice, PLAN, Map.of("environment", "gaia-ml",
                "environment.python.packages", "evil"))).containsEntry("environment.python.packages", "torch");

        assertCode(() -> expander.expand(alice, PLAN, Map.of("environment", "nope")), ErrorCode.ENVIRONMENT_NOT_FOUND);
        assertThatThrownBy(() -> expander.expand(alice, PLAN, Map.of("environment.image", "evil:latest")))
                .isInstanceOfSatisfying(BerthException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("'environment.image'");
                });
    }
}
