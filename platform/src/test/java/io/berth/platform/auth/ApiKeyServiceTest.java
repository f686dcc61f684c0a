package io.berth.platform.auth;

import io.berth.core.account.ApiKey;
import io.berth.core.account.ApiScope;
import io.berth.core.account.Principal;
import io.berth.core.account.Role;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.testing.InMemoryStores;
import io.berth.platform.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** API keys of the account service: scopes, expiry, revocation and last use. */
class ApiKeyServiceTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final InMemoryStores stores = new InMemoryStores();
    private final AccountService accounts = new AccountService(stores, clock);
    private final AccountService.NewAccount admin = accounts.bootstrapAdmin("admin").orElseThrow();
    private final Principal root = accounts.authenticate(admin.apiKey());
    private final AccountService.NewAccount alice = accounts.createAccount(root, "alice", Role.USER);
    private final Principal aliceAll = accounts.authenticate(alice.apiKey());

    @Test
    void aKeyCarriesItsScopesIntoThePrincipal() {
        assertThat(root.scopes()).isEqualTo(ApiScope.all());
        assertThat(aliceAll.scopes()).isEqualTo(EnumSet.of(ApiScope.READ, ApiScope.DEPLOY, ApiScope.BOOK, ApiScope.ACCOUNT));

        AccountService.IssuedKey readOnly = accounts.createOwnApiKey(aliceAll, "ci", Set.of(ApiScope.READ), null, null);
        Principal reader = accounts.authenticate(readOnly.text());
        assertThat(reader.scopes()).containsExactly(ApiScope.READ);
        assertThat(reader.account()).isEqualTo(alice.account().id());
        assertThat(readOnly.key().scopes()).containsExactly(ApiScope.READ);
        assertThat(readOnly.key().name()).isEqualTo("ci");
    }

    @Test
    void aLevelZeroAccountMakesNoFurtherKeysNeitherItselfNorThroughAnAdmin() {
        AccountService.NewAccount guest = accounts.createAccount(root, "guest", Role.USER, 0);
        Principal guestKey = accounts.authenticate(guest.apiKey());
        assertThatThrownBy(() -> accounts.createOwnApiKey(guestKey, "laptop", null, null, null))
                .isInstanceOf(BerthException.class)
                .extracting(e -> ((BerthException) e).errorCode()).isEqualTo(ErrorCode.LEVEL_NOT_ALLOWED);
        assertThatThrownBy(() -> accounts.createApiKey(root, "guest", "laptop", null))
                .isInstanceOf(BerthException.class)
                .extracting(e -> ((BerthException) e).errorCode()).isEqualTo(ErrorCode.LEVEL_NOT_ALLOWED);
        assertThat(accounts.listOwnApiKeys(guestKey)).hasSize(1);
    }

    @Test
    void anAdminKeyWithoutTheAdminScopeActsAsAUser() {
        Principal plain = accounts.authenticate(accounts.createOwnApiKey(root, "daily",
                Set.of(ApiScope.READ, ApiScope.DEPLOY), null, null).text());
        assertThat(plain.role()).isEqualTo(Role.ADMIN);
        assertThat(plain.isAdmin()).isFalse();
        assertCode(() -> accounts.listAccounts(plain), ErrorCode.INSUFFICIENT_SCOPE);
        assertThat(accounts.listAccounts(root)).hasSize(2);
    }

    @Test
    void aKeyNeverGetsAScopeItsMakerOrItsAccountLacks() {
        Principal reader = accounts.authenticate(accounts.createOwnApiKey(aliceAll, "r",
                Set.of(ApiScope.READ, ApiScope.ACCOUNT), null, null).text());
        assertThatThrownBy(() -> accounts.createOwnApiKey(reader, "more", Set.of(ApiScope.DEPLOY), null, null))
                .isInstanceOf(BerthException.class).hasMessage("the scope 'deploy' is not among the scopes of the key making the new one");
        // without a list, the new key gets the maker's scopes
        assertThat(accounts.createOwnApiKey(reader, "same", null, null, null).key().scopes())
                .containsExactly(ApiScope.READ, ApiScope.ACCOUNT);
        assertThatThrownBy(() -> accounts.createOwnApiKey(aliceAll, "root", Set.of(ApiScope.ADMIN), null, null))
                .isInstanceOf(BerthException.class).hasMessage("the scope 'admin' is only for keys of admin accounts");
        assertThatThrownBy(() -> accounts.createApiKey(root, "alice", "x", Set.of(ApiScope.ADMIN), null, null))
                .isInstanceOf(BerthException.class).hasMessage("the scope 'admin' is only for keys of admin accounts");
        assertCode(() -> accounts.createOwnApiKey(aliceAll, "none", Set.of(), null, null), ErrorCode.INVALID_REQUEST);
    }

    @Test
    void expiryInDaysAndAtAnInstantAreCheckedAndEnforcedByTheClock() {
        AccountService.IssuedKey week = accounts.createOwnApiKey(aliceAll, "week", null, null, 7);
        assertThat(week.key().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(7)));
        assertCode(() -> accounts.createOwnApiKey(aliceAll, "x", null, null, 0), ErrorCode.INVALID_REQUEST);
        assertCode(() -> accounts.createOwnApiKey(aliceAll, "x", null, null, 3651), ErrorCode.INVALID_REQUEST);
        assertCode(() -> accounts.createOwnApiKey(aliceAll, "x", null, clock.instant(), null), ErrorCode.INVALID_REQUEST);
        assertCode(() -> accounts.createOwnApiKey(aliceAll, "x", null, clock.instant().plusSeconds(60), 1),
                ErrorCode.INVALID_REQUEST);

        clock.advance(Duration.ofDays(7).minusSeconds(1));
        assertThat(accounts.authenticate(week.text()).name()).isEqualTo("alice");
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> accounts.authenticate(week.text())).isInstanceOf(BerthException.class)
                .hasMessage("invalid API key");
    }

    @Test
    void revokingIsForTheOwnerOrAnAdminAndStopsTheKeyAtOnce() {
        AccountService.IssuedKey laptop = accounts.createOwnApiKey(aliceAll, "laptop", null, null, null);
        AccountService.NewAccount bob = accounts.createAccount(root, "bob", Role.USER);
        Principal bobAll = accounts.authenticate(bob.apiKey());

        assertCode(() -> accounts.revokeApiKey(bobAll, laptop.key().keyId()), ErrorCode.API_KEY_NOT_FOUND);
        assertCode(() -> accounts.revokeApiKey(aliceAll, "nosuchkey"), ErrorCode.API_KEY_NOT_FOUND);
        clock.advance(Duration.ofMinutes(5));
        ApiKey revoked = accounts.revokeApiKey(aliceAll, laptop.key().keyId());
        assertThat(revoked.revokedAt()).isEqualTo(clock.instant());
        assertThatThrownBy(() -> accounts.authenticate(laptop.text())).hasMessage("invalid API key");

        String other = accounts.createOwnApiKey(bobAll, "b", null, null, null).key().keyId();
        assertThat(accounts.revokeApiKey(root, other).revokedAt()).isEqualTo(clock.instant());
    }

    @Test
    void theOwnListShowsLastUseAndOnlyTheCallersKeys() {
        AccountService.IssuedKey laptop = accounts.createOwnApiKey(aliceAll, "laptop", null, null, null);
        clock.advance(Duration.ofMinutes(3));
        accounts.authenticate(laptop.text());
        assertThat(accounts.listOwnApiKeys(aliceAll)).extracting(ApiKey::name).containsExactly("laptop", "initial");
        assertThat(accounts.listOwnApiKeys(aliceAll).get(0).lastUsedAt()).isEqualTo(clock.instant());
        assertThat(accounts.listOwnApiKeys(root)).extracting(ApiKey::name).containsExactly("initial");
    }

    private static void assertCode(Executable action, ErrorCode code) {
        assertThatThrownBy(action::execute).isInstanceOfSatisfying(BerthException.class,
                e -> assertThat(e.errorCode()).isEqualTo(code));
    }
}
