package dev.portcullis.cli;

import dev.portcullis.model.InvalidInputException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The top-level {@code portcullis} command. Each subcommand is one class; register new ones in
 * {@link #SUBCOMMANDS}.
 */
@Command(name = "portcullis",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Firewall policy manager: preset catalog, decision engine, enforcement and analysis.", ""},
        footer = {"", "Exit status: 0 ok, 1 findings, 2 bad input or usage, 3 the system refused (nothing changed)."})
public final class PortcullisCommand implements Runnable {
    /**
     * The subcommands, in the order usage lists them. They are registered in code, not in {@code @Command}, so
     * that a run builds only the one its arguments name ({@link #commandLineFor}): picocli builds the model of
     * every registered command up front, by reflection over its fields and mixins, and building all of them was
     * about a third of a short command's start-up (docs/benchmarks.md, "Start-up time").
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(
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
            AnalyzeCommand.class, QueryCommand.class, DiffCommand.class, NarrowCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line, with every subcommand and the error handling they all share. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return configured(withSubcommands(SUBCOMMANDS), out, err);
    }

    /**
     * The command line that runs {@code args} exactly as {@link #commandLine} would, built with only what they
     * need: when the first argument names a subcommand, that subcommand alone (the others cannot take part in the
     * run); a lone {@code --version} needs none. Anything else (no arguments, {@code --help}, {@code help}, a
     * mistyped name) gets every subcommand, because usage lists them and suggestions search them.
     */
    public static CommandLine commandLineFor(List<String> args, PrintWriter out, PrintWriter err) {
        if (args.equals(List.of("--version")) || args.equals(List.of("-V"))) {
            return configured(withSubcommands(List.of()), out, err);
        }
        List<Class<?>> named = args.isEmpty() ? List.of() : SUBCOMMANDS.stream()
                .filter(type -> type != CommandLine.HelpCommand.class && names(type).contains(args.getFirst()))
                .toList();
        return configured(withSubcommands(named.isEmpty() ? SUBCOMMANDS : named), out, err);
    }

    /** The name and aliases picocli registers a subcommand under, read from its annotation alone. */
    private static List<String> names(Class<?> type) {
        Command command = type.getAnnotation(Command.class);
        return Stream.concat(Stream.of(command.name()), Arrays.stream(command.aliases())).toList();
    }

    private static CommandLine withSubcommands(List<Class<?>> subcommands) {
        CommandLine commandLine = new CommandLine(new PortcullisCommand());
        subcommands.forEach(commandLine::addSubcommand);
        return commandLine;
    }

    /** Adds the error handling every subcommand shares; after the subcommands, so that they all get it. */
    private static CommandLine configured(CommandLine commandLine, PrintWriter out, PrintWriter err) {
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
        System.exit(commandLineFor(List.of(args), out, err).execute(args));
    }
}
