package io.berth.server;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerConfigTest {

    @Test
    void defaultsAreTheEmbeddedServer() {
        ServerConfig config = ServerConfig.fromEnvironment(Map.of());
        Path data = Path.of("data").toAbsolutePath().normalize();
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.dataDir()).isEqualTo(data);
        assertThat(config.dbUrl()).isNull();
        assertThat(config.dbUser()).isEmpty();
        assertThat(config.dbPassword()).isEmpty();
        assertThat(config.dbPoolSize()).isEqualTo(10);
        assertThat(config.providers()).containsExactly("local");
        assertThat(config.scriptRoot()).isEqualTo(data.resolve("scripts"));
        assertThat(config.executorWorkers()).isEqualTo(4);
        assertThat(config.lease()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.fetchSchemes()).containsExactly("https");
        assertThat(config.demoCatalog()).isTrue();
        assertThat(config.providerSettings("local")).isEqualTo(Map.of("script.root", data.resolve("scripts").toString()));
        assertThat(config.adminKeyFile()).isEqualTo(data.resolve("admin-key"));
    }

    @Test
    void everyVariableIsRead() {
        ServerConfig config = ServerConfig.fromEnvironment(Map.ofEntries(
                Map.entry("BERTH_PORT", "0"),
                Map.entry("BERTH_DATA_DIR", "/srv/berth"),
                Map.entry("BERTH_DB_URL", "jdbc:postgresql://db:5432/berth"),
                Map.entry("BERTH_DB_USER", "berth"),
                Map.entry("BERTH_DB_PASSWORD", "s3cret"),
                Map.entry("BERTH_DB_POOL_SIZE", "20"),
                Map.entry("BERTH_PROVIDER", "local, kubernetes"),
                Map.entry("BERTH_SCRIPT_ROOT", "/opt/scripts"),
                Map.entry("BERTH_EXECUTOR_WORKERS", "16"),
                Map.entry("BERTH_LEASE_SECONDS", "60"),
                Map.entry("BERTH_FETCH_SCHEMES", "https,FILE"),
                Map.entry("BERTH_DEMO_CATALOG", "false"),
                Map.entry("BERTH_PROVIDER_KUBERNETES_API_URL", "https://k8s:6443"),
                Map.entry("BERTH_PROVIDER_KUBERNETES_NAMESPACE_PREFIX", "berth-"),
                Map.entry("BERTH_PROVIDER_LOCAL_KILL_GRACE", "PT5S"),
                Map.entry("BERTH_PROVIDER_OPENSTACK_URL", "ignored: not a configured provider"),
                Map.entry("BERTH_SECRET_KUBERNETES_TOKEN", "token")));
        assertThat(config.port()).isZero();
        assertThat(config.dataDir()).isEqualTo(Path.of("/srv/berth"));
        assertThat(config.dbUrl()).isEqualTo("jdbc:postgresql://db:5432/berth");
        assertThat(config.dbUser()).isEqualTo("berth");
        assertThat(config.dbPassword()).isEqualTo("s3cret");
        assertThat(config.dbPoolSize()).isEqualTo(20);
        assertThat(config.providers()).containsExactly("local", "kubernetes");
        assertThat(config.scriptRoot()).isEqualTo(Path.of("/opt/scripts"));
        assertThat(config.executorWorkers()).isEqualTo(16);
        assertThat(config.lease()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.fetchSchemes()).isEqualTo(Set.of("https", "file"));
        assertThat(config.demoCatalog()).isFalse();
        assertThat(config.providerSettings("kubernetes"))
                .isEqualTo(Map.of("api.url", "https://k8s:6443", "namespace.prefix", "berth-"));
        assertThat(config.providerSettings("local"))
                .isEqualTo(Map.of("kill.grace", "PT5S", "script.root", "/opt/scripts"));
        assertThat(config.providerSettings()).containsOnlyKeys("local", "kubernetes");
        assertThat(config.secret("kubernetes.token")).contains("token");
        assertThat(config.secret("other")).isEmpty();
        assertThat(config.toString()).doesNotContain("s3cret").doesNotContain("token\"").contains("<hidden>");
    }

    @Test
    void anExplicitScriptRootSettingWins() {
        ServerConfig config = ServerConfig.fromEnvironment(Map.of("BERTH_SCRIPT_ROOT", "/a",
                "BERTH_PROVIDER_LOCAL_SCRIPT_ROOT", "/b"));
        assertThat(config.providerSettings("local")).containsEntry("script.root", "/b");
    }

    @Test
    void providerNamesWithDashesKeepTheirSettingsApart() {
        ServerConfig config = ServerConfig.fromEnvironment(Map.of("BERTH_PROVIDER", "a,a-b",
                "BERTH_PROVIDER_A_B_X", "1", "BERTH_PROVIDER_A_Y", "2"));
        assertThat(config.providerSettings("a-b")).isEqualTo(Map.of("x", "1"));
        assertThat(config.providerSettings("a")).isEqualTo(Map.of("y", "2"));
    }

    @Test
    void blankMeansUnsetAndNoneTurnsFetchingOff() {
        ServerConfig config = ServerConfig.fromEnvironment(Map.of("BERTH_PORT", " ", "BERTH_FETCH_SCHEMES", "none"));
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.fetchSchemes()).isEmpty();
    }

    @Test
    void badValuesNameTheirVariable() {
        Map<String, String> bad = Map.ofEntries(
                Map.entry("BERTH_PORT", "eighty"),
                Map.entry("BERTH_DB_URL", "mysql://db"),
                Map.entry("BERTH_DB_POOL_SIZE", "0"),
                Map.entry("BERTH_PROVIDER", "Local"),
                Map.entry("BERTH_EXECUTOR_WORKERS", "1000"),
                Map.entry("BERTH_LEASE_SECONDS", "-1"),
                Map.entry("BERTH_FETCH_SCHEMES", "ftp"),
                Map.entry("BERTH_DEMO_CATALOG", "yes"),
                Map.entry("BERTH_TIME_ZONE", "Mars/Olympus"),
                Map.entry("BERTH_OFFER_HOLD_MINUTES", "0"),
                Map.entry("BERTH_QUEUE_SWEEP_SECONDS", "soon"),
                Map.entry("BERTH_MAIL_FROM", "berth at example"),
                Map.entry("BERTH_SMTP_PORT", "0"));
        bad.forEach((variable, value) -> assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of(variable, value)))
                .isInstanceOf(ServerConfig.ConfigException.class)
                .hasMessageStartingWith(variable + " "));
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("BERTH_PORT", "70000")))
                .hasMessage("BERTH_PORT must be from 0 to 65535, was 70000");
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("BERTH_PROVIDER", "local,local")))
                .hasMessageStartingWith("BERTH_PROVIDER names 'local' twice");
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("BERTH_PROVIDER", "local,,x")))
                .hasMessageStartingWith("BERTH_PROVIDER has an empty entry");
    }

    @Test
    void bookingSettingsHaveDefaultsAndPoliciesCanBeReplacedPerLevel() {
        ServerConfig defaults = ServerConfig.fromEnvironment(Map.of());
        assertThat(defaults.timeZone()).isEqualTo(java.time.ZoneId.of("UTC"));
        assertThat(defaults.offerHold()).isEqualTo(java.time.Duration.ofMinutes(15));
        assertThat(defaults.bookingPolicies().policyFor(1).maxConcurrent()).isEqualTo(2);

        ServerConfig set = ServerConfig.fromEnvironment(Map.of("BERTH_TIME_ZONE", "Europe/London",
                "BERTH_BOOKING_POLICY_1", "max-ahead=60d, max-concurrent=4, extension-window=12h, small=20d, large=P2D",
                "BERTH_BOOKING_POLICY_3", "none"));
        assertThat(set.timeZone()).isEqualTo(java.time.ZoneId.of("Europe/London"));
        io.berth.booking.BookingPolicy one = set.bookingPolicies().policyFor(1);
        assertThat(one.maxAhead()).isEqualTo(java.time.Duration.ofDays(60));
        assertThat(one.maxConcurrent()).isEqualTo(4);
        assertThat(one.extensionWindow()).isEqualTo(java.time.Duration.ofHours(12));
        assertThat(one.maxDurationPerPackage()).isEqualTo(Map.of("small", java.time.Duration.ofDays(20), "large",
                java.time.Duration.ofDays(2)));
        assertThat(set.bookingPolicies().policyFor(2).maxConcurrent()).isEqualTo(5);
        assertThat(set.bookingPolicies().policyFor(7).mayBook()).isFalse();

        for (String bad : List.of("small", "max-concurrent=x,small=1d", "max-ahead=2d", "small=-1d")) {
            assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("BERTH_BOOKING_POLICY_1", bad)))
                    .isInstanceOf(ServerConfig.ConfigException.class)
                    .hasMessageStartingWith("BERTH_BOOKING_POLICY_1: ");
        }
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("BERTH_BOOKING_POLICY_X", "none")))
                .hasMessageStartingWith("BERTH_BOOKING_POLICY_X: ");
    }

    @Test
    void levelQuotasCanBeChangedPerLevel() {
        ServerConfig set = ServerConfig.fromEnvironment(Map.of("BERTH_LEVEL_1",
                "notebooks=20x100, temp-days=3, saved-months=keep, package=medium", "BERTH_LEVEL_4", "package=large"));
        io.berth.core.account.LevelQuotas one = set.accountLevels().quotasFor(1);
        assertThat(one.notebooks()).isEqualTo(new io.berth.core.account.LevelQuotas.StorageQuota(20, 100));
        assertThat(one.retention().tempDataDays()).isEqualTo(3);
        assertThat(one.retention().savedDataMonths()).isNull();
        assertThat(one.retention().notebookMonths()).isEqualTo(12);
        assertThat(one.defaultPackage()).isEqualTo("medium");
        // level 4 starts from what level 4 had (level 2's) and changes its package only
        assertThat(set.accountLevels().quotasFor(5).defaultPackage()).isEqualTo("large");
        assertThat(set.accountLevels().quotasFor(5).notebooks().maxCount()).isEqualTo(500);
        for (String bad : List.of("notebooks=20", "colour=red", "temp-days=-1", "notebooks")) {
            assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("BERTH_LEVEL_1", bad)))
                    .isInstanceOf(ServerConfig.ConfigException.class).hasMessageStartingWith("BERTH_LEVEL_1: ");
        }
    }

    @Test
    void providerListsAreTrimmed() {
        assertThat(ServerConfig.fromEnvironment(Map.of("BERTH_PROVIDER", " local ")).providers())
                .isEqualTo(List.of("local"));
    }
}
