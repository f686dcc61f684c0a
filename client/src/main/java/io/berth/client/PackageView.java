package io.berth.client;

import java.util.Map;

/** A resource package as {@code GET /packages} shows it. */
public record PackageView(String name, Limits notebookWorker, Limits sparkWorker, long diskGiB, Map<String, Long> extra,
                          ResourcesView total) {

    public record Limits(long milliCores, long memoryMiB) {
    }
}
