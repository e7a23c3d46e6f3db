package dev.portcullis.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.model.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 10, item 4: special files and huge files are one-line input errors, never a hang or an OutOfMemoryError. */
class InputFilesTest {
    @TempDir
    Path dir;

    private static String error(Runnable read) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, read::run);
        assertThat(e).as("expected an input error").isNotNull();
        assertThat(e.problems()).hasSize(1);
        return e.render();
    }

    @Test
    void readsUtf8TextAndDropsAByteOrderMark() throws IOException {
        Path file = dir.resolve("p.yaml");
        Files.write(file, new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, 'm', 'o', 'd', 'e', ':', ' ', 'x'});
        assertThat(InputFiles.readText(file, "policy file")).isEqualTo("mode: x");
        Files.writeString(file, "name: caf\u00e9\n", StandardCharsets.UTF_8);
        assertThat(InputFiles.readText(file, "policy file")).isEqualTo("name: caf\u00e9\n");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void characterDevicesAreRefusedBeforeReading() {
        assertThat(error(() -> InputFiles.readText(Path.of("/dev/zero"), "policy file")))
                .isEqualTo("/dev/zero: error: is a character device, not a regular file\n"
                        + "  hint: give the path of an ordinary policy file; to read from a pipe, use '-' for standard input");
        assertThat(error(() -> InputFiles.openLines(Path.of("/dev/urandom"), "flow file")))
                .startsWith("/dev/urandom: error: is a character device, not a regular file");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aFifoIsRefusedInsteadOfBlocking() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        assertThat(error(() -> InputFiles.readText(fifo, "policy file")))
                .startsWith(fifo + ": error: is a FIFO (named pipe), not a regular file");
    }

    @Test
    void directoriesAndMissingFiles() {
        assertThat(error(() -> InputFiles.readText(dir, "policy file")))
                .isEqualTo(dir + ": error: is a directory, not a policy file\n  hint: give the path of a file");
        assertThat(error(() -> InputFiles.readText(dir.resolve("none.yaml"), "policy file")))
                .startsWith(dir.resolve("none.yaml") + ": error: policy file not found");
    }

    @Test
    void aFileLargerThanTheCapIsRefusedWithItsSize() throws IOException {
        Path file = dir.resolve("big.yaml");
        Files.write(file, new byte[2048]);
        assertThat(error(() -> InputFiles.readText(file, "policy file", 1024)))
                .startsWith(file + ": error: the policy file is larger than 1 KiB, the most Portcullis reads");
    }

    @Test
    void binaryAndNonUtf8ContentNameTheLine() throws IOException {
        Path binary = dir.resolve("bin");
        Files.write(binary, "mode: a\nrules: []\n\0\0".getBytes(StandardCharsets.UTF_8));
        assertThat(error(() -> InputFiles.readText(binary, "policy file")))
                .startsWith(binary + ":3: error: the policy file holds binary data (a NUL byte), not text");
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, "mode: a\nname: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(error(() -> InputFiles.readText(latin1, "policy file")))
                .startsWith(latin1 + ":2: error: the policy file is not UTF-8 text (byte 0xe9 at offset 17)");
    }

    @Test
    void linesAreStreamed() throws IOException {
        Path file = dir.resolve("flows.csv");
        Files.writeString(file, "a\nb\n");
        try (BufferedReader reader = InputFiles.openLines(file, "flow file")) {
            assertThat(reader.lines().toList()).containsExactly("a", "b");
        }
    }

    @Test
    void sizesAreWrittenForPeople() {
        assertThat(InputFiles.size(32L << 20)).isEqualTo("32 MiB");
        assertThat(InputFiles.size(512 << 10)).isEqualTo("512 KiB");
        assertThat(InputFiles.size(100)).isEqualTo("100 bytes");
    }
}
