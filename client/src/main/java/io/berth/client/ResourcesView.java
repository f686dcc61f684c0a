package io.berth.client;

import java.util.Map;

/** Resources with their units in the names; absent members are zero. */
public record ResourcesView(Long milliCores, Long memoryMiB, Long diskGiB, Map<String, Long> extra) {

    /** Like {@code 2 cores, 4096 MiB, 20 GiB, gpu 1}. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        if (milliCores != null && milliCores != 0) {
            text.append(milliCores % 1000 == 0 ? String.valueOf(milliCores / 1000) : String.valueOf(milliCores / 1000.0))
                    .append(" cores");
        }
        append(text, memoryMiB, " MiB");
        append(text, diskGiB, " GiB disk");
        if (extra != null) {
            extra.forEach((name, amount) -> append(text, amount, " " + name));
        }
        return text.toString();
    }

    private static void append(StringBuilder text, Long amount, String unit) {
        if (amount != null && amount != 0) {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(amount).append(unit);
        }
    }
}
