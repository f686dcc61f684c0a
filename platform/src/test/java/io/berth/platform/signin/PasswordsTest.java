package io.berth.platform.signin;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordsTest {
    private final Passwords passwords = new Passwords();

    @Test
    void hashesAreArgon2idWithOwaspParametersAndSalted() {
        char[] password = "correct horse battery staple".toCharArray();
        String first = passwords.hash(password);
        String second = passwords.hash(password);
        assertThat(first).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(second).isNotEqualTo(first);
        assertThat(passwords.verify(password, first)).isTrue();
        assertThat(passwords.verify(password, second)).isTrue();
        assertThat(passwords.verify("correct horse battery stapl".toCharArray(), first)).isFalse();
        assertThat(passwords.verify(password, "not a hash")).isFalse();
        assertThat(passwords.verify(password, "$argon2id$garbage")).isFalse();
        assertThat(passwords.needsRehash(first)).isFalse();
    }

    @Test
    void theWholePasswordCountsBeyondSeventyTwoBytes() {
        String prefix = "é".repeat(40);
        String hash = passwords.hash((prefix + "one ending").toCharArray());
        assertThat(passwords.verify((prefix + "another ending").toCharArray(), hash)).isFalse();
        assertThat(passwords.verify(prefix.toCharArray(), hash)).isFalse();
        assertThat(passwords.verify((prefix + "one ending").toCharArray(), hash)).isTrue();
    }

    @Test
    void hashesOfOtherParametersVerifyAndAskForARehash() {
        Passwords cheaper = new Passwords(1024, 1, 1);
        String old = cheaper.hash("an older passphrase".toCharArray());
        assertThat(old).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
        assertThat(passwords.verify("an older passphrase".toCharArray(), old)).isTrue();
        assertThat(passwords.needsRehash(old)).isTrue();
        assertThat(passwords.needsRehash("junk")).isTrue();
    }

    @Test
    void lengthIsCountedInCharactersNotUnits() {
        Passwords.checkNew("x".repeat(12).toCharArray());
        Passwords.checkNew("x".repeat(128).toCharArray());
        Passwords.checkNew("\uD83D\uDE00".repeat(12).toCharArray());
        assertWeak("x".repeat(11));
        assertWeak("x".repeat(129));
        assertWeak("\uD83D\uDE00".repeat(129));
        assertThatThrownBy(() -> Passwords.checkNew(null)).isInstanceOfSatisfying(BerthException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }

    @Test
    void aDecoyMatchesNothing() {
        String decoy = passwords.decoy();
        assertThat(decoy).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").isEqualTo(passwords.decoy());
        assertThat(passwords.verify("".toCharArray(), decoy)).isFalse();
    }

    private static void assertWeak(String password) {
        assertThatThrownBy(() -> Passwords.checkNew(password.toCharArray())).isInstanceOfSatisfying(
                BerthException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.WEAK_PASSWORD));
    }
}
