package dev.portcullis.model;

import java.util.Optional;

/**
 * Turns a service name ({@code smtp}, {@code http}) into its port for a transport ({@code tcp}, {@code udp},
 * {@code tcp+udp}); the catalog's port registry is the implementation every reader uses.
 */
@FunctionalInterface
public interface ServiceNames {
    Optional<PortRange> resolve(String name, String transport);

    /** Knows no names: only numbers are ports. */
    ServiceNames NONE = (name, transport) -> Optional.empty();
}
