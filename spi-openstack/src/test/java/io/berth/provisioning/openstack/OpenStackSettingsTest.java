package io.berth.provisioning.openstack;

import io.berth.core.error.ErrorCode;
import io.berth.provisioning.spi.ProviderException;
import io.berth.provisioning.spi.SecretResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenStackSettingsTest {

    private static final SecretResolver SECRETS = name -> switch (name) {
        case "openstack-app-secret" -> Optional.of("app-secret");
        case "openstack-password" -> Optional.of("pass-word");
        case "cumulus-secret" -> Optional.of("named-secret");
        default -> Optional.empty();
    };

    @TempDir
    Path folder;

    private static Map<String, String> minimal() {
        Map<String, String> settings = new HashMap<>();
        settings.put("auth.url", "https://cloud.example.org:5000");
        settings.put("application.credential.id", "cred-1");
        return settings;
    }

    @Test
    void defaultsAreSensibleAndTheAuthUrlGetsItsVersion() {
        OpenStackSettings settings = OpenStackSettings.parse(minimal(), SECRETS);

        assertThat(settings.authUrl()).isEqualTo("https://cloud.example.org:5000/v3");
        assertThat(settings.credentials()).isEqualTo(new OpenStackSettings.ApplicationCredential("cred-1", "app-secret"));
        assertThat(settings.region()).isNull();
        assertThat(settings.flavors()).isEmpty();
        assertThat(settings.keypairPrefix()).isEqualTo("berth");
        assertThat(settings.waitTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(settings.pollInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.blazarEnabled()).isFalse();
        assertThat(settings.maxNodes()).isEqualTo(20);
        assertThat(settings.toString()).doesNotContain("app-secret");
    }

    @Test
    void everySettingIsRead() {
        Map<String, String> given = minimal();
        given.put("region", "RegionTwo");
        given.put("application.credential.secret", "cumulus-secret");
        given.put("cluster.template", "k8s-1.30");
        given.put("flavors", "m1.large, m1.xlarge");
        given.put("image", "ubuntu-22.04");
        given.put("network", "net-1");
        given.put("security.group", "ssh");
        given.put("keypair.prefix", "aglais");
        given.put("wait.timeout", "PT45M");
        given.put("poll.interval", "15");
        given.put("blazar.enabled", "true");
        given.put("max.nodes", "8");

        OpenStackSettings settings = OpenStackSettings.parse(given, SECRETS);

        assertThat(settings).isEqualTo(new OpenStackSettings("https://cloud.example.org:5000/v3", "RegionTwo",
                new OpenStackSettings.ApplicationCredential("cred-1", "named-secret"), "k8s-1.30",
                List.of("m1.large", "m1.xlarge"), "ubuntu-22.04", "net-1", "ssh", "aglais", Duration.ofMinutes(45),
                Duration.ofSeconds(15), true, 8));
    }

    @Test
    void aPasswordLoginNeedsAProject() {
        Map<String, String> given = new HashMap<>(Map.of("auth.url", "http://keystone:5000/v3", "username", "berth"));
        assertThatThrownBy(() -> OpenStackSettings.parse(given, SECRETS))
                .hasMessageContaining("username needs project.name or project.id");

        given.put("project.id", "p-1");
        assertThat(OpenStackSettings.parse(given, SECRETS).credentials()).isEqualTo(
                new OpenStackSettings.Password("berth", "pass-word", "Default", "p-1", null, "Default"));
        assertThat(OpenStackSettings.parse(given, SECRETS).credentials().toString()).doesNotContain("pass-word");
    }

    @Test
    void badSettingsAreRefusedNamingTheSetting() {
        assertRefused(Map.of("application.credential.id", "c"), "auth.url is required");
        assertRefused(with("auth.url", "ftp://cloud"), "auth.url must be an http or https URL");
        assertRefused(with("auht.url", "x"), "unknown OpenStack setting 'auht.url'");
        assertRefused(with("username", "u"), "set either application.credential.id or username, not both");
        assertRefused(with("application.credential.secret", "missing"), "the secret 'missing' named by application.credential.secret is not configured");
        assertRefused(with("poll.interval", "soon"), "poll.interval must be seconds");
        assertRefused(with("wait.timeout", "PT5S"), "must not be longer than wait.timeout (PT5S)");
        assertRefused(with("max.nodes", "0"), "max.nodes must be between 1 and 1000");
        assertRefused(with("blazar.enabled", "maybe"), "blazar.enabled must be true or false");
        assertRefused(with("keypair.prefix", "Bad Prefix"), "keypair.prefix must be 1-16");
        assertRefused(with("image", "img;rm -rf"), "image must be 1-255");
        assertRefused(with("cloud", "cumulus"), "cloud needs clouds.file");
        assertRefused(Map.of("auth.url", "http://keystone:5000"), "set application.credential.id");
    }

    @Test
    void aCloudsFileGivesTheLoginAndDirectSettingsWin() throws IOException {
        Path file = folder.resolve("clouds.yaml");
        Files.writeString(file, """
                clouds:
                  cumulus:
                    auth:
                      auth_url: https://cumulus.example.ac.uk:5000/v3
                      application_credential_id: "cred-cumulus"
                      application_credential_secret: "from-the-file"
                    region_name: RegionOne
                    interface: public
                    identity_api_version: 3
                  other:
                    auth:
                      auth_url: https://other.example.org:5000/v3
                      username: alice
                      password: alice-password
                      project_name: astro
                      user_domain_name: Default
                      project_domain_name: Default
                """);

        OpenStackSettings cumulus = OpenStackSettings.parse(Map.of("clouds.file", file.toString(), "cloud", "cumulus",
                "region", "RegionTwo"), SECRETS);
        OpenStackSettings other = OpenStackSettings.parse(Map.of("clouds.file", file.toString(), "cloud", "other"), SECRETS);

        assertThat(cumulus.authUrl()).isEqualTo("https://cumulus.example.ac.uk:5000/v3");
        assertThat(cumulus.region()).isEqualTo("RegionTwo");
        assertThat(cumulus.credentials()).isEqualTo(new OpenStackSettings.ApplicationCredential("cred-cumulus", "from-the-file"));
        assertThat(other.credentials()).isEqualTo(new OpenStackSettings.Password("alice", "alice-password", "Default",
                null, "astro", "Default"));
        assertThat(OpenStackSettings.parse(Map.of("clouds.file", file.toString(), "cloud", "cumulus",
                "application.credential.secret", "cumulus-secret"), SECRETS).credentials())
                .isEqualTo(new OpenStackSettings.ApplicationCredential("cred-cumulus", "named-secret"));
        assertRefused(Map.of("clouds.file", file.toString()), "has several clouds; choose one with cloud");
        assertRefused(Map.of("clouds.file", file.toString(), "cloud", "nimbus"), "cloud 'nimbus' is not in clouds.file");
        assertRefused(Map.of("clouds.file", folder.resolve("none.yaml").toString()), "cannot be read as YAML");
    }

    @Test
    void theFactoryRefusesBadSettingsBeforeContactingTheCloud() {
        assertThatThrownBy(() -> new OpenStackProviderFactory().create(Map.of(),
                new io.berth.provisioning.tck.TestProviderContext()))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains("auth.url is required");
                });
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> settings = minimal();
        settings.put(key, value);
        return settings;
    }

    private static void assertRefused(Map<String, String> settings, String message) {
        assertThatThrownBy(() -> OpenStackSettings.parse(settings, SECRETS))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains(message);
                });
    }
}
