package io.berth.server;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.auth.AccountService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * Makes the first admin account on a fresh database and hands its key to the operator: printed once on
 * standard output and written to a file only its owner may read. Later starts only say where the file is.
 */
final class AdminBootstrap {
    static final String ADMIN_NAME = "admin";
    private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AdminBootstrap() {
    }

    static void run(AccountService accounts, Path keyFile, PrintStream out) {
        Optional<AccountService.NewAccount> created;
        try {
            created = accounts.bootstrapAdmin(ADMIN_NAME);
        } catch (BerthException e) {
            if (e.errorCode() != ErrorCode.ACCOUNT_EXISTS) {
                throw e;
            }
            // another server process sharing the database made it a moment ago, or an account took the name
            LOG.warn("no admin account was made: {}", e.getMessage());
            created = Optional.empty();
        }
        if (created.isPresent()) {
            write(keyFile, created.get().apiKey());
            out.println("berth: created the admin account '" + ADMIN_NAME + "'. Its API key, shown this once:");
            out.println();
            out.println("    " + created.get().apiKey());
            out.println();
            out.println("berth: the key is saved in " + keyFile + " (readable by its owner only)");
        } else if (Files.isRegularFile(keyFile)) {
            out.println("berth: the admin API key is in " + keyFile);
        } else {
            out.println("berth: an admin account exists; its API key was shown when it was made (" + keyFile
                    + " is not here)");
        }
        out.flush();
    }

    /** Writes the key to a fresh owner-only file and moves it into place, so no reader sees a partial key. */
    static void write(Path keyFile, String key) {
        Path folder = keyFile.toAbsolutePath().getParent();
        try {
            Files.createDirectories(folder);
            Path temporary = createOwnerOnly(folder);
            try {
                Files.writeString(temporary, key + "\n", StandardCharsets.US_ASCII);
                try {
                    Files.move(temporary, keyFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, keyFile, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin key to " + keyFile, e);
        }
    }

    private static Path createOwnerOnly(Path folder) throws IOException {
        try {
            FileAttribute<Set<PosixFilePermission>> attribute = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
            return Files.createTempFile(folder, ".admin-key", ".tmp", attribute);
        } catch (UnsupportedOperationException e) {
            Path file = Files.createTempFile(folder, ".admin-key", ".tmp");
            var plain = file.toFile();
            boolean restricted = plain.setReadable(false, false) && plain.setReadable(true, true)
                    && plain.setWritable(false, false) && plain.setWritable(true, true);
            if (!restricted) {
                LOG.warn("cannot restrict {} to its owner on this file system", file);
            }
            return file;
        }
    }
}
