package io.berth.server.api;

import io.berth.core.resource.ResourceLimits;
import io.berth.core.resource.ResourcePackage;

import java.util.Map;

/** A resource package: the limits of its notebook and Spark workers, its local disk, and their total. */
public record PackageView(String name, Limits notebookWorker, Limits sparkWorker, long diskGiB, Map<String, Long> extra,
                          ResourcesJson total) {

    /** Cores in thousandths and memory in MiB of one worker. */
    public record Limits(long milliCores, long memoryMiB) {
        static Limits of(ResourceLimits limits) {
            return new Limits(limits.milliCores(), limits.memoryMiB());
        }
    }

    public static PackageView of(ResourcePackage pkg) {
        return new PackageView(pkg.name(), Limits.of(pkg.notebookWorker()), Limits.of(pkg.sparkWorker()),
                pkg.localDiskGiB(), pkg.extras(), ResourcesJson.of(pkg.total()));
    }
}
