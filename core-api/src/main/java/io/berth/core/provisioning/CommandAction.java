package io.berth.core.provisioning;

/** What a command asks for. */
public enum CommandAction {
    /** Create a deployment of a plan and run its install tasks. */
    INSTALL,
    /** Run the install tasks of an existing deployment again with new parameters (configure or scale). */
    CONFIGURE,
    /** Run the removal tasks; the deployment ends REMOVED and is kept for history. */
    REMOVE
}
