package io.berth.core.account;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Parsing of OpenSSH public key lines. The keys under {@code ssh/} were made with {@code ssh-keygen}; the
 * fingerprints below are what {@code ssh-keygen -lf} printed for them (see {@code ssh/fingerprints.txt}).
 */
class SshPublicKeyTest {

    @ParameterizedTest
    @CsvSource({
            "ed25519, ssh-ed25519, 256, SHA256:6bENvObIPUEq4M/r8gxOgnCYl489OXMVF7jFBNMYRJk",
            "ecdsa256, ecdsa-sha2-nistp256, 256, SHA256:8YmpF0HPn9OdNqO+qdEpOYYQDd4tKWykVFxmDCrIydw",
            "ecdsa384, ecdsa-sha2-nistp384, 384, SHA256:XwyJNPgTzCAJg4UxV8rIVJosASQiLCmWmkAxnSVxDAM",
            "ecdsa521, ecdsa-sha2-nistp521, 521, SHA256:IU0dCewhT2GIFsuv7V4D46mH/gnFxPiZCPR5EbYA3yo",
            "rsa2048, ssh-rsa, 2048, SHA256:ZwN2Ny/2Pf6/KG75AfW+OF9XgSprfny2EzBbuRgRMj0",
            "rsa3072, ssh-rsa, 3072, SHA256:w8lKaYvhnrJhjWAEhuTKuBErkb1HKjoqOcIWHr8eN1Y",
    })
    void realKeysParseWithTheFingerprintSshKeygenPrints(String file, String type, int bits, String fingerprint) {
        String line = resource(file + ".pub").strip();
        SshPublicKey key = SshPublicKey.parse(line);
        assertThat(key.type()).isEqualTo(type);
        assertThat(key.bits()).isEqualTo(bits);
        assertThat(key.comment()).isEqualTo("test-" + file);
        assertThat(key.fingerprint()).isEqualTo(fingerprint);
        assertThat(key.line()).isEqualTo(line);
        assertThat(resource("fingerprints.txt")).contains(bits + " " + fingerprint + " test-" + file);
    }

    @Test
    void whitespaceAroundAndTabsBetweenFieldsAreAcceptedAndTheCommentMayBeMissing() {
        String[] fields = resource("ed25519.pub").strip().split(" ");
        SshPublicKey key = SshPublicKey.parse("  " + fields[0] + "\t" + fields[1] + "  \n");
        assertThat(key.comment()).isEmpty();
        assertThat(key.line()).isEqualTo(fields[0] + " " + fields[1]);
        assertThat(SshPublicKey.parse(fields[0] + " " + fields[1] + " my laptop key").comment())
                .isEqualTo("my laptop key");
    }

    @Test
    void aShortRsaKeyIsRefusedWithItsSize() {
        assertInvalid(resource("rsa1024.pub"), "the RSA key has 1024 bits; at least 2048 are needed");
    }

    @Test
    void aTypeThatDoesNotMatchTheBlobIsRefused() {
        String blob = resource("ed25519.pub").split(" ")[1];
        assertInvalid("ssh-rsa " + blob, "the key data is of type 'ssh-ed25519' but the line says 'ssh-rsa'");
        String ecdsa384 = resource("ecdsa384.pub").split(" ")[1];
        assertInvalid("ecdsa-sha2-nistp256 " + ecdsa384,
                "the key data is of type 'ecdsa-sha2-nistp384' but the line says 'ecdsa-sha2-nistp256'");
    }

    @Test
    void malformedLinesAreRefusedNamingTheProblem() {
        assertInvalid("", "the SSH key is empty");
        assertInvalid("ssh-ed25519", "expected '<type> <base64 key> [comment]'");
        assertInvalid("ssh-dss AAAAB3NzaC1kc3MAAACBAP", "unsupported SSH key type 'ssh-dss'");
        assertInvalid("from=\"10.0.0.1\" ssh-ed25519 AAAA", "unsupported SSH key type 'from=\"10.0.0.1\"'");
        assertInvalid("ssh-ed25519 AAAA*not-base64", "not valid base64");
        String blob = resource("ed25519.pub").split(" ")[1];
        byte[] bytes = Base64.getDecoder().decode(blob);
        assertInvalid("ssh-ed25519 " + Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(bytes, bytes.length - 1)),
                "the ssh-ed25519 key data is truncated");
        assertInvalid("ssh-ed25519 " + Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(bytes, bytes.length + 2)),
                "the ssh-ed25519 key data has 2 bytes too many");
        assertInvalid("ssh-ed25519 " + blob + " bad\u0007comment", "without control characters");
        assertInvalid("ssh-ed25519 " + "A".repeat(9000), "longer than 8192 characters");
    }

    @Test
    void anEcdsaPointOffItsCurveIsRefused() {
        String blob = resource("ecdsa256.pub").split(" ")[1];
        byte[] bytes = Base64.getDecoder().decode(blob);
        bytes[bytes.length - 1] ^= 1;
        assertInvalid("ecdsa-sha2-nistp256 " + Base64.getEncoder().encodeToString(bytes),
                "the ecdsa-sha2-nistp256 key's point is not on its curve");
    }

    @Test
    void anRsaKeyWithAnEvenExponentIsRefused() {
        byte[] type = "ssh-rsa".getBytes(StandardCharsets.US_ASCII);
        byte[] modulus = new byte[257];
        modulus[1] = (byte) 0xc1;
        modulus[256] = 1;
        ByteBuffer blob = ByteBuffer.allocate(4 + type.length + 5 + 4 + modulus.length);
        blob.putInt(type.length).put(type).putInt(1).put((byte) 4).putInt(modulus.length).put(modulus);
        assertInvalid("ssh-rsa " + Base64.getEncoder().encodeToString(blob.array()),
                "the RSA public exponent must be odd and at least 3");
    }

    @Test
    void anEd25519KeyBuiltFromItsRawBytesEqualsTheParsedLine() {
        SshPublicKey parsed = SshPublicKey.parse(resource("ed25519.pub"));
        byte[] bytes = parsed.blobBytes();
        byte[] raw = java.util.Arrays.copyOfRange(bytes, bytes.length - 32, bytes.length);
        assertThat(SshPublicKey.ed25519(raw, "test-ed25519")).isEqualTo(parsed);
    }

    private static void assertInvalid(String line, String message) {
        assertThatThrownBy(() -> SshPublicKey.parse(line))
                .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_SSH_KEY))
                .hasMessageContaining(message);
    }

    private static String resource(String name) {
        try (InputStream in = SshPublicKeyTest.class.getResourceAsStream("ssh/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource ssh/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
