package dev.portcullis.cli;

import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a policy file for the commands that produce one ({@code policy new -o}, {@code narrow -o}): all or
 * nothing, through a temporary file in the same directory renamed over the target, so a reader never sees half a
 * policy; an existing file is kept unless the user said {@code --force}.
 */
final class PolicyFileOutput {
    private PolicyFileOutput() {
    }

    static void write(Path output, String text, boolean force) {
        if (Files.exists(output) && !force) {
            throw new InvalidInputException(Location.of(output.toString()), "the file exists; nothing was written",
                    "choose another -o FILE, or add --force to overwrite it");
        }
        Path target = output.toAbsolutePath();
        try {
            Path temporary = Files.createTempFile(target.getParent(), ".portcullis-", ".yaml");
            try {
                Files.writeString(temporary, text, StandardCharsets.UTF_8);
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidInputException(Location.of(output.toString()), "the directory does not exist",
                    "create it first, or write somewhere else with -o");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output + ": " + e.getMessage(), e);
        }
    }
}
