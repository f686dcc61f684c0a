package io.berth.store.jpa;

import io.berth.core.account.Account;
import io.berth.core.account.AccountId;
import io.berth.core.account.ApiKey;
import io.berth.core.account.Role;
import io.berth.core.error.ErrorCode;
import io.berth.platform.store.SignInStore;
import io.berth.platform.store.SignInStore.LinkCode;
import io.berth.platform.store.SignInStore.LoginToken;
import io.berth.platform.store.SignInStore.Purpose;
import io.berth.platform.store.SignInStore.Session;
import io.berth.platform.store.SignInStore.StoredIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.berth.store.jpa.Fixtures.at;
import static io.berth.store.jpa.StoreContractTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-in store's contract, run on H2 and PostgreSQL by the subclasses: secrets are spent once (also when two
 * threads try at the same moment), only before they expire, only for their purpose or site; sessions expire;
 * identities are unique; purging an account deletes what only it refers to.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SignInStoreContractTest {
    JpaStores stores;
    SignInStore signIn;

    abstract StoreSettings settings();

    void dropDatabase() {
    }

    @BeforeAll
    void openStores() {
        stores = JpaStores.open(settings());
        signIn = stores.signIn();
    }

    @AfterAll
    void closeStores() {
        try {
            if (stores != null) {
                stores.close();
            }
        } finally {
            dropDatabase();
        }
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        StoreSettings settings = stores.settings();
        try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), settings.user(),
                settings.password()); Statement statement = connection.createStatement()) {
            for (String sql : List.of("DELETE FROM queue_entry", "DELETE FROM calendar_feed", "DELETE FROM api_key",
                    "DELETE FROM account")) {
                statement.execute(sql);
            }
        }
    }

    private Account account(String name) {
        Account account = new Account(AccountId.random(), name, Role.USER, 1, name + "@example.org", at(0));
        stores.accounts().insertAccount(account);
        return account;
    }

    private static String hash(char c) {
        return String.valueOf(c).repeat(64);
    }

    @Test
    void accountFieldsRoundTripAndEmailsAreUnique() {
        Account zoe = account("zoe");
        Account changed = zoe.withDisplayName("Zoë Z.").withEmailConfirmed(true).withTrial(true)
                .withDisabledAt(at(5)).withLevel(0);
        assertThat(stores.accounts().updateAccount(changed)).contains(changed);
        assertThat(stores.accounts().findAccount(zoe.id())).contains(changed);
        assertThat(stores.accounts().findAccountByEmail("ZOE@example.org")).contains(changed);
        assertThat(stores.accounts().findAccountByEmail("nobody@example.org")).isEmpty();
        assertThat(stores.accounts().updateAccount(changed.withLevel(2).withDisabledAt(null)).orElseThrow())
                .satisfies(a -> assertThat(a.isDisabled()).isFalse());

        Account adam = account("adam");
        assertCode(() -> stores.accounts().updateAccount(adam.withEmail("zoe@example.org")), ErrorCode.ACCOUNT_EXISTS);
        assertCode(() -> stores.accounts().insertAccount(new Account(AccountId.random(), "eve", Role.USER, 1,
                "adam@example.org", at(1))), ErrorCode.ACCOUNT_EXISTS);
        assertCode(() -> stores.accounts().setEmail(adam.id(), "zoe@example.org"), ErrorCode.ACCOUNT_EXISTS);
        assertThat(stores.accounts().updateAccount(new Account(AccountId.random(), "ghost", Role.USER, at(1))))
                .isEmpty();
    }

    @Test
    void passwordsAreSetAndReplaced() {
        Account zoe = account("zoe");
        assertThat(signIn.passwordHash(zoe.id())).isEmpty();
        signIn.setPassword(zoe.id(), "$argon2id$first", at(1));
        signIn.setPassword(zoe.id(), "$argon2id$second", at(2));
        assertThat(signIn.passwordHash(zoe.id())).contains("$argon2id$second");
        assertCode(() -> signIn.setPassword(AccountId.random(), "x", at(1)), ErrorCode.ACCOUNT_NOT_FOUND);
    }

    @Test
    void aCodeIsSpentOnceForItsPurposeBeforeItExpires() {
        Account zoe = account("zoe");
        LinkCode confirm = new LinkCode(hash('a'), zoe.id(), Purpose.CONFIRM, "zoe@example.org", at(0), at(100));
        LinkCode reset = new LinkCode(hash('b'), zoe.id(), Purpose.RESET, "zoe@example.org", at(0), at(100));
        signIn.insertCode(confirm);
        signIn.insertCode(reset);

        assertThat(signIn.useCode(hash('b'), EnumSet.of(Purpose.CONFIRM, Purpose.EMAIL), at(1))).isEmpty();
        assertThat(signIn.useCode(hash('a'), EnumSet.of(Purpose.CONFIRM), at(100))).as("expired").isEmpty();
        assertThat(signIn.useCode(hash('a'), EnumSet.of(Purpose.CONFIRM), at(99))).contains(confirm);
        assertThat(signIn.useCode(hash('a'), EnumSet.of(Purpose.CONFIRM), at(99))).as("used").isEmpty();
        assertThat(signIn.useCode(hash('c'), EnumSet.allOf(Purpose.class), at(1))).isEmpty();
        assertThat(signIn.useCode(hash('b'), EnumSet.of(Purpose.RESET), at(2))).contains(reset);
    }

    @Test
    void aLoginTokenIsSpentOnceBySiteBeforeItExpires() {
        Account zoe = account("zoe");
        signIn.insertLoginToken(new LoginToken(hash('a'), zoe.id(), "jupyter", at(0), at(60)));
        signIn.insertLoginToken(new LoginToken(hash('b'), zoe.id(), "jupyter", at(0), at(60)));

        assertThat(signIn.useLoginToken(hash('a'), "zeppelin", at(1))).as("another site").isEmpty();
        assertThat(signIn.useLoginToken(hash('a'), "jupyter", at(60))).as("expired").isEmpty();
        assertThat(signIn.useLoginToken(hash('b'), "jupyter", at(59))).contains(zoe.id());
        assertThat(signIn.useLoginToken(hash('b'), "jupyter", at(59))).as("used").isEmpty();
        assertCode(() -> signIn.insertLoginToken(new LoginToken(hash('c'), AccountId.random(), "jupyter", at(0),
                at(60))), ErrorCode.ACCOUNT_NOT_FOUND);
    }

    @Test
    void twoConcurrentRedeemsOfOneTokenSpendItOnce() throws Exception {
        Account zoe = account("zoe");
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                String token = String.format("%064x", round);
                signIn.insertLoginToken(new LoginToken(token, zoe.id(), "jupyter", at(0), at(60)));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Optional<AccountId>>> results = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    results.add(threads.submit(() -> {
                        start.await();
                        return signIn.useLoginToken(token, "jupyter", at(1));
                    }));
                }
                start.countDown();
                int spent = 0;
                for (Future<Optional<AccountId>> result : results) {
                    spent += result.get(30, TimeUnit.SECONDS).isPresent() ? 1 : 0;
                }
                assertThat(spent).as("round " + round).isEqualTo(1);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void sessionsExpireAreTouchedAndEnd() {
        Account zoe = account("zoe");
        Session first = new Session(hash('a'), zoe.id(), at(0), at(0), at(100), at(1000));
        Session second = new Session(hash('b'), zoe.id(), at(0), at(0), at(100), at(1000));
        Session third = new Session(hash('c'), zoe.id(), at(0), at(0), at(100), at(1000));
        signIn.insertSession(first);
        signIn.insertSession(second);
        signIn.insertSession(third);

        assertThat(signIn.findSession(hash('a'), at(99))).contains(first);
        assertThat(signIn.findSession(hash('a'), at(100))).isEmpty();
        signIn.touchSession(hash('a'), at(50), at(150));
        signIn.touchSession(hash('a'), at(40), at(140));
        assertThat(signIn.findSession(hash('a'), at(120)).orElseThrow().lastSeenAt()).isEqualTo(at(50));

        assertThat(signIn.deleteSessions(zoe.id(), hash('a'))).isEqualTo(2);
        assertThat(signIn.findSession(hash('b'), at(1))).isEmpty();
        assertThat(signIn.deleteSession(hash('a'))).isTrue();
        assertThat(signIn.deleteSession(hash('a'))).isFalse();
    }

    @Test
    void anIdentityBelongsToOneAccount() {
        Account zoe = account("zoe");
        Account adam = account("adam");
        StoredIdentity github = new StoredIdentity(zoe.id(), "github", "1234", "zoe@example.org", at(1));
        StoredIdentity google = new StoredIdentity(zoe.id(), "google", "1234", null, at(2));
        signIn.insertIdentity(github);
        signIn.insertIdentity(google);
        assertCode(() -> signIn.insertIdentity(new StoredIdentity(adam.id(), "github", "1234", null, at(3))),
                ErrorCode.IDENTITY_LINKED);
        assertThat(signIn.findIdentity("github", "1234")).contains(github);
        assertThat(signIn.findIdentity("github", "999")).isEmpty();
        assertThat(signIn.identities(zoe.id())).containsExactly(github, google);
        assertThat(signIn.identities(adam.id())).isEmpty();
    }

    @Test
    void trialsIdleWithoutSessionsAndMarkedAccountsArePurgedWithWhatTheyOwn() {
        Account active = account("active");
        stores.accounts().updateAccount(active.withTrial(true));
        signIn.insertSession(new Session(hash('a'), active.id(), at(0), at(0), at(5000), at(9000)));
        Account idle = account("idle");
        stores.accounts().updateAccount(idle.withTrial(true));
        signIn.touchAccount(idle.id(), at(10));
        Account recent = account("recent");
        stores.accounts().updateAccount(recent.withTrial(true));
        signIn.touchAccount(recent.id(), at(500));
        Account registered = account("registered");
        Account leaving = account("leaving");
        signIn.markForDeletion(leaving.id(), at(20));

        assertThat(signIn.accountsToPurge(at(100), at(200), 10)).containsExactlyInAnyOrder(idle.id(), leaving.id());
        assertThat(signIn.accountsToPurge(at(100), at(200), 1)).hasSize(1);
        assertThat(signIn.accountsToPurge(at(100), at(6000), 10))
                .as("the active trial's session ended").contains(active.id()).doesNotContain(registered.id());

        signIn.setPassword(leaving.id(), "$argon2id$x", at(1));
        signIn.insertCode(new LinkCode(hash('b'), leaving.id(), Purpose.RESET, "leaving@example.org", at(0), at(99)));
        signIn.insertLoginToken(new LoginToken(hash('c'), leaving.id(), "jupyter", at(0), at(60)));
        signIn.insertSession(new Session(hash('d'), leaving.id(), at(0), at(0), at(100), at(1000)));
        signIn.insertIdentity(new StoredIdentity(leaving.id(), "github", "42", null, at(1)));
        stores.accounts().insertApiKey(new ApiKey("bk_leaving", leaving.id(), "laptop", "e".repeat(64), at(1), null,
                null, null));

        assertThat(signIn.purgeAccount(leaving.id())).isTrue();
        assertThat(signIn.purgeAccount(leaving.id())).isFalse();
        assertThat(stores.accounts().findAccount(leaving.id())).isEmpty();
        assertThat(stores.accounts().findApiKey("bk_leaving")).isEmpty();
        assertThat(signIn.passwordHash(leaving.id())).isEmpty();
        assertThat(signIn.findIdentity("github", "42")).isEmpty();
        assertThat(signIn.findSession(hash('d'), at(1))).isEmpty();
        assertThat(signIn.useLoginToken(hash('c'), "jupyter", at(1))).isEmpty();
        assertThat(signIn.useCode(hash('b'), EnumSet.of(Purpose.RESET), at(1))).isEmpty();
        assertThat(stores.accounts().findAccount(registered.id())).isPresent();
    }

    @Test
    void expiredSecretsAreDeleted() {
        Account zoe = account("zoe");
        signIn.insertCode(new LinkCode(hash('a'), zoe.id(), Purpose.CONFIRM, "zoe@example.org", at(0), at(10)));
        signIn.insertLoginToken(new LoginToken(hash('b'), zoe.id(), "jupyter", at(0), at(10)));
        signIn.insertSession(new Session(hash('c'), zoe.id(), at(0), at(0), at(10), at(10)));
        signIn.insertSession(new Session(hash('d'), zoe.id(), at(0), at(0), at(20), at(20)));
        assertThat(signIn.deleteExpired(at(10))).isEqualTo(3);
        assertThat(signIn.deleteExpired(at(10))).isZero();
        assertThat(signIn.findSession(hash('d'), at(11))).isPresent();
    }
}
