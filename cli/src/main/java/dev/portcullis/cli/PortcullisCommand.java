package dev.portcullis.cli;

import dev.portcullis.model.InvalidInputException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The top-level {@code portcullis} command. Each subcommand is one class; register new ones in
 * {@code subcommands} below.
 */
@Command(name = "portcullis",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Firewall policy manager: preset catalog, decision engine, enforcement and analysis.", ""},
        footer = {"", "Exit status: 0 ok, 1 findings, 2 bad input or usage, 3 the system refused (nothing changed)."},
        subcommands = {
                CommandLine.HelpCommand.class,
                PresetsCommand.class,
                PortCommand.class,
                PolicyCommand.class,
                CheckCommand.class, ReplayCommand.class, StatelessCommand.class,
                CompileCommand.class,
                ApplyCommand.class,
                ConfirmCommand.class,
                RevertCommand.class,
                StatusCommand.class,
                RefreshCommand.class,
                AnalyzeCommand.class, QueryCommand.class, DiffCommand.class, NarrowCommand.class,
        })
public final class PortcullisCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with the error handling every subcommand shares. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new PortcullisCommand());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExitCodeExceptionMapper(e -> e instanceof InvalidInputException
                || e instanceof IllegalArgumentException ? ExitCodes.BAD_INPUT : ExitCodes.FAILURE);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            // Bad input is the user's to fix: say exactly where and how, never a stack trace.
            if (e instanceof InvalidInputException invalid) {
                cmd.getErr().println(invalid.render());
                return ExitCodes.BAD_INPUT;
            }
            if (e instanceof IllegalArgumentException bad) {
                cmd.getErr().println("error: " + bad.getMessage());
                return ExitCodes.BAD_INPUT;
            }
            if (e instanceof java.io.UncheckedIOException || e instanceof java.io.IOException) {
                cmd.getErr().println("error: " + e.getMessage());
                return ExitCodes.FAILURE;
            }
            throw e;
        });
        commandLine.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("error: " + e.getMessage());
            cmd.getErr().println("  hint: run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage");
            return ExitCodes.BAD_INPUT;
        });
        return commandLine;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(commandLine(out, err).execute(args));
    }
}
