package io.berth.provisioning.openstack;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;

import static java.util.Objects.requireNonNull;

/**
 * A fresh RSA key and a PKCS#10 certificate request for it, which Magnum's certificate authority signs to
 * give Berth a client certificate for a cluster's Kubernetes API. The JDK has no public API for certificate
 * requests, so the DER is written here (RFC 2986).
 *
 * <p>The subject is {@code O=system:masters, CN=<commonName>}: Magnum's clusters grant that group
 * cluster-admin, as its own {@code openstack coe cluster config} does.
 */
final class ClientCertificateRequest {

    private static final byte[] OID_COMMON_NAME = {0x55, 0x04, 0x03};
    private static final byte[] OID_ORGANIZATION = {0x55, 0x04, 0x0A};
    private static final byte[] OID_SHA256_WITH_RSA = {0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01, 0x0B};

    private final KeyPair keys;
    private final byte[] der;

    private ClientCertificateRequest(KeyPair keys, byte[] der) {
        this.keys = keys;
        this.der = der;
    }

    /** Makes a 2048-bit RSA key and a signed request for {@code O=system:masters, CN=commonName}. */
    static ClientCertificateRequest create(String commonName) {
        requireNonNull(commonName, "commonName is null");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            byte[] subject = sequence(
                    set(sequence(oid(OID_ORGANIZATION), utf8("system:masters"))),
                    set(sequence(oid(OID_COMMON_NAME), utf8(commonName))));
            byte[] info = sequence(new byte[]{0x02, 0x01, 0x00}, subject, keys.getPublic().getEncoded(),
                    new byte[]{(byte) 0xA0, 0x00});
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(keys.getPrivate());
            signature.update(info);
            byte[] algorithm = sequence(oid(OID_SHA256_WITH_RSA), new byte[]{0x05, 0x00});
            return new ClientCertificateRequest(keys, sequence(info, algorithm, bitString(signature.sign())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has RSA and SHA256withRSA", e);
        }
    }

    /** The request as PEM ({@code CERTIFICATE REQUEST}). */
    String csrPem() {
        return pem("CERTIFICATE REQUEST", der);
    }

    /** The private key as PEM ({@code PRIVATE KEY}, PKCS#8). Never log it. */
    String privateKeyPem() {
        return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
    }

    static String pem(String type, byte[] content) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(content)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] oid(byte[] content) {
        return tlv(0x06, content);
    }

    private static byte[] utf8(String text) {
        return tlv(0x0C, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bitString(byte[] bits) {
        byte[] content = new byte[bits.length + 1];
        System.arraycopy(bits, 0, content, 1, bits.length);
        return tlv(0x03, content);
    }

    private static byte[] sequence(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    private static byte[] set(byte[]... parts) {
        return tlv(0x31, concat(parts));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length > 0xFFFF ? 3 : length > 0xFF ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write((length >>> (8 * i)) & 0xFF);
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
