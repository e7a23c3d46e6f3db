package dev.portcullis.cli;

import dev.portcullis.model.InputProblem;
import dev.portcullis.model.InvalidInputException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The top-level {@code portcullis} command. Each subcommand is one class; register new ones in
 * {@link #SUBCOMMANDS}.
 *
 * <p>Errors are handled here, once: bad input (a file or an argument) is one {@code WHERE: error: ...} line per
 * problem with a hint and exit status 2, as JSON on standard error with {@code --json}; anything else is a bug,
 * reported in one line with exit status 4, and the stack trace only with {@code --debug}.
 */
@Command(name = "portcullis",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Firewall policy manager: preset catalog, decision engine, enforcement and analysis.", ""},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
                "0:ok",
                "1:findings (analysis findings, drift, a verdict other than --expect)",
                "2:bad input or usage; nothing was changed",
                "3:the system refused (nft, permissions, the lockout guard); nothing was changed",
                "4:internal error (a bug: please report it with the output of --debug)"})
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

    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "On an internal error, print the stack trace (to include in a bug report).")
    boolean debug;

    /** {@code portcullis} alone: usage on standard error, exit status 2 (a usage error, like a missing argument). */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed");
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
        commandLine.setExitCodeExceptionMapper(e -> e instanceof InvalidInputException ? ExitCodes.BAD_INPUT
                : ExitCodes.INTERNAL_ERROR);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            boolean json = leafMatched(parseResult, "--json");
            if (e instanceof InvalidInputException invalid) {
                // Bad input is the user's to fix: say exactly where and how, never a stack trace.
                cmd.getErr().println(json ? Output.toJson(errorJson("invalid-input", invalid.problems(), null))
                        : invalid.render());
                cmd.getErr().flush();
                return ExitCodes.BAD_INPUT;
            }
            String summary = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage()));
            if (json) {
                cmd.getErr().println(Output.toJson(errorJson("internal-error", List.of(), summary)));
            } else {
                cmd.getErr().println("portcullis: internal error (" + summary + "); this is a bug, please report it"
                        + " with the output of the same command with --debug");
            }
            if (leafMatched(parseResult, "--debug")) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                cmd.getErr().print(trace);
            }
            cmd.getErr().flush();
            return ExitCodes.INTERNAL_ERROR;
        });
        commandLine.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            if (List.of(args).contains("--json")) {
                cmd.getErr().println(Output.toJson(Map.of("error", Map.of("kind", "usage", "message", e.getMessage(),
                        "help", cmd.getCommandSpec().qualifiedName() + " --help"))));
            } else {
                cmd.getErr().println("error: " + e.getMessage());
                cmd.getErr().println("  hint: run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage");
            }
            cmd.getErr().flush();
            return ExitCodes.BAD_INPUT;
        });
        return commandLine;
    }

    private static boolean leafMatched(CommandLine.ParseResult parseResult, String option) {
        CommandLine.ParseResult leaf = parseResult;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        return leaf.hasMatchedOption(option) || parseResult.hasMatchedOption(option);
    }

    private static Map<String, Object> errorJson(String kind, List<InputProblem> problems, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("kind", kind);
        if (message != null) {
            error.put("message", message);
        }
        if (!problems.isEmpty()) {
            error.put("problems", problems.stream().map(p -> {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("file", p.location().file());
                one.put("line", p.location().line());
                one.put("column", p.location().column());
                one.put("message", p.message());
                one.put("hint", p.hint());
                return one;
            }).toList());
        }
        return Map.of("error", error);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(commandLineFor(List.of(args), out, err).execute(args));
    }
}
