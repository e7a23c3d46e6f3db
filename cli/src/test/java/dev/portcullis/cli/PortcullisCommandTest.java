package dev.portcullis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class PortcullisCommandTest {

    record Run(int exitCode, String out, String err) {
    }

    /** Runs {@code args} as {@code main} does: on the command line built for them. */
    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PortcullisCommand.commandLineFor(List.of(args), new PrintWriter(out), new PrintWriter(err))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Runs {@code args} on the command line with every subcommand registered. */
    static Run runOnWholeCommandLine(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PortcullisCommand.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpListsExitCodes() {
        Run run = run("--help");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("Usage: portcullis").contains("2 bad input");
    }

    @Test
    void unknownSubcommandIsBadUsage() {
        Run run = run("frobnicate");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("frobnicate").contains("hint:");
    }

    @Test
    void usageListsEverySubcommandInOrder() {
        String usage = run("--help").out();
        List<String> names = List.of("help", "presets", "port", "policy", "check", "replay", "stateless", "compile",
                "apply", "confirm", "revert", "status", "refresh", "analyze", "query", "diff", "narrow");
        // A command's line starts with two spaces and its name; its description continues further in.
        assertThat(usage.substring(usage.indexOf("Commands:")).lines()
                .filter(line -> line.matches("  [a-z].*")).map(line -> line.trim().split(" ")[0]).toList())
                .containsExactlyElementsOf(names);
    }

    /** main builds only what the arguments need (for start-up time); the answer must not depend on it. */
    @ParameterizedTest
    @ValueSource(strings = {"--version", "-V", "--help", "help", "help check", "help policy validate", "chek",
            "check", "check --help", "check nosuch.yaml", "policy", "policy validate --help", "policy nosuch",
            "presets list", "presets show icq --json", "presets show nosuch", "port 5050", "port 99999",
            "analyze --help", "status --help", "--version check"})
    void aCommandLineBuiltForTheArgumentsAnswersAsTheWholeOne(String command) {
        String[] args = command.split(" ");
        assertThat(run(args)).isEqualTo(runOnWholeCommandLine(args));
    }

    @Test
    void aRunBuildsOnlyTheSubcommandItNames() {
        PrintWriter sink = new PrintWriter(new StringWriter());
        CommandLine check = PortcullisCommand.commandLineFor(
                List.of("check", "p.yaml", "out tcp 10.0.0.2:40000 -> 203.0.113.5:5050"), sink, sink);
        assertThat(check.getSubcommands().keySet()).containsExactly("check");
        assertThat(PortcullisCommand.commandLineFor(List.of("policy", "validate", "p.yaml"), sink, sink)
                .getSubcommands().get("policy").getSubcommands().keySet())
                .containsExactly("new", "validate", "show");
        assertThat(PortcullisCommand.commandLineFor(List.of("--version"), sink, sink).getSubcommands()).isEmpty();
        assertThat(PortcullisCommand.commandLineFor(List.of("help", "check"), sink, sink).getSubcommands())
                .hasSameSizeAs(PortcullisCommand.SUBCOMMANDS);
    }
}
