package dev.portcullis.catalog;

import dev.portcullis.model.Location;
import java.util.Map;
import java.util.Objects;

/**
 * A policy file's request to use a preset: which one, under what name, with which parameter values and option
 * switches. Locations let expansion errors point at the exact value that is wrong.
 *
 * @param instanceName   prefix of the expanded rule ids ({@code <instanceName>.<presetRuleId>})
 * @param valueLocations where each parameter or option value was written, keyed by parameter/option name
 */
public record PresetInstance(String presetId, String instanceName, Map<String, String> parameters,
                             Map<String, Boolean> options, Location location, Map<String, Location> valueLocations) {
    public PresetInstance {
        Objects.requireNonNull(presetId, "presetId");
        Objects.requireNonNull(instanceName, "instanceName");
        Objects.requireNonNull(location, "location");
        parameters = Map.copyOf(parameters);
        options = Map.copyOf(options);
        valueLocations = Map.copyOf(valueLocations);
    }

    /** An instance with default parameters and options, named after the preset. */
    public static PresetInstance of(String presetId, Location location) {
        return new PresetInstance(presetId, presetId, Map.of(), Map.of(), location, Map.of());
    }

    /** Where the value of {@code name} was written, or the instance itself when it was not. */
    public Location locationOf(String name) {
        return valueLocations.getOrDefault(name, location);
    }
}
