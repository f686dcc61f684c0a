package io.berth.platform.store;

/** Result of renewing a lease. */
public record LeaseStatus(boolean held, boolean cancelRequested) {
    public static final LeaseStatus LOST = new LeaseStatus(false, false);
}
