package io.berth.provisioning.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Deletion of task folders, whatever the task left in them. */
final class Folders {

    private Folders() {
    }

    /**
     * Deletes a file or a folder tree without following links, making folders accessible first so that a
     * task's read-only leftovers do not stop it.
     *
     * @return whether {@code path} is gone
     */
    static boolean deleteRecursively(Path path) {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            File folder = path.toFile();
            folder.setReadable(true, true);
            folder.setWritable(true, true);
            folder.setExecutable(true, true);
            try (Stream<Path> children = Files.list(path)) {
                children.toList().forEach(Folders::deleteRecursively);
            } catch (IOException e) {
                // What cannot be listed cannot be deleted; the caller learns it from the result.
            }
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            return false;
        }
        return !Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }
}
