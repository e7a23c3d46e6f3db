package dev.portcullis.policy;

import dev.portcullis.model.PortRange;
import java.util.Collection;
import java.util.Optional;

/**
 * Turns a service name in a port clause ({@code smtp}) into its port for the rule's transport. The catalog's
 * port registry is the real source; this seam keeps the loader testable with a fixed table.
 */
public interface ServiceNames {
    /** The port {@code name} stands for on {@code transport} ({@code tcp}, {@code udp} or {@code tcp+udp}). */
    Optional<PortRange> resolve(String name, String transport);

    /** Every known name, for "did you mean" hints. */
    Collection<String> names();
}
