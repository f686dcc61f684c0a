package io.berth.client;

/** The quotas of an account level; retention 0 means on exit, null months mean kept permanently. */
public record LevelView(int level, Quota notebooks, Quota savedData, Quota tempData, Retention retention,
                        String defaultPackage) {

    public record Quota(int maxCount, long maxSizeMiB) {
        /** Like {@code 50 x 1024 MiB}, or {@code none}. */
        public String describe() {
            return maxCount == 0 ? "none" : maxCount + " x " + maxSizeMiB + " MiB";
        }
    }

    public record Retention(int tempDataDays, Integer savedDataMonths, Integer notebookMonths,
                            boolean transientAccount) {
    }
}
