package dev.portcullis.catalog;

/** What a preset describes, which decides whose point of view "local" is. */
public enum PresetKind {
    /** An application on the protected host (local = the host running it). */
    APPLICATION,
    /** A network appliance (local = the appliance), rules often per zone pair. */
    APPLIANCE,
    /** What a network firewall in front of many hosts must let through for an application. */
    NETWORK
}
