package io.berth.server.api;

import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.core.resource.ResourceVector;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A resource vector in JSON, with its units in the names: {@code {"milliCores": 2000, "memoryMiB": 4096,
 * "diskGiB": 20, "extra": {"gpu": 1}}}. Absent members are zero.
 */
public record ResourcesJson(Long milliCores, Long memoryMiB, Long diskGiB, Map<String, Long> extra) {

    public static ResourcesJson of(ResourceVector vector) {
        Map<String, Long> extra = new TreeMap<>();
        vector.amounts().forEach((name, amount) -> {
            if (!name.equals(ResourceVector.CORES) && !name.equals(ResourceVector.MEMORY)
                    && !name.equals(ResourceVector.DISK)) {
                extra.put(name, amount);
            }
        });
        return new ResourcesJson(vector.get(ResourceVector.CORES), vector.get(ResourceVector.MEMORY),
                vector.get(ResourceVector.DISK), extra);
    }

    /** @throws BerthException INVALID_RESOURCES for negative amounts or bad dimension names */
    public ResourceVector toVector(String field) {
        Map<String, Long> amounts = new HashMap<>();
        put(amounts, ResourceVector.CORES, milliCores, field + ".milliCores");
        put(amounts, ResourceVector.MEMORY, memoryMiB, field + ".memoryMiB");
        put(amounts, ResourceVector.DISK, diskGiB, field + ".diskGiB");
        if (extra != null) {
            extra.forEach((name, amount) -> {
                if (name == null || !ResourceVector.isDimension(name) || name.equals(ResourceVector.CORES)
                        || name.equals(ResourceVector.MEMORY) || name.equals(ResourceVector.DISK)) {
                    throw new BerthException(ErrorCode.INVALID_RESOURCES, field + ".extra: '" + Fields.shorten(
                            String.valueOf(name)) + "' is not an extra dimension name ([a-z][a-z0-9-]{0,31})");
                }
                put(amounts, name, amount, field + ".extra." + name);
            });
        }
        return ResourceVector.of(amounts);
    }

    private static void put(Map<String, Long> amounts, String name, Long amount, String field) {
        if (amount == null) {
            return;
        }
        if (amount < 0) {
            throw new BerthException(ErrorCode.INVALID_RESOURCES, field + " must not be negative: " + amount);
        }
        amounts.put(name, amount);
    }
}
