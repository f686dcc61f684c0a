package io.berth.core.catalog;

/** Which list of a configuration a task belongs to. */
public enum TaskPhase {
    /** Run by install and configure commands. */
    INSTALL,
    /** Run by remove commands. */
    REMOVE,
    /** The periodic health check. */
    HEALTH
}
