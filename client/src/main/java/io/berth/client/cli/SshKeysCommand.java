package io.berth.client.cli;

import io.berth.client.GeneratedSshKeyView;
import io.berth.client.SshKeyView;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "ssh-keys", mixinStandardHelpOptions = true,
        description = {"List, add, generate and remove the SSH public keys installed into your services.",
                "Accepted: ssh-ed25519, ecdsa-sha2-nistp256/384/521, ssh-rsa of at least 2048 bits; at most 20."},
        subcommands = {SshKeysCommand.ListKeys.class, SshKeysCommand.Add.class, SshKeysCommand.Generate.class,
                SshKeysCommand.Remove.class})
final class SshKeysCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List your SSH keys, oldest first.")
    static final class ListKeys extends BerthCommand {

        @Override
        int execute() {
            List<SshKeyView> keys = client().listSshKeys();
            if (json()) {
                printJson(keys);
                return ExitCodes.OK;
            }
            Table table = new Table("ID", "NAME", "TYPE", "BITS", "FINGERPRINT", "CREATED");
            for (SshKeyView key : keys) {
                table.row(key.id(), key.name(), key.type(), String.valueOf(key.bits()), key.fingerprint(),
                        key.created());
            }
            table.print(out());
            return ExitCodes.OK;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a public key: a .pub file or the OpenSSH line itself.")
    static final class Add extends BerthCommand {

        @Parameters(index = "0", paramLabel = "FILE_OR_LINE",
                description = "e.g. ~/.ssh/id_ed25519.pub, or 'ssh-ed25519 AAAA... me@laptop'.")
        String source;

        @Option(names = "--name", paramLabel = "NAME", description = "A label (default: the key's comment).")
        String name;

        @Override
        int execute() {
            String line = source.strip();
            if (!line.contains(" ")) {
                Path file = Path.of(line.startsWith("~/") ? System.getProperty("user.home") + line.substring(1) : line);
                if (!Files.isRegularFile(file)) {
                    throw usage("no file " + file + " (give a .pub file, or the whole public key line in quotes)");
                }
                try {
                    line = Files.readString(file, StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw usage("cannot read " + file + ": " + e.getMessage());
                }
            }
            SshKeyView added = client().addSshKey(line, name);
            if (json()) {
                printJson(added);
            } else {
                print(this, added);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = {"Generate an Ed25519 key pair on the server and store its public key.",
                    "The private key is shown once: with --out it is written to FILE (mode 0600) and the public"
                            + " key to FILE.pub, else it is printed."})
    static final class Generate extends BerthCommand {

        @Option(names = "--name", paramLabel = "NAME",
                description = "A label, also the key's comment (default: <account>@berth).")
        String name;

        @Option(names = "--out", paramLabel = "FILE", description = "Where to write the private key; must not exist.")
        Path outFile;

        @Override
        int execute() {
            if (outFile != null && (Files.exists(outFile) || Files.exists(pub(outFile)))) {
                throw usage(outFile + " or " + pub(outFile) + " exists; choose another --out");
            }
            GeneratedSshKeyView generated = client().generateSshKey(name);
            if (outFile != null) {
                write(outFile, generated.privateKey());
                write(pub(outFile), generated.key().publicKey() + "\n");
            }
            if (json()) {
                printJson(outFile == null ? generated : generated.key());
                return ExitCodes.OK;
            }
            print(this, generated.key());
            out().println();
            if (outFile == null) {
                out().print(generated.privateKey());
                out().println();
                out().println("The private key is shown only this once; store it now (mode 0600).");
            } else {
                out().println("Private key written to " + outFile + ", public key to " + pub(outFile) + ".");
            }
            return ExitCodes.OK;
        }

        private static Path pub(Path file) {
            return file.resolveSibling(file.getFileName() + ".pub");
        }

        private void write(Path file, String text) {
            try {
                // created owner-only from the start, so the key is never readable by others, not even briefly
                Files.write(Files.createFile(file, PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rw-------"))),
                        text.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.TRUNCATE_EXISTING);
            } catch (FileAlreadyExistsException e) {
                throw usage(file + " exists; choose another --out");
            } catch (UnsupportedOperationException e) {
                throw usage("cannot create " + file + " with owner-only permissions on this file system");
            } catch (IOException e) {
                throw usage("cannot write " + file + ": " + e.getMessage());
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an SSH key (yours, or any as an admin).")
    static final class Remove extends BerthCommand {

        @Parameters(index = "0", paramLabel = "ID", description = "The key's id, as 'berth ssh-keys list' shows it.")
        String id;

        @Override
        int execute() {
            client().removeSshKey(id);
            if (!json()) {
                out().println("SSH key " + id + " is removed.");
            } else {
                printJson(java.util.Map.of("id", id, "removed", true));
            }
            return ExitCodes.OK;
        }
    }

    private static void print(BerthCommand command, SshKeyView key) {
        new Fields()
                .add("Id", key.id())
                .add("Name", key.name())
                .add("Type", key.type() + " (" + key.bits() + " bits)")
                .add("Fingerprint", key.fingerprint())
                .print(command.out());
    }
}
