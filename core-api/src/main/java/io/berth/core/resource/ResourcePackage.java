package io.berth.core.resource;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A named size of the per-user services: the limits of the notebook (Zeppelin) worker and of the Spark
 * worker, local disk, and extra dimensions such as {@code gpu}. A booking reserves {@link #total()} per unit.
 *
 * @param name           {@code [a-z][a-z0-9-]{0,31}}; {@link #CUSTOM} for sizes chosen by the booker
 * @param notebookWorker limits of the notebook worker
 * @param sparkWorker    limits of the Spark worker
 * @param localDiskGiB   local disk in GiB, not negative
 * @param extras         extra dimensions (not {@code cores}, {@code memory} or {@code disk}) to amounts in
 *                       units, not negative; null means none; copied
 */
public record ResourcePackage(String name, ResourceLimits notebookWorker, ResourceLimits sparkWorker, long localDiskGiB,
                              Map<String, Long> extras) {
    /** The name of packages whose sizes the booker chooses (level-n accounts). */
    public static final String CUSTOM = "custom";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private static final List<ResourcePackage> STANDARD = List.of(
            standard("tiny", 1, 2, 1, 2, 10),
            standard("small", 2, 4, 2, 4, 20),
            standard("medium", 4, 8, 8, 16, 50),
            standard("large", 8, 16, 16, 64, 100));

    /**
     * @throws BerthException with {@link ErrorCode#INVALID_RESOURCES} for a malformed name, a negative
     *                        amount or an extra that names a standard dimension
     */
    public ResourcePackage {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new BerthException(ErrorCode.INVALID_RESOURCES,
                    "a package name is 1-32 lower-case letters, digits or '-', starting with a letter: '" + name + "'");
        }
        requireNonNull(notebookWorker, "notebookWorker is null");
        requireNonNull(sparkWorker, "sparkWorker is null");
        if (localDiskGiB < 0) {
            throw new BerthException(ErrorCode.INVALID_RESOURCES, "local disk must not be negative: " + localDiskGiB);
        }
        extras = extras == null ? Map.of() : Map.copyOf(extras);
        for (String dimension : extras.keySet()) {
            if (dimension.equals(ResourceVector.CORES) || dimension.equals(ResourceVector.MEMORY)
                    || dimension.equals(ResourceVector.DISK)) {
                throw new BerthException(ErrorCode.INVALID_RESOURCES,
                        "'" + dimension + "' is a standard dimension, not an extra one");
            }
        }
        ResourceVector.of(extras); // validates names and amounts
    }

    private static ResourcePackage standard(String name, long notebookCores, long notebookGiB, long sparkCores,
                                            long sparkGiB, long diskGiB) {
        return new ResourcePackage(name, ResourceLimits.ofCoresAndGiB(notebookCores, notebookGiB),
                ResourceLimits.ofCoresAndGiB(sparkCores, sparkGiB), diskGiB, Map.of());
    }

    /**
     * The standard packages, smallest first:
     *
     * <table>
     *   <caption>standard packages</caption>
     *   <tr><th>name</th><th>notebook worker</th><th>Spark worker</th><th>local disk</th></tr>
     *   <tr><td>tiny</td><td>1 core, 2 GiB</td><td>1 core, 2 GiB</td><td>10 GiB</td></tr>
     *   <tr><td>small</td><td>2 cores, 4 GiB</td><td>2 cores, 4 GiB</td><td>20 GiB</td></tr>
     *   <tr><td>medium</td><td>4 cores, 8 GiB</td><td>8 cores, 16 GiB</td><td>50 GiB</td></tr>
     *   <tr><td>large</td><td>8 cores, 16 GiB</td><td>16 cores, 64 GiB</td><td>100 GiB</td></tr>
     * </table>
     */
    public static List<ResourcePackage> standard() {
        return STANDARD;
    }

    /** The standard package called {@code name}, if there is one. */
    public static Optional<ResourcePackage> standard(String name) {
        return STANDARD.stream().filter(p -> p.name.equals(name)).findFirst();
    }

    /** What one unit of this package reserves: both workers' cores and memory, the disk and the extras. */
    public ResourceVector total() {
        Map<String, Long> amounts = new TreeMap<>(extras);
        amounts.put(ResourceVector.CORES, Math.addExact(notebookWorker.milliCores(), sparkWorker.milliCores()));
        amounts.put(ResourceVector.MEMORY, Math.addExact(notebookWorker.memoryMiB(), sparkWorker.memoryMiB()));
        amounts.put(ResourceVector.DISK, localDiskGiB);
        return ResourceVector.of(amounts);
    }
}
