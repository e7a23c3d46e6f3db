package dev.portcullis.cli;

import static dev.portcullis.cli.PortcullisCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.portcullis.cli.PortcullisCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, items 4 and 9: what a user gives by mistake — a device, a FIFO, a directory, a binary file, an
 * unwritable output — is one line of error with exit status 2, never a stack trace, a hang or exit status 3.
 */
class InputEdgesTest {
    private static final String EXAMPLE = "../examples/home-messaging.yaml";

    @TempDir
    Path dir;

    private static void oneLineInputError(Run run, String start) {
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith(start).doesNotContain("Exception").doesNotContain("\tat ")
                .doesNotContain("OutOfMemory");
        assertThat(run.err().strip().lines()).hasSize(2); // the error and its hint
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void devicesAsPolicyOrFlowFiles() {
        oneLineInputError(run("policy", "validate", "/dev/zero"), "/dev/zero: error: is a character device");
        oneLineInputError(run("check", "/dev/urandom", "out tcp 10.0.0.2:1 -> 10.0.0.3:2"),
                "/dev/urandom: error: is a character device");
        oneLineInputError(run("replay", EXAMPLE, "/dev/zero"), "/dev/zero: error: is a character device");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aFifoDoesNotHang() throws Exception {
        Path fifo = dir.resolve("policy.yaml");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        oneLineInputError(run("analyze", fifo.toString()), fifo + ": error: is a FIFO (named pipe)");
    }

    @Test
    void aFlowFileThatIsADirectoryOrBinary() throws Exception {
        oneLineInputError(run("replay", EXAMPLE, dir.toString()), dir + ": error: is a directory, not a flow file");
        Path binary = dir.resolve("flows.csv");
        Files.write(binary, new byte[] {0x7f, 'E', 'L', 'F', 0, 0, 1});
        oneLineInputError(run("replay", EXAMPLE, binary.toString()), binary + ":1: error: the flow file holds binary data");
        oneLineInputError(run("narrow", EXAMPLE, "--keep", binary.toString()), binary + ":1: error:");
    }

    @Test
    void outputIntoADirectoryWithoutWritePermission() throws Exception {
        Path target;
        if ("root".equals(System.getProperty("user.name"))) {
            target = Path.of("/sys/portcullis-test.yaml"); // sysfs refuses new files even to root
        } else {
            Path locked = Files.createDirectory(dir.resolve("locked"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-xr-xr-x")));
            target = locked.resolve("p.yaml");
        }
        Run run = run("policy", "new", "--preset", "icq", "-o", target.toString());
        assumeThat(run.err()).as("this machine's " + target.getParent() + " refuses writes as permission denied")
                .doesNotContain("read-only");
        oneLineInputError(run, target + ": error: permission denied writing the policy file");
        assertThat(run.err()).contains("nothing was written");
        assertThat(Files.exists(target)).isFalse();
    }

    @Test
    void outputIntoAnExistingDirectory() {
        Run run = run("policy", "new", "--preset", "icq", "-o", dir.toString());
        oneLineInputError(run, dir + ": error: is a directory; nothing was written");
    }
}
