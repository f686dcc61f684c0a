package io.berth.server;

import io.berth.server.ServerConfig.ConfigException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The secrets notebook sites authenticate with when they redeem login tokens
 * ({@code Authorization: Bearer <secret>}). A site's secret comes from {@code BERTH_SECRET_SITE_<NAME>}, else from
 * {@code <data>/sites/<name>.secret}, which is generated (256 random bits, mode 0600) on the first start. Secrets
 * are never logged.
 */
public final class SiteSecrets {
    private static final int MIN_LENGTH = 16;

    private final Map<String, byte[]> secrets;

    private SiteSecrets(Map<String, byte[]> secrets) {
        this.secrets = secrets;
    }

    /**
     * The secrets of {@code sites}, read or generated.
     *
     * @param secrets the server's secrets by their variable name without {@code BERTH_SECRET_}
     *                ({@link ServerConfig#secrets()}), for {@code BERTH_SECRET_SITE_<NAME>}
     * @throws ConfigException for a secret shorter than 16 characters
     * @throws UncheckedIOException when a secret file cannot be read or written
     */
    public static SiteSecrets load(Set<String> sites, Map<String, String> secrets, Path dataDir) {
        Map<String, byte[]> loaded = new LinkedHashMap<>();
        for (String site : sites) {
            String variable = SignInConfig.secretVariable(site);
            String value = secrets.get(variable.substring(ServerConfig.SECRET_PREFIX.length()));
            String secret = value == null || value.isBlank() ? fromFile(file(dataDir, site)) : value.strip();
            if (secret.length() < MIN_LENGTH) {
                throw new ConfigException("the secret of site '" + site + "' (" + variable + " or its file) must have"
                        + " at least " + MIN_LENGTH + " characters");
            }
            loaded.put(site, secret.getBytes(StandardCharsets.UTF_8));
        }
        return new SiteSecrets(loaded);
    }

    /** The file of a site's secret: {@code <data>/sites/<name>.secret}. */
    public static Path file(Path dataDir, String site) {
        return dataDir.resolve("sites").resolve(site + ".secret");
    }

    /**
     * The site whose secret this is; every site's secret is compared in constant time, so that the answer time
     * says nothing about how much of a secret was right.
     */
    public Optional<String> siteOf(String presented) {
        requireNonNull(presented, "presented is null");
        byte[] bytes = presented.getBytes(StandardCharsets.UTF_8);
        String found = null;
        for (Map.Entry<String, byte[]> entry : secrets.entrySet()) {
            if (MessageDigest.isEqual(entry.getValue(), bytes) && found == null) {
                found = entry.getKey();
            }
        }
        return Optional.ofNullable(found);
    }

    private static String fromFile(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            Files.createDirectories(file.getParent());
            String secret = io.berth.platform.auth.Secrets.generate();
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            } catch (FileAlreadyExistsException e) {
                // another process made it a moment ago
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the site secret " + file, e);
        }
    }
}
