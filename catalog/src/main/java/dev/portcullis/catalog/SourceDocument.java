package dev.portcullis.catalog;

import java.util.Objects;

/**
 * A reference document presets cite: the file name that {@link dev.portcullis.model.SourceRef} lines refer to, a
 * title a person recognises, and where it came from and is kept.
 *
 * @param origin who published it and where the captured copy is kept, e.g. "Agnitum's Outpost Firewall help;
 *               captured copy in the reference/ folder beside the sources"
 */
public record SourceDocument(String file, String title, String origin) {
    public SourceDocument {
        Objects.requireNonNull(file, "file");
        title = title == null || title.isBlank() ? file : title;
        origin = origin == null ? "" : origin;
    }

    /** {@code "Title" (origin; file FILE)}, the way {@code presets show} names a source. */
    public String describe() {
        return "\"" + title + "\"" + (origin.isEmpty() ? "" : " (" + origin + ")") + ", file " + file;
    }
}
