package dev.portcullis.cli;

import static dev.portcullis.cli.PortcullisCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.cli.PortcullisCommandTest.Run;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command of issue 2 has help written for a person, with no unexpanded or null placeholders. */
class SubcommandHelpTest {

    @ParameterizedTest
    @ValueSource(strings = {"presets list", "presets show", "port", "policy new", "policy validate", "policy show"})
    void helpIsComplete(String command) {
        String[] words = (command + " --help").split(" ");
        Run run = run(words);
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).startsWith("Usage: portcullis " + command).contains("--json")
                .doesNotContain("null");
    }
}
