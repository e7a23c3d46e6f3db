package dev.portcullis.input;

import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.Location;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes the files a user asks for ({@code -o FILE}) all or nothing: the text goes to a temporary file in the
 * same directory, is flushed to disk, and is renamed over the target in one step, so a reader never sees half a
 * file and a failure leaves the old file (or none) in place. An existing file is kept unless {@code force}.
 */
public final class OutputFiles {
    private OutputFiles() {
    }

    /** Writes {@code text} (UTF-8) to {@code output}; {@code what} names it in errors ("policy file"). */
    public static void write(Path output, String text, boolean force, String what) {
        write(output, text.getBytes(StandardCharsets.UTF_8), force, what);
    }

    public static void write(Path output, byte[] content, boolean force, String what) {
        Location at = Location.of(output.toString());
        if (Files.isDirectory(output)) {
            throw new InvalidInputException(at, "is a directory; nothing was written",
                    "give the path of the " + what + " to write, e.g. " + output.resolve("out.yaml"));
        }
        if (Files.exists(output) && !force) {
            throw new InvalidInputException(at, "the file exists; nothing was written",
                    "choose another path, or add --force to overwrite it");
        }
        Path target = output.toAbsolutePath();
        Path directory = target.getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new InvalidInputException(at, "the directory " + directory + " does not exist; nothing was written",
                    "create it first, or write somewhere else");
        }
        Path temporary = null;
        try {
            temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(content));
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
        } catch (AccessDeniedException e) {
            throw new InvalidInputException(at, "permission denied writing the " + what + " in " + directory
                    + "; nothing was written", "write somewhere you may write, or run as a user who may");
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(at, "the directory does not exist; nothing was written",
                    "create it first, or write somewhere else");
        } catch (FileSystemException e) {
            String reason = e.getReason() == null ? "the system refused" : e.getReason();
            throw new InvalidInputException(at, "cannot write the " + what + ": " + reason.toLowerCase(java.util.Locale.ROOT)
                    + "; nothing was written", "check the path and the free space");
        } catch (IOException e) {
            throw new InvalidInputException(at, "cannot write the " + what + "; nothing was written",
                    "check the path and the free space");
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // the temporary file is ours, hidden, and harmless if it stays
                }
            }
        }
    }
}
