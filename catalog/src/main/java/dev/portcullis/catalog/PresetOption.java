package dev.portcullis.catalog;

import java.util.Objects;

/**
 * A switch that adds or removes parts of a preset, such as the HTTP rule's auxiliary ports 81-83.
 *
 * @param why how the source document implies the default (a conditional row, "To optimize" advice, ...)
 */
public record PresetOption(String name, String description, boolean enabledByDefault, String why) {
    public PresetOption {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        why = why == null ? "" : why;
    }
}
