package io.berth.provisioning.kubernetes;

import io.berth.core.error.ErrorCode;
import io.berth.provisioning.spi.ProviderException;
import io.berth.provisioning.tck.TestProviderContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KubernetesSettingsTest {

    @TempDir
    Path folder;

    @Test
    void defaultsAreSensible() {
        KubernetesSettings settings = KubernetesSettings.parse(Map.of());

        assertThat(settings.namespacePrefix()).isEqualTo("berth-");
        assertThat(settings.sharing()).isEqualTo(KubernetesSettings.Sharing.MANAGED);
        assertThat(settings.waitTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.pollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.storageClass()).isNull();
        assertThat(settings.imageCatalog()).isNull();
        assertThat(settings.kubeconfig()).isNull();
        assertThat(settings.inCluster()).isFalse();
        assertThat(settings.clusterKubeconfigDir()).isNull();
    }

    @Test
    void theFolderOfDeploymentKubeconfigsMayNotExistYetButMustNotBeAFile() throws Exception {
        Path later = folder.resolve("providers/openstack/kubeconfig");
        assertThat(KubernetesSettings.parse(Map.of("cluster.kubeconfig.dir", later + "/../kubeconfig"))
                .clusterKubeconfigDir()).isEqualTo(later);

        Path file = Files.writeString(folder.resolve("not-a-folder"), "");
        assertThatThrownBy(() -> KubernetesSettings.parse(Map.of("cluster.kubeconfig.dir", file.toString())))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.getMessage()).isEqualTo("cluster.kubeconfig.dir " + file + " is not a directory");
                });
    }

    @Test
    void everySettingIsRead() {
        KubernetesSettings settings = KubernetesSettings.parse(Map.ofEntries(
                Map.entry("kubeconfig", "/etc/berth/kubeconfig"), Map.entry("context", "prod"),
                Map.entry("namespace.prefix", "dsp-"), Map.entry("sharing", "reserved"),
                Map.entry("reserved.node.selector", "berth.io/pool=reserved, zone=a"),
                Map.entry("reserved.taint", "dedicated:NoExecute"), Map.entry("image.catalog", "/etc/berth/images.json"),
                Map.entry("storage.class", "ceph-rbd"), Map.entry("examples.claim", "examples"),
                Map.entry("wait.timeout", "300"), Map.entry("node.selector", "berth.io/pool=cpu"),
                Map.entry("poll.interval", "PT1S")));

        assertThat(settings.kubeconfig()).isEqualTo(Path.of("/etc/berth/kubeconfig"));
        assertThat(settings.workloadContext()).isEqualTo("prod");
        assertThat(settings.namespacePrefix()).isEqualTo("dsp-");
        assertThat(settings.reservedNodeSelector()).containsExactlyInAnyOrderEntriesOf(
                Map.of("berth.io/pool", "reserved", "zone", "a"));
        assertThat(settings.reservedTaint()).isEqualTo(new KubernetesSettings.Taint("dedicated", null, "NoExecute"));
        assertThat(settings.storageClass()).isEqualTo("ceph-rbd");
        assertThat(settings.examplesClaim()).isEqualTo("examples");
        assertThat(settings.waitTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.nodeSelector()).isEqualTo("berth.io/pool=cpu");
        assertThat(settings.pollInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "kubeconfg=/x|unknown settings [kubeconfg]",
            "sharing=private|sharing must be shared, managed or reserved",
            "sharing=reserved|sharing=reserved needs reserved.node.selector",
            "reserved.taint=a:NoSchedule|apply only with sharing=reserved",
            "namespace.prefix=Berth_|namespace.prefix must be",
            "wait.timeout=forever|wait.timeout is neither",
            "wait.timeout=PT0S|wait.timeout must be between",
            "poll.interval=PT0.001S|poll.interval must be between",
            "storage.class=Fast SSD|storage.class is not a Kubernetes object name",
            "node.selector=a=b=c|node.selector is not a label selector",
            "in.cluster=yes|in.cluster must be true or false",
            "context=|context is empty"})
    void badValuesAreRefusedWithTheSettingNamed(String setting, String message) {
        int equals = setting.indexOf('=');
        Map<String, String> settings = new HashMap<>(Map.of(setting.substring(0, equals), setting.substring(equals + 1)));

        assertThatThrownBy(() -> KubernetesSettings.parse(settings))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @Test
    void aKubeconfigAndTheServiceAccountExcludeEachOther() {
        assertThatThrownBy(() -> KubernetesSettings.parse(Map.of("kubeconfig", "/x", "in.cluster", "true")))
                .hasMessageContaining("exclude each other");
        assertThatThrownBy(() -> KubernetesSettings.parse(Map.of("sharing", "reserved", "reserved.taint", "a=b:Never",
                "reserved.node.selector", "a=b"))).hasMessageContaining("reserved.taint must be");
    }

    @Test
    void theFactoryRefusesAMissingKubeconfigAndAMalformedCatalog() throws Exception {
        Path catalog = Files.writeString(folder.resolve("images.json"), "{\"images\": [{\"name\": \"x\", \"image\": \"a b\"}]}");
        Path kubeconfig = Files.writeString(folder.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\n");
        try (TestProviderContext context = new TestProviderContext()) {
            KubernetesProviderFactory factory = new KubernetesProviderFactory();
            assertThatThrownBy(() -> factory.create(Map.of("kubeconfig", folder.resolve("missing").toString()), context))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
                        assertThat(e.getMessage()).contains("does not exist");
                    });
            assertThatThrownBy(() -> factory.create(Map.of("kubeconfig", kubeconfig.toString(),
                    "image.catalog", catalog.toString()), context))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
                        assertThat(e.getMessage()).contains("image 'x' needs an image reference");
                    });
        }
    }
}
