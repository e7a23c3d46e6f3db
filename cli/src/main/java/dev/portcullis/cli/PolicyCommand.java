package dev.portcullis.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code portcullis policy}: write, check and read policy files. */
@Command(name = "policy",
        description = "Write, check and read policy files (YAML; see README 'Policy files').",
        mixinStandardHelpOptions = true,
        subcommands = {PolicyNewCommand.class, PolicyValidateCommand.class, PolicyShowCommand.class})
public final class PolicyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The group alone is a usage error: which of its commands was meant? */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed");
    }
}
