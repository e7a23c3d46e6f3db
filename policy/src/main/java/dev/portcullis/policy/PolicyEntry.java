package dev.portcullis.policy;

import dev.portcullis.model.Location;
import dev.portcullis.model.Rule;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** One item of a policy's {@code rules:} list: a plain rule, or a preset instance expanded in its place. */
public sealed interface PolicyEntry {

    Location location();

    /** A rule written out in full; its origin already points at where it was written. */
    record PlainRule(Rule rule, Location location) implements PolicyEntry {
        public PlainRule {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(location, "location");
        }
    }

    /**
     * A preset used under an instance name, with parameter values and option switches as written.
     *
     * @param valueLocations where each parameter or option value was written, keyed by its name
     */
    record PresetUse(String presetId, String instanceName, Map<String, String> parameters,
                     Map<String, Boolean> options, Location location, Map<String, Location> valueLocations)
            implements PolicyEntry {
        public PresetUse {
            Objects.requireNonNull(presetId, "presetId");
            Objects.requireNonNull(instanceName, "instanceName");
            Objects.requireNonNull(location, "location");
            // Kept in the order written so that a written file reads like the one that was loaded.
            parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
            options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
            valueLocations = Map.copyOf(valueLocations);
        }
    }
}
