package io.berth.platform.signin;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * Password rules and hashing: Argon2id with OWASP's parameters (19 MiB of memory, 2 iterations, 1 lane, 32-byte
 * output, 16-byte random salt), stored in the PHC string format ({@code $argon2id$v=19$m=19456,t=2,p=1$...}).
 * A password has 12 to 128 characters (Unicode code points) and is hashed whole, as UTF-8: nothing is
 * truncated, so two passwords that differ only after their 72nd character are two passwords.
 * Thread safe.
 */
public final class Passwords {
    /** The fewest characters of a password. */
    public static final int MIN_LENGTH = 12;
    /** The most characters of a password. */
    public static final int MAX_LENGTH = 128;
    /** Kibibytes of memory per hash. */
    public static final int MEMORY_KIB = 19_456;
    /** Passes over the memory. */
    public static final int ITERATIONS = 2;
    /** Lanes. */
    public static final int PARALLELISM = 1;
    private static final int OUTPUT_LENGTH = 32;
    private static final int SALT_LENGTH = 16;

    private final Argon2Function function;
    /** Made lazily with this instance's parameters, from a random password nobody knows. */
    private volatile String decoy;

    /** Hashing with the parameters above. */
    public Passwords() {
        this(MEMORY_KIB, ITERATIONS, PARALLELISM);
    }

    /**
     * Hashing with other parameters (tests, or an operator raising the cost); hashes made with other parameters
     * still verify and {@link #needsRehash(String)} says so.
     */
    public Passwords(int memoryKib, int iterations, int parallelism) {
        if (memoryKib < 8 * parallelism || iterations < 1 || parallelism < 1) {
            throw new IllegalArgumentException("invalid Argon2 parameters: m=" + memoryKib + ", t=" + iterations
                    + ", p=" + parallelism);
        }
        this.function = Argon2Function.getInstance(memoryKib, iterations, parallelism, OUTPUT_LENGTH, Argon2.ID);
    }

    /**
     * Checks a new password against the length rules.
     *
     * @throws BerthException WEAK_PASSWORD for fewer than 12 or more than 128 characters, INVALID_REQUEST when
     *                        it is missing
     */
    public static void checkNew(char[] password) {
        if (password == null) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "password is required");
        }
        int length = Character.codePointCount(password, 0, password.length);
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new BerthException(ErrorCode.WEAK_PASSWORD, "a password has " + MIN_LENGTH + " to " + MAX_LENGTH
                    + " characters, this one has " + length);
        }
    }

    /** The PHC string of a new salted hash of {@code password} (which the caller still owns and wipes). */
    public String hash(char[] password) {
        requireNonNull(password, "password is null");
        byte[] bytes = utf8(password);
        try {
            return Password.hash(bytes).addRandomSalt(SALT_LENGTH).with(function).getResult();
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * Whether {@code password} matches a stored hash; false for a stored text that is not an Argon2 hash. The
     * comparison of the derived keys takes the same time wherever they differ.
     */
    public boolean verify(char[] password, String storedHash) {
        requireNonNull(password, "password is null");
        if (storedHash == null || !storedHash.startsWith("$argon2")) {
            return false;
        }
        byte[] bytes = utf8(password);
        try {
            Argon2Function stored = Argon2Function.getInstanceFromHash(storedHash);
            return Password.check(bytes, storedHash.getBytes(StandardCharsets.US_ASCII)).with(stored);
        } catch (RuntimeException malformed) {
            return false;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Whether a stored hash was made with other parameters than this instance's, and should be replaced. */
    public boolean needsRehash(String storedHash) {
        try {
            return !function.equals(Argon2Function.getInstanceFromHash(storedHash));
        } catch (RuntimeException malformed) {
            return true;
        }
    }

    /**
     * A hash no password matches, to verify against when there is no account, so that a login takes as long
     * for an unknown address as for a known one.
     */
    String decoy() {
        String hash = decoy;
        if (hash == null) {
            hash = hash(java.util.UUID.randomUUID().toString().toCharArray());
            decoy = hash;
        }
        return hash;
    }

    private static byte[] utf8(char[] password) {
        try {
            ByteBuffer buffer = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(password));
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            if (buffer.hasArray()) {
                Arrays.fill(buffer.array(), (byte) 0);
            }
            return bytes;
        } catch (CharacterCodingException e) {
            throw new BerthException(ErrorCode.INVALID_REQUEST, "a password must be valid Unicode text");
        }
    }
}
