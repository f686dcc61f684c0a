package io.berth.platform.auth;

import io.berth.core.account.Principal;
import io.berth.core.account.Role;
import io.berth.core.account.SshKey;
import io.berth.core.account.SshKeyId;
import io.berth.core.account.SshPublicKey;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.testing.InMemoryStores;
import io.berth.platform.testing.MutableClock;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SshKeyServiceTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final InMemoryStores stores = new InMemoryStores();
    private final AccountService accounts = new AccountService(stores, clock);
    private final SshKeyService keys = new SshKeyService(stores, clock);
    private final Principal root = accounts.authenticate(accounts.bootstrapAdmin("admin").orElseThrow().apiKey());
    private final Principal alice = accounts.authenticate(accounts.createAccount(root, "alice", Role.USER).apiKey());
    private final Principal bob = accounts.authenticate(accounts.createAccount(root, "bob", Role.USER).apiKey());

    @TempDir
    Path dir;

    @Test
    void anAddedKeyIsListedWithItsFingerprintAndNamedByItsCommentByDefault() {
        SshKey added = keys.add(alice, resource("ed25519.pub"), null);
        assertThat(added.name()).isEqualTo("test-ed25519");
        assertThat(added.fingerprint()).isEqualTo("SHA256:6bENvObIPUEq4M/r8gxOgnCYl489OXMVF7jFBNMYRJk");
        assertThat(added.created()).isEqualTo(clock.instant());
        clock.advance(Duration.ofSeconds(1));
        SshKey rsa = keys.add(alice, resource("rsa2048.pub"), " work ");
        assertThat(rsa.name()).isEqualTo("work");
        assertThat(keys.list(alice)).containsExactly(added, rsa);
        assertThat(keys.list(bob)).isEmpty();
    }

    @Test
    void theSameKeyTwiceInOneAccountIsAConflictButTwoAccountsMayShareIt() {
        keys.add(alice, resource("ed25519.pub"), null);
        assertThatThrownBy(() -> keys.add(alice, resource("ed25519.pub").replace("test-ed25519", "again"), "again"))
                .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.SSH_KEY_EXISTS))
                .hasMessageContaining("SHA256:6bENvObIPUEq4M/r8gxOgnCYl489OXMVF7jFBNMYRJk");
        assertThat(keys.add(bob, resource("ed25519.pub"), null).account()).isEqualTo(bob.account());
    }

    @Test
    void anAccountHoldsAtMostTwentyKeys() {
        for (int i = 0; i < SshKey.MAX_PER_ACCOUNT; i++) {
            keys.generate(alice, "k" + i);
        }
        assertCode(() -> keys.generate(alice, "one-more"), ErrorCode.SSH_KEY_LIMIT);
        assertCode(() -> keys.add(alice, resource("ed25519.pub"), null), ErrorCode.SSH_KEY_LIMIT);
        assertThat(keys.list(alice)).hasSize(SshKey.MAX_PER_ACCOUNT);
    }

    @Test
    void removingIsForTheOwnerOrAnAdmin() {
        SshKey key = keys.add(alice, resource("ed25519.pub"), null);
        assertCode(() -> keys.remove(bob, key.id()), ErrorCode.SSH_KEY_NOT_FOUND);
        assertCode(() -> keys.remove(alice, SshKeyId.random()), ErrorCode.SSH_KEY_NOT_FOUND);
        assertThat(keys.remove(alice, key.id())).isEqualTo(key);
        assertThat(keys.list(alice)).isEmpty();
        SshKey again = keys.add(alice, resource("ed25519.pub"), null);
        assertThat(keys.remove(root, again.id())).isEqualTo(again);
    }

    @Test
    void badLinesAndNamesAreRefused() {
        assertCode(() -> keys.add(alice, resource("ed25519.pub").replace("ssh-ed25519", "ssh-rsa"), null),
                ErrorCode.INVALID_SSH_KEY);
        assertCode(() -> keys.add(alice, resource("ed25519.pub"), "x".repeat(101)), ErrorCode.INVALID_REQUEST);
        assertCode(() -> keys.generate(alice, "tab\there"), ErrorCode.INVALID_REQUEST);
    }

    @Test
    void aGeneratedKeyIsStoredAndItsPrivateKeyIsAnOpenSshEd25519Key() {
        SshKeyService.GeneratedKey generated = keys.generate(alice, null);
        SshKey stored = generated.key();
        assertThat(stored.name()).isEqualTo("alice@berth");
        assertThat(stored.key().type()).isEqualTo("ssh-ed25519");
        assertThat(keys.list(alice)).containsExactly(stored);
        // the stored line parses back to the same key and fingerprint
        SshPublicKey reparsed = SshPublicKey.parse(stored.key().line());
        assertThat(reparsed).isEqualTo(stored.key());
        assertThat(reparsed.fingerprint()).isEqualTo(stored.fingerprint());
        assertThat(generated.privateKey()).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n")
                .endsWith("\n-----END OPENSSH PRIVATE KEY-----\n");
        assertThat(generated.privateKey().lines().skip(1).filter(l -> !l.startsWith("-----")))
                .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(70));
        assertThat(generated.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void sshKeygenDerivesTheStoredPublicKeyFromTheGeneratedPrivateKey() throws Exception {
        Assumptions.assumeTrue(onPath("ssh-keygen"),
                "ssh-keygen is not installed here; the private key format is checked only against the real tool");
        SshKeyService.GeneratedKey generated = keys.generate(alice, "laptop");
        Path file = dir.resolve("id_ed25519");
        Files.writeString(file, generated.privateKey(), StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        String derived = run("ssh-keygen", "-y", "-f", file.toString());
        assertThat(derived.strip()).isEqualTo(generated.key().key().line());
        String listed = run("ssh-keygen", "-l", "-f", file.toString());
        assertThat(listed).contains(generated.key().fingerprint());
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String folder : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(folder, program))) {
                return true;
            }
        }
        return false;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static void assertCode(Executable action, ErrorCode code) {
        assertThatThrownBy(action::execute).isInstanceOfSatisfying(BerthException.class,
                e -> assertThat(e.errorCode()).isEqualTo(code));
    }

    static String resource(String name) {
        try (InputStream in = SshKeyServiceTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
