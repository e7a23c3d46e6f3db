package dev.portcullis.catalog;

import java.util.Objects;
import java.util.Optional;

/**
 * A value a preset instance supplies, such as "your SMTP server".
 *
 * <p>A parameter without a default is required, but only when a rule that survives the instance's options
 * refers to it. A default of the empty string means "optional, and unset": the clause that refers to it is
 * then unrestricted, the way the reference documents' rules are before their "To optimize" advice is applied.
 */
public record Parameter(String name, String description, Optional<String> defaultValue, ParameterKind kind,
                        int minimumPorts) {
    public Parameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        description = description == null ? "" : description;
        defaultValue = defaultValue == null ? Optional.empty() : defaultValue;
        if (minimumPorts < 0) {
            throw new IllegalArgumentException("minimumPorts " + minimumPorts + " is negative");
        }
    }

    public Parameter(String name, String description, Optional<String> defaultValue, ParameterKind kind) {
        this(name, description, defaultValue, kind, 0);
    }

    /** Whether an instance must give a value (when a surviving rule uses it). */
    public boolean required() {
        return defaultValue.isEmpty();
    }
}
