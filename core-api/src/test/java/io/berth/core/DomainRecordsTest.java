package io.berth.core;

import io.berth.core.catalog.ScriptSource;
import io.berth.core.catalog.TaskSpec;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.provisioning.ServiceTask;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DomainRecordsTest {

    private static void invalid(Runnable action, String message) {
        assertThatThrownBy(action::run).isInstanceOf(BerthException.class).hasMessageContaining(message)
                .extracting(e -> ((BerthException) e).errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
    }

    @Test
    void installedScriptsStayUnderTheRoot() {
        assertThat(new ScriptSource.Installed("notebook/install.sh").describe()).isEqualTo("installed:notebook/install.sh");
        invalid(() -> new ScriptSource.Installed("../etc/passwd"), "'..'");
        invalid(() -> new ScriptSource.Installed("/etc/passwd"), "relative");
        invalid(() -> new ScriptSource.Installed("a//b"), "empty");
    }

    @Test
    void fetchedScriptsArePinned() {
        String digest = "A".repeat(64);
        assertThat(new ScriptSource.Fetched(URI.create("https://example.org/s.sh"), digest).sha256()).isEqualTo("a".repeat(64));
        invalid(() -> new ScriptSource.Fetched(URI.create("https://example.org/s.sh"), "abc"), "64 hexadecimal");
        invalid(() -> new ScriptSource.Fetched(URI.create("ftp://example.org/s.sh"), digest), "https, http or file");
    }

    @Test
    void taskSpecDefaultsAndLimits() {
        TaskSpec spec = new TaskSpec("prepare", null, new ScriptSource.Installed("a.sh"), "sh", null, null, null, null, 0,
                null, false);
        assertThat(spec.kind()).isEqualTo("script");
        assertThat(spec.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(spec.backoffAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(spec.backoffAfter(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(spec.withRetries(2, Duration.ofMinutes(40)).backoffAfter(4)).isEqualTo(Duration.ofHours(1));
        invalid(() -> new TaskSpec("Bad Name", null, null, null, null, null, null, null, 0, null, false), "task.name");
        invalid(() -> new TaskSpec("x", null, null, null, null, null, null, null, 11, null, false), "task.retries");
        invalid(() -> new TaskSpec("x", null, null, null, null, Map.of("1BAD", "v"), null, null, 0, null, false),
                "invalid variable name");
        invalid(() -> new TaskSpec("x", null, null, null, List.of("a\0b"), null, null, null, 0, null, false), "NUL");
        invalid(() -> new TaskSpec("x", null, null, null, null, null, null, Duration.ofDays(2), 0, null, false), "task.timeout");
    }

    @Test
    void longOutputKeepsHeadAndTail() {
        String output = "H".repeat(50_000) + "T".repeat(50_000);
        String bounded = ServiceTask.bound(output);
        assertThat(bounded.length()).isLessThanOrEqualTo(ServiceTask.MAX_OUTPUT_CHARS);
        assertThat(bounded).startsWith("HHHH").endsWith("TTTT").contains("characters dropped");
        assertThat(ServiceTask.bound("short")).isEqualTo("short");
    }
}
