package dev.portcullis.cli;

import static dev.portcullis.cli.PortcullisCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.cli.PortcullisCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 5: {@code validate} finds, at file:line:column, everything {@code compile} and {@code apply}
 * would refuse, because both run the same checks.
 */
class ValidateForTargetTest {
    @TempDir
    Path dir;

    private Path policy(String application, String direction) throws Exception {
        Path file = dir.resolve("app.yaml");
        Files.writeString(file, "mode: block-most\nrules:\n  - id: ok\n    action: allow\n    direction: out\n"
                + "    protocol: tcp\n    remote-ports: [443]\n  - id: bound\n    action: allow\n    direction: "
                + direction + "\n    protocol: tcp\n    application: '" + application + "'\n");
        return file;
    }

    private void refusedEverywhere(Path file, String where, String message) {
        Run validate = run("policy", "validate", file.toString());
        assertThat(validate.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(validate.err()).startsWith(file + ":" + where + ": error: " + message);
        Run compile = run("compile", file.toString(), "--no-resolve");
        assertThat(compile.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(compile.out()).isEmpty();
        assertThat(compile.err()).isEqualTo(validate.err());
    }

    @Test
    void executablesCannotBeMatchedByNftables() throws Exception {
        refusedEverywhere(policy("exe:/usr/bin/pidgin", "out"), "8:5", "rule 'bound' selects executable /usr/bin/pidgin");
        Run fileOnly = run("policy", "validate", policy("exe:/usr/bin/pidgin", "out").toString(), "--target", "none");
        assertThat(fileOnly.exitCode()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void malformedSelectorsAreRefusedWhereTheyAreWritten() throws Exception {
        refusedEverywhere(policy("user:\"x", "out"), "12:18", "user '\"x' is not a user name or numeric uid");
        refusedEverywhere(policy("cgroup:a b", "out"), "12:18", "cgroup 'a b' is not a cgroup v2 path");
    }

    @Test
    void usersThatDoNotExistOnThisHost() throws Exception {
        refusedEverywhere(policy("user:no-such-user-pc", "out"), "8:5",
                "rule 'bound' selects user 'no-such-user-pc', which does not exist on this host");
        Run root = run("policy", "validate", policy("user:root", "out").toString());
        assertThat(root.exitCode()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void inboundApplicationSelectors() throws Exception {
        refusedEverywhere(policy("user:root", "in"), "8:5", "rule 'bound' selects application user:root for direction in");
    }
}
