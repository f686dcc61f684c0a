package io.berth.core.account;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.EllipticCurve;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * An OpenSSH public key as one line of {@code authorized_keys} holds it: {@code <type> <base64 blob> [comment]}.
 *
 * <p>{@link #parse(String)} is strict: the type must be one of {@link #TYPES}, the base64 must decode, the blob
 * must name the same type and hold exactly the fields of that type with nothing after them, an RSA modulus must
 * have at least {@link #MIN_RSA_BITS} bits, and an ECDSA point must lie on its named curve. Options before the
 * type ({@code from="..."}) are not accepted: the platform decides where a key is installed.
 *
 * @param type    the key type, e.g. {@code ssh-ed25519}
 * @param blob    the standard base64 of the key blob (the second field of the line)
 * @param comment the text after the blob, possibly empty
 * @param bits    the key size as {@code ssh-keygen -l} prints it
 */
public record SshPublicKey(String type, String blob, String comment, int bits) {
    public static final String ED25519 = "ssh-ed25519";
    public static final String RSA = "ssh-rsa";
    /** The accepted key types. */
    public static final List<String> TYPES = List.of(ED25519, "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
            "ecdsa-sha2-nistp521", RSA);
    public static final int MIN_RSA_BITS = 2048;
    public static final int MAX_RSA_BITS = 16384;
    /** Longer lines are refused before parsing; a 16384-bit RSA key's line is about 2,800 characters. */
    public static final int MAX_LINE_LENGTH = 8192;
    public static final int MAX_COMMENT_LENGTH = 200;

    public SshPublicKey {
        requireNonNull(type, "type is null");
        requireNonNull(blob, "blob is null");
        comment = comment == null ? "" : comment;
    }

    /**
     * Parses and checks one public key line.
     *
     * @throws BerthException INVALID_SSH_KEY naming what is wrong
     */
    public static SshPublicKey parse(String line) {
        if (line == null || line.isBlank()) {
            throw invalid("the SSH key is empty; expected '<type> <base64 key> [comment]'");
        }
        if (line.length() > MAX_LINE_LENGTH) {
            throw invalid("the SSH key line is longer than " + MAX_LINE_LENGTH + " characters");
        }
        String[] parts = line.strip().split("[ \\t]+", 3);
        if (parts.length < 2) {
            throw invalid("expected '<type> <base64 key> [comment]'");
        }
        String type = parts[0];
        if (!TYPES.contains(type)) {
            throw invalid("unsupported SSH key type '" + shorten(type) + "'; supported: " + String.join(", ", TYPES));
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw invalid("the key data of the " + type + " key is not valid base64");
        }
        String comment = parts.length == 3 ? parts[2].strip() : "";
        if (comment.length() > MAX_COMMENT_LENGTH || comment.chars().anyMatch(Character::isISOControl)) {
            throw invalid("the key's comment must be at most " + MAX_COMMENT_LENGTH
                    + " characters without control characters");
        }
        int bits = check(type, bytes);
        return new SshPublicKey(type, Base64.getEncoder().encodeToString(bytes), comment, bits);
    }

    /** The key of a raw 32-byte Ed25519 public key. */
    public static SshPublicKey ed25519(byte[] publicKey, String comment) {
        requireNonNull(publicKey, "publicKey is null");
        if (publicKey.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + publicKey.length);
        }
        byte[] type = ED25519.getBytes(StandardCharsets.US_ASCII);
        byte[] blob = new byte[4 + type.length + 4 + 32];
        writeInt(blob, 0, type.length);
        System.arraycopy(type, 0, blob, 4, type.length);
        writeInt(blob, 4 + type.length, 32);
        System.arraycopy(publicKey, 0, blob, 8 + type.length, 32);
        return new SshPublicKey(ED25519, Base64.getEncoder().encodeToString(blob), comment, 256);
    }

    /** The decoded key blob. */
    public byte[] blobBytes() {
        return Base64.getDecoder().decode(blob);
    }

    /** {@code SHA256:} and the unpadded base64 of the SHA-256 of the blob, as {@code ssh-keygen -lf} prints it. */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blobBytes());
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The line to put into {@code authorized_keys}: type, blob and (when there is one) the comment. */
    public String line() {
        return comment.isEmpty() ? type + " " + blob : type + " " + blob + " " + comment;
    }

    /** This key with another comment. */
    public SshPublicKey withComment(String newComment) {
        return new SshPublicKey(type, blob, newComment, bits);
    }

    private static int check(String type, byte[] bytes) {
        Reader in = new Reader(bytes, type);
        String inner = new String(in.string(), StandardCharsets.US_ASCII);
        if (!inner.equals(type)) {
            throw invalid("the key data is of type '" + shorten(inner) + "' but the line says '" + type + "'");
        }
        int bits;
        if (type.equals(ED25519)) {
            if (in.string().length != 32) {
                throw invalid("an ssh-ed25519 key must hold 32 bytes");
            }
            bits = 256;
        } else if (type.equals(RSA)) {
            BigInteger e = in.mpint();
            BigInteger n = in.mpint();
            if (e.signum() <= 0 || !e.testBit(0) || e.compareTo(BigInteger.valueOf(3)) < 0) {
                throw invalid("the RSA public exponent must be odd and at least 3");
            }
            if (!n.testBit(0)) {
                throw invalid("the RSA modulus must be odd");
            }
            bits = n.bitLength();
            if (bits < MIN_RSA_BITS) {
                throw invalid("the RSA key has " + bits + " bits; at least " + MIN_RSA_BITS + " are needed");
            }
            if (bits > MAX_RSA_BITS) {
                throw invalid("the RSA key has " + bits + " bits; at most " + MAX_RSA_BITS + " are accepted");
            }
        } else {
            String curve = type.substring("ecdsa-sha2-".length());
            String named = new String(in.string(), StandardCharsets.US_ASCII);
            if (!named.equals(curve)) {
                throw invalid("the " + type + " key names the curve '" + shorten(named) + "'");
            }
            bits = Integer.parseInt(curve.substring("nistp".length()));
            checkPoint(type, bits, in.string());
        }
        if (in.remaining() != 0) {
            throw invalid("the " + type + " key data has " + in.remaining() + " bytes too many");
        }
        return bits;
    }

    private static void checkPoint(String type, int bits, byte[] point) {
        int size = (bits + 7) / 8;
        if (point.length != 1 + 2 * size || point[0] != 4) {
            throw invalid("the " + type + " key's point must be uncompressed and " + (1 + 2 * size) + " bytes long");
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(point, 1, 1 + size));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(point, 1 + size, point.length));
        EllipticCurve curve;
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp" + bits + "r1"));
            curve = parameters.getParameterSpec(ECParameterSpec.class).getCurve();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks the curve secp" + bits + "r1", e);
        }
        BigInteger p = ((ECFieldFp) curve.getField()).getP();
        boolean onCurve = x.compareTo(p) < 0 && y.compareTo(p) < 0
                && y.modPow(BigInteger.TWO, p).equals(x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p));
        if (!onCurve) {
            throw invalid("the " + type + " key's point is not on its curve");
        }
    }

    private static void writeInt(byte[] out, int at, int value) {
        out[at] = (byte) (value >>> 24);
        out[at + 1] = (byte) (value >>> 16);
        out[at + 2] = (byte) (value >>> 8);
        out[at + 3] = (byte) value;
    }

    private static BerthException invalid(String message) {
        return new BerthException(ErrorCode.INVALID_SSH_KEY, message);
    }

    private static String shorten(String text) {
        String printable = text.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
    }

    /** Reads the SSH wire encoding (RFC 4251 section 5) and refuses anything truncated. */
    private static final class Reader {
        private final byte[] bytes;
        private final String type;
        private int at;

        Reader(byte[] bytes, String type) {
            this.bytes = bytes;
            this.type = type;
        }

        byte[] string() {
            if (remaining() < 4) {
                throw truncated();
            }
            long length = ((bytes[at] & 0xffL) << 24) | ((bytes[at + 1] & 0xff) << 16)
                    | ((bytes[at + 2] & 0xff) << 8) | (bytes[at + 3] & 0xff);
            at += 4;
            if (length > remaining()) {
                throw truncated();
            }
            byte[] value = Arrays.copyOfRange(bytes, at, at + (int) length);
            at += (int) length;
            return value;
        }

        BigInteger mpint() {
            byte[] value = string();
            if (value.length == 0) {
                return BigInteger.ZERO;
            }
            if ((value[0] & 0x80) != 0) {
                throw invalid("the " + type + " key holds a negative number");
            }
            if (value[0] == 0 && (value.length == 1 || (value[1] & 0x80) == 0)) {
                throw invalid("the " + type + " key holds a number with a needless leading zero");
            }
            return new BigInteger(1, value);
        }

        int remaining() {
            return bytes.length - at;
        }

        private BerthException truncated() {
            return invalid("the " + type + " key data is truncated");
        }
    }
}
