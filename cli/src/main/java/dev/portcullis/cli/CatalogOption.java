package dev.portcullis.cli;

import dev.portcullis.catalog.Catalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --presets-file} option of commands that read the preset catalog. */
public final class CatalogOption {
    @Option(names = "--presets-file", paramLabel = "FILE",
            description = "Also read presets from this YAML file (same format as the built-in catalog). Repeatable.")
    List<Path> files = new ArrayList<>();

    /** The built-in catalog, plus the named files when there are any. */
    public Catalog catalog() {
        return files.isEmpty() ? Catalog.builtIn() : Catalog.load(files);
    }
}
