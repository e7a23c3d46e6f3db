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
import picocli.CommandLine;

class PortcullisCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        return run(PortcullisCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())),
                args);
    }

    private static Run run(CommandLine ignored, String... args) {
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

    /** A command with a bug, to see how an internal error is reported. */
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
    void unknownSubcommandIsBadUsage() {
        Run run = run("frobnicate");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("frobnicate").contains("hint:");
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
        Run run = run("boom");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INTERNAL_ERROR);
        assertThat(run.err().strip().lines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("portcullis: internal error (IllegalStateException: the index went past the end)")
                .contains("--debug"));
        Run debug = run("boom", "--debug");
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
        Run boom = run("boom", "--json");
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
}
