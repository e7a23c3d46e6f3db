package dev.portcullis.input;

import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.Location;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads the files a user names. Every reader of user input goes through here, so that a directory, a FIFO,
 * {@code /dev/zero} or a multi-gigabyte file given by mistake is a one-line error with exit status 2, never a
 * hang, an {@code OutOfMemoryError} or a stack trace.
 *
 * <p>{@code -} names standard input (read with the same size cap and decoding rules).
 */
public final class InputFiles {
    /** The cap for files read whole (policies, preset files, host tables, firewall configurations). */
    public static final long TEXT_LIMIT = 32L << 20;

    private InputFiles() {
    }

    /** Reads a whole text file of at most {@link #TEXT_LIMIT} bytes. {@code what} names it in errors ("policy file"). */
    public static String readText(Path file, String what) {
        return readText(file, what, TEXT_LIMIT);
    }

    /** Reads a whole text file of at most {@code limit} bytes, strictly UTF-8 and without NUL bytes. */
    public static String readText(Path file, String what, long limit) {
        return decode(file, what, readBytes(file, what, limit));
    }

    /** The bytes of a regular file (or standard input) of at most {@code limit} bytes, for callers that decode. */
    public static byte[] readBytes(Path file, String what, long limit) {
        if (isStandardInput(file)) {
            return readCapped(System.in, file, what, limit);
        }
        checkRegularFile(file, what);
        try (InputStream in = Files.newInputStream(file)) {
            return readCapped(in, file, what, limit);
        } catch (IOException e) {
            throw cannotRead(file, what, e);
        }
    }

    /**
     * Opens a text file to be read line by line in bounded memory (flow files, logs): the same refusal of
     * directories and special files as {@link #readText}, strict UTF-8 (a bad byte is an error naming the line
     * when it is reached, through {@link java.io.UncheckedIOException} wrapping a {@link CharacterCodingException}
     * — callers that read other programs' logs use {@link #openLenient} instead).
     */
    public static BufferedReader openLines(Path file, String what) {
        return open(file, what, CodingErrorAction.REPORT);
    }

    /** Like {@link #openLines}, but undecodable bytes become U+FFFD: for logs that mix other programs' output. */
    public static BufferedReader openLenient(Path file, String what) {
        return open(file, what, CodingErrorAction.REPLACE);
    }

    private static BufferedReader open(Path file, String what, CodingErrorAction onError) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(onError)
                .onUnmappableCharacter(onError);
        if (isStandardInput(file)) {
            return new BufferedReader(new InputStreamReader(System.in, decoder), 1 << 16);
        }
        checkRegularFile(file, what);
        try {
            return new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder), 1 << 16);
        } catch (IOException e) {
            throw cannotRead(file, what, e);
        }
    }

    /** Whether {@code file} is {@code -}, standard input. */
    public static boolean isStandardInput(Path file) {
        return file.toString().equals("-");
    }

    /**
     * Refuses, before anything is opened, what is not a regular file: a missing path, a directory, a FIFO (which
     * would block the read), a device such as {@code /dev/zero} (which never ends), a socket.
     */
    public static void checkRegularFile(Path file, String what) {
        Location at = Location.of(file.toString());
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(at, what + " not found", "check the path");
        } catch (AccessDeniedException e) {
            throw new InvalidInputException(at, "permission denied reading the " + what,
                    "check the file's permissions, or run as a user who may read it");
        } catch (IOException e) {
            throw cannotRead(file, what, e);
        }
        if (attributes.isDirectory()) {
            throw new InvalidInputException(at, "is a directory, not a " + what, "give the path of a file");
        }
        if (!attributes.isRegularFile()) {
            String kind = kindOf(file);
            throw new InvalidInputException(at, "is " + kind + ", not a regular file",
                    "give the path of an ordinary " + what + "; to read from a pipe, use '-' for standard input");
        }
    }

    private static String kindOf(Path file) {
        try {
            Object mode = Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            int type = ((Integer) mode) & 0170000;
            return switch (type) {
                case 0010000 -> "a FIFO (named pipe)";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a special file";
        }
    }

    private static byte[] readCapped(InputStream in, Path file, String what, long limit) {
        try {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, limit + 1));
            if (bytes.length > limit) {
                throw new InvalidInputException(Location.of(file.toString()), "the " + what + " is larger than "
                        + size(limit) + ", the most Portcullis reads", "check that this is the file you meant");
            }
            return bytes;
        } catch (IOException e) {
            throw cannotRead(file, what, e);
        }
    }

    private static String decode(Path file, String what, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new InvalidInputException(new Location(file.toString(), lineOf(bytes, i), 0),
                        "the " + what + " holds binary data (a NUL byte), not text",
                        "check that this is the file you meant");
            }
        }
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
                && (bytes[2] & 0xff) == 0xbf ? 3 : 0; // a UTF-8 byte-order mark is not content
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer buffer = ByteBuffer.wrap(bytes, start, bytes.length - start);
        try {
            return decoder.decode(buffer).toString();
        } catch (MalformedInputException e) {
            int offset = buffer.position();
            throw new InvalidInputException(new Location(file.toString(), lineOf(bytes, offset), 0),
                    "the " + what + " is not UTF-8 text (byte 0x" + Integer.toHexString(bytes[offset] & 0xff)
                            + " at offset " + offset + ")", "save the file as UTF-8");
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(Location.of(file.toString()), "the " + what + " is not UTF-8 text",
                    "save the file as UTF-8");
        }
    }

    private static int lineOf(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static InvalidInputException cannotRead(Path file, String what, IOException e) {
        if (e instanceof AccessDeniedException) {
            return new InvalidInputException(Location.of(file.toString()), "permission denied reading the " + what,
                    "check the file's permissions, or run as a user who may read it");
        }
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (reason.startsWith(file.toString() + ": ")) {
            reason = reason.substring(file.toString().length() + 2);
        }
        return new InvalidInputException(Location.of(file.toString()), "cannot read the " + what + ": " + reason,
                "check the path and its permissions");
    }

    /** {@code 32 MiB}, {@code 512 KiB}, {@code 100 bytes}. */
    public static String size(long bytes) {
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes >= 1L << 10 && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " bytes";
    }
}
