package dev.portcullis.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The reference documents under {@code ${portcullis.shared}/reference}, read in place (never copied). */
final class ReferenceDocuments {
    private ReferenceDocuments() {
    }

    static Path shared() {
        String shared = System.getProperty("portcullis.shared");
        assertThat(shared).as("system property portcullis.shared (set by surefire)").isNotBlank();
        return Path.of(shared);
    }

    /** The document whose name starts with {@code prefix}, e.g. {@code 000_}. */
    static Path document(String prefix) {
        try (Stream<Path> files = Files.list(shared().resolve("reference"))) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("no reference document " + prefix + "* in " + shared()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(String prefix) {
        try {
            return Files.readAllLines(document(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String fileName(String prefix) {
        return document(prefix).getFileName().toString();
    }
}
