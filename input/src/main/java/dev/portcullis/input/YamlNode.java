package dev.portcullis.input;

import dev.portcullis.model.Location;
import java.util.List;
import java.util.Optional;

/**
 * A YAML document as a tree that remembers where every node was written. Jackson's {@code JsonNode} forgets
 * locations, and every complaint about a policy or preset file must point at the exact line and column, so
 * {@link YamlReader} reads the parser's events into this tree instead.
 */
public sealed interface YamlNode {
    Location location();

    /** What a person would call this node in an error message: "a list", "a mapping", "'tcp'". */
    String describe();

    /** How YAML typed a scalar: {@code 22} is a number, {@code "22"} and {@code smtp} are strings. */
    enum ScalarType { STRING, NUMBER, BOOLEAN, NULL }

    /**
     * A plain value.
     *
     * @param verbatim whether {@code text} stands in the file exactly as read, starting at {@code textStart}
     *                 (false for multi-line or escaped values), so that a part of it can be located precisely
     */
    record Scalar(String text, ScalarType type, Location location, Location textStart, boolean verbatim)
            implements YamlNode {
        public Scalar(String text, ScalarType type, Location location) {
            this(text, type, location, location, false);
        }

        public boolean isNull() {
            return type == ScalarType.NULL;
        }

        /** Where the character at {@code offset} of the text was written, or the scalar's start when unknown. */
        public Location locationOf(int offset) {
            return verbatim ? new Location(textStart.file(), textStart.line(), textStart.column() + offset) : location;
        }

        @Override
        public String describe() {
            return isNull() ? "nothing (null)" : "'" + text + "'";
        }
    }

    record Sequence(List<YamlNode> items, Location location) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    record Mapping(List<Entry> entries, Location location) implements YamlNode {
        public Mapping {
            entries = List.copyOf(entries);
        }

        public Optional<Entry> entry(String key) {
            for (Entry entry : entries) {
                if (entry.key().equals(key)) {
                    return Optional.of(entry);
                }
            }
            return Optional.empty();
        }

        public Optional<YamlNode> get(String key) {
            return entry(key).map(Entry::value);
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /** One {@code key: value} pair; the key's own location is where "unknown key" errors point. */
    record Entry(String key, Location keyLocation, YamlNode value) {
    }
}
