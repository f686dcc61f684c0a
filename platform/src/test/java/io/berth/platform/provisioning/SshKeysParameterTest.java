package io.berth.platform.provisioning;

import io.berth.core.account.Principal;
import io.berth.core.account.Role;
import io.berth.core.account.SshKey;
import io.berth.core.catalog.TaskSpec;
import io.berth.platform.auth.AccountService;
import io.berth.platform.auth.SshKeyService;
import io.berth.platform.catalog.CatalogService;
import io.berth.platform.catalog.ConfigurationDraft;
import io.berth.platform.provider.ProviderRegistry;
import io.berth.platform.testing.FakeProvider;
import io.berth.platform.testing.InMemoryStores;
import io.berth.platform.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The owner's SSH keys reach the parameters of install and configure commands, and only theirs. */
class SshKeysParameterTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final InMemoryStores stores = new InMemoryStores();
    private final CatalogService catalog = new CatalogService(stores, ProviderRegistry.of(List.of(new FakeProvider())), clock);
    private final CommandService commands = new CommandService(stores, catalog, clock, CommandListener.NONE);
    private final AccountService accounts = new AccountService(stores, clock);
    private final SshKeyService sshKeys = new SshKeyService(stores, clock);
    private final Principal root = accounts.authenticate(accounts.bootstrapAdmin("admin").orElseThrow().apiKey());
    private final Principal alice = accounts.authenticate(accounts.createAccount(root, "alice", Role.USER).apiKey());

    @BeforeEach
    void plan() {
        commands.addExpander(new SshKeysParameter(sshKeys));
        TaskSpec start = new TaskSpec("start", "fake", null, null, List.of(), Map.of(), Map.of(), Duration.ofMinutes(1),
                0, Duration.ofSeconds(1), false);
        catalog.createPlan(root, "notebook", "a notebook", new ConfigurationDraft(List.of(start), List.of(), null,
                Duration.ofMinutes(1)));
    }

    @Test
    void withoutKeysTheParameterIsAbsentEvenWhenTheRequestForgedOne() {
        Map<String, String> parameters = install(Map.of("ssh.keys", "ssh-ed25519 AAAAforged", "size", "s"));
        assertThat(parameters).isEqualTo(Map.of("size", "s"));
    }

    @Test
    void theKeysOfTheSubmitterAreItsLinesOldestFirst() {
        SshKey first = sshKeys.generate(alice, "one").key();
        clock.advance(Duration.ofSeconds(1));
        SshKey second = sshKeys.generate(alice, "two").key();
        sshKeys.generate(root, "the admin's");

        Map<String, String> parameters = install(Map.of("ssh.keys", "ssh-ed25519 AAAAforged"));
        assertThat(parameters.get("ssh.keys")).isEqualTo(first.key().line() + "\n" + second.key().line());
    }

    @Test
    void keysThatWouldPassTheLimitAreLeftOutWithAllLaterOnes() {
        String big1 = bigRsa(1);
        String big2 = bigRsa(2);
        String big3 = bigRsa(3);
        assertThat(big1.length() + big2.length() + 1).isLessThanOrEqualTo(SshKeysParameter.MAX_LENGTH);
        assertThat(big1.length() + big2.length() + big3.length() + 2).isGreaterThan(SshKeysParameter.MAX_LENGTH);
        for (String line : List.of(big1, big2, big3)) {
            sshKeys.add(alice, line, null);
            clock.advance(Duration.ofSeconds(1));
        }
        sshKeys.generate(alice, "small");

        String value = install(Map.of()).get("ssh.keys");
        assertThat(value).isEqualTo(big1 + "\n" + big2);
        assertThat(value.length()).isLessThanOrEqualTo(SshKeysParameter.MAX_LENGTH);
    }

    private Map<String, String> install(Map<String, String> parameters) {
        return commands.submit(alice, CommandRequest.install("notebook", parameters), null).command().parameters();
    }

    /** A well-formed 8192-bit RSA public key line (not a real key pair: only the public form matters here). */
    private static String bigRsa(long seed) {
        BigInteger modulus = new BigInteger(8192, new Random(seed)).setBit(8191).setBit(0);
        byte[] type = "ssh-rsa".getBytes(StandardCharsets.US_ASCII);
        byte[] e = BigInteger.valueOf(65537).toByteArray();
        byte[] n = modulus.toByteArray();
        ByteBuffer blob = ByteBuffer.allocate(12 + type.length + e.length + n.length);
        blob.putInt(type.length).put(type).putInt(e.length).put(e).putInt(n.length).put(n);
        return "ssh-rsa " + Base64.getEncoder().encodeToString(blob.array()) + " big" + seed;
    }
}
