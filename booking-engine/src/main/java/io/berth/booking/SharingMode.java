package io.berth.booking;

/** How the capacity of a pool is shared between accounts. */
public enum SharingMode {
    /** Everyone on the pool shares the same resources; level-0 accounts live here. */
    SHARED,
    /** Accounts may share some resources; the platform places them by load. */
    MANAGED,
    /** Capacity is reserved per booking for specific periods. */
    RESERVED
}
