package dev.portcullis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class PortcullisCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

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

    /** Runs {@code args} with an extra subcommand that has a bug, to see how an internal error is reported. */
    private static Run runWithBoom(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = PortcullisCommand.commandLine(new PrintWriter(out), new PrintWriter(err));
        commandLine.addSubcommand("boom", new Boom());
        // picocli hands writers and handlers to the subcommands present when they are set: set them again.
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        commandLine.setExecutionExceptionHandler(commandLine.getExecutionExceptionHandler());
        commandLine.setExitCodeExceptionMapper(commandLine.getExitCodeExceptionMapper());
        int code = commandLine.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @CommandLine.Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @CommandLine.Mixin
        JsonOption json;

        @Override
        public Integer call() {
            throw new IllegalStateException("the index went past the end\nsecond line");
        }
    }

    @Test
    void helpListsExitCodes() {
        Run run = run("--help");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("Usage: portcullis").contains("Exit status:")
                .containsPattern("2 +bad input").containsPattern("4 +internal error");
    }

    @Test
    void portcullisAloneIsAUsageError() {
        Run run = run();
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("Usage: portcullis").contains("error: a command is needed");
    }

    @Test
    void everyLeafCommandDocumentsItsExitCodes() {
        List<CommandLine> leaves = new ArrayList<>();
        collectLeaves(PortcullisCommand.commandLine(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter())), leaves);
        assertThat(leaves).hasSizeGreaterThan(15);
        for (CommandLine leaf : leaves) {
            String help = leaf.getUsageMessage();
            assertThat(help).as(leaf.getCommandSpec().qualifiedName()).contains("Exit status:")
                    .containsPattern("\\n +0 +\\S").containsPattern("\\n +2 +\\S").containsPattern("\\n +4 +internal");
        }
    }

    private static void collectLeaves(CommandLine command, List<CommandLine> leaves) {
        command.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) {
                return;
            }
            if (sub.getSubcommands().isEmpty()) {
                if (!leaves.contains(sub)) {
                    leaves.add(sub);
                }
            } else {
                collectLeaves(sub, leaves);
            }
        });
    }

    @Test
    void anInternalErrorIsOneLineWithTheStackTraceOnlyWithDebug() {
        Run run = runWithBoom("boom");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INTERNAL_ERROR);
        assertThat(run.err().strip().lines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("portcullis: internal error (IllegalStateException: the index went past the end)")
                .contains("--debug"));
        Run debug = runWithBoom("boom", "--debug");
        assertThat(debug.exitCode()).isEqualTo(ExitCodes.INTERNAL_ERROR);
        assertThat(debug.err()).contains("\tat dev.portcullis.cli.PortcullisCommandTest$Boom.call");
    }

    @Test
    void withJsonErrorsAreJsonToo() throws Exception {
        Run bad = run("check", "examples-that-do-not-exist.yaml", "out tcp 10.0.0.2:1 -> 10.0.0.3:2", "--json");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        JsonNode error = JSON.readTree(bad.err()).path("error");
        assertThat(error.path("kind").asText()).isEqualTo("invalid-input");
        assertThat(error.path("problems").get(0).path("message").asText()).isEqualTo("policy file not found");
        Run boom = runWithBoom("boom", "--json");
        assertThat(JSON.readTree(boom.err()).path("error").path("kind").asText()).isEqualTo("internal-error");
        Run usage = run("check", "--json", "--no-such-option");
        assertThat(usage.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(JSON.readTree(usage.err()).path("error").path("kind").asText()).isEqualTo("usage");
    }

    @Test
    void badArgumentsAreInputErrorsNamingTheArgument() {
        Run run = run("check", "../examples/home-messaging.yaml", "sideways tcp 10.0.0.2:1 -> 10.0.0.3:2");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).startsWith("PACKET: error: unknown direction 'sideways'").contains("hint:");
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
