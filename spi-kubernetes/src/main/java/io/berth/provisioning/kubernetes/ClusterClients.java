package io.berth.provisioning.kubernetes;

import io.berth.core.error.ErrorCode;
import io.berth.core.provisioning.DeploymentId;
import io.berth.provisioning.spi.ProviderException;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The clients of deployments' own clusters, one per kubeconfig file in the folder {@code cluster.kubeconfig.dir}
 * ({@code berth-<deployment>[-<group>].yaml}). A client is built when a task first needs it and kept while its
 * file keeps its last-modified time; a rewritten file gets a new client, and the client of a file that is gone
 * is closed. A client being replaced stays open until the tasks using it have ended.
 *
 * <p>Thread safe.
 */
final class ClusterClients implements AutoCloseable {

    /** Task setting: the group of the deployment's cluster, as in the OpenStack provider's task settings. */
    static final String GROUP = "cluster.group";
    /** Task setting: {@code true} when the task must run in the deployment's own cluster, never the default. */
    static final String REQUIRED = "cluster.required";

    private static final Pattern GROUP_NAME = Pattern.compile("[a-z][a-z0-9-]{0,15}");

    private final Path folder;
    private final Function<Path, KubernetesClient> factory;
    /** The current client of each file. */
    private final Map<Path, Entry> entries = new HashMap<>();
    /** Every entry whose client is still open: the current ones and replaced ones still in use. */
    private final Set<Entry> open = new HashSet<>();
    private boolean closed;

    /**
     * @param folder  the absolute, normalized folder of the kubeconfig files; it need not exist yet
     * @param factory builds a client from a kubeconfig file; may throw for an unreadable file
     */
    ClusterClients(Path folder, Function<Path, KubernetesClient> factory) {
        this.folder = requireNonNull(folder, "folder is null");
        this.factory = requireNonNull(factory, "factory is null");
    }

    /**
     * Checks the task setting {@value #GROUP}.
     *
     * @return the group, or null when the setting is absent
     * @throws IllegalArgumentException naming what is wrong
     */
    static String group(Map<String, String> taskSettings) {
        String group = taskSettings.get(GROUP);
        if (group != null && !GROUP_NAME.matcher(group).matches()) {
            throw new IllegalArgumentException("settings." + GROUP + " must be 1-16 lower-case letters, digits or"
                    + " '-', starting with a letter: '" + KubernetesSettings.shorten(group) + "'");
        }
        return group;
    }

    /** The kubeconfig file a deployment's own cluster would have; it may not exist. */
    Path kubeconfig(DeploymentId deployment, String group) {
        requireNonNull(deployment, "deployment is null");
        // A DeploymentId is a UUID and a group matches GROUP_NAME, so the name has no separator or "..";
        // the check below holds even if that ever changed.
        Path file = folder.resolve("berth-" + deployment + (group == null ? "" : "-" + group) + ".yaml").normalize();
        if (!folder.equals(file.getParent())) {
            throw new ProviderException(ErrorCode.INVALID_REQUEST, "the kubeconfig of deployment " + deployment
                    + " would lie outside " + folder);
        }
        return file;
    }

    /**
     * The client of the deployment's own cluster when its kubeconfig file exists, else null. Also closes the
     * clients of files that have disappeared. Every non-null lease must be closed when the task ends.
     *
     * @throws ProviderException with {@link ErrorCode#PROVIDER_UNAVAILABLE} when the provider is closed, the
     *                           file is there but not a regular file (a link, a folder), or cannot be read as a
     *                           kubeconfig
     */
    Lease acquire(DeploymentId deployment, String group) {
        Path file = kubeconfig(deployment, group);
        FileTime modified = lastModified(file);
        List<KubernetesClient> retired = new ArrayList<>();
        try {
            synchronized (this) {
                if (closed) {
                    throw new ProviderException(ErrorCode.PROVIDER_UNAVAILABLE, "the kubernetes provider is closed");
                }
                forgetMissing(retired);
                if (modified == null) {
                    return null;
                }
                Entry entry = entries.get(file);
                if (entry != null && !entry.modified.equals(modified)) {
                    entries.remove(file);
                    retire(entry, retired);
                    entry = null;
                }
                if (entry == null) {
                    entry = new Entry(build(file), modified);
                    entries.put(file, entry);
                    open.add(entry);
                }
                entry.users++;
                return new Lease(this, entry, file);
            }
        } finally {
            retired.forEach(KubernetesClient::close);
        }
    }

    /** How many clients are open, for tests. */
    synchronized int openClients() {
        return open.size();
    }

    private KubernetesClient build(Path file) {
        try {
            return factory.apply(file);
        } catch (RuntimeException e) {
            // The message of a parse error may quote the file, which holds credentials: name the file only.
            throw new ProviderException(ErrorCode.PROVIDER_UNAVAILABLE, "the kubeconfig " + file
                    + " of the deployment's own cluster cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private void forgetMissing(List<KubernetesClient> retired) {
        for (Iterator<Map.Entry<Path, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Path, Entry> next = it.next();
            if (lastModifiedOrNull(next.getKey()) == null) {
                it.remove();
                retire(next.getValue(), retired);
            }
        }
    }

    /** Marks an entry replaced; its client is closed now when unused, else when its last task ends. */
    private void retire(Entry entry, List<KubernetesClient> toClose) {
        entry.retired = true;
        if (entry.users == 0 && open.remove(entry)) {
            toClose.add(entry.client);
        }
    }

    private void release(Entry entry) {
        KubernetesClient toClose = null;
        synchronized (this) {
            entry.users--;
            if (entry.retired && entry.users == 0 && open.remove(entry)) {
                toClose = entry.client;
            }
        }
        if (toClose != null) {
            toClose.close();
        }
    }

    /** The file's last-modified time, or null when there is no file. */
    private static FileTime lastModified(Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new ProviderException(ErrorCode.PROVIDER_UNAVAILABLE, "cannot read " + file + ": " + e.getMessage(),
                    e);
        }
        if (!attributes.isRegularFile()) {
            // A link could lead a deployment to another deployment's cluster, or to any file the server can read.
            throw new ProviderException(ErrorCode.PROVIDER_UNAVAILABLE, file + " is not a regular file; a"
                    + " deployment's kubeconfig must be a plain file in " + file.getParent());
        }
        return attributes.lastModifiedTime();
    }

    private static FileTime lastModifiedOrNull(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .lastModifiedTime();
        } catch (IOException e) {
            return null;
        }
    }

    /** Closes every client, also those in use (their tasks end as cancelled). Idempotent. */
    @Override
    public void close() {
        List<KubernetesClient> clients;
        synchronized (this) {
            closed = true;
            clients = open.stream().map(entry -> entry.client).toList();
            open.forEach(entry -> entry.retired = true);
            open.clear();
            entries.clear();
        }
        clients.forEach(KubernetesClient::close);
    }

    private static final class Entry {
        final KubernetesClient client;
        final FileTime modified;
        int users;
        boolean retired;

        Entry(KubernetesClient client, FileTime modified) {
            this.client = client;
            this.modified = modified;
        }
    }

    /** A client of a deployment's own cluster, held for one task. */
    static final class Lease implements AutoCloseable {
        private final ClusterClients owner;
        private final Entry entry;
        private final Path kubeconfig;
        private boolean released;

        private Lease(ClusterClients owner, Entry entry, Path kubeconfig) {
            this.owner = owner;
            this.entry = entry;
            this.kubeconfig = kubeconfig;
        }

        KubernetesClient client() {
            return entry.client;
        }

        Path kubeconfig() {
            return kubeconfig;
        }

        /** Ends the task's use of the client. Idempotent. */
        @Override
        public void close() {
            if (!released) {
                released = true;
                owner.release(entry);
            }
        }
    }
}
