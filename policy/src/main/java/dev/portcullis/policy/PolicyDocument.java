package dev.portcullis.policy;

import dev.portcullis.model.Mode;
import dev.portcullis.model.Settings;
import dev.portcullis.model.Zone;
import java.util.List;
import java.util.Objects;

/**
 * A policy file as written, before preset instances are expanded: what {@code policy new} builds and
 * {@link PolicyWriter} writes, and what {@link PolicyLoader} reads before expanding.
 *
 * @param entries plain rules and preset instances in file order (first match wins after expansion)
 */
public record PolicyDocument(String name, Mode mode, Settings settings, List<Zone> zones, List<PolicyEntry> entries) {
    public PolicyDocument {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(settings, "settings");
        zones = List.copyOf(zones);
        entries = List.copyOf(entries);
    }
}
