package dev.portcullis.policy;

import dev.portcullis.catalog.PresetInstance;
import dev.portcullis.model.Location;
import dev.portcullis.model.Rule;
import java.util.Objects;

/** One item of a policy's {@code rules:} list: a plain rule, or a preset instance expanded in its place. */
public sealed interface PolicyEntry {

    /** Where the entry was written; expansion problems and rule origins point here. */
    Location location();

    /** A rule written out in full; its origin already points at where it was written. */
    record PlainRule(Rule rule, Location location) implements PolicyEntry {
        public PlainRule {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(location, "location");
        }
    }

    /** A preset used under an instance name, with parameter values and option switches as written. */
    record PresetUse(PresetInstance instance) implements PolicyEntry {
        public PresetUse {
            Objects.requireNonNull(instance, "instance");
        }

        @Override
        public Location location() {
            return instance.location();
        }
    }
}
