package dev.portcullis.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code portcullis presets}: the catalog of documented preset rules. */
@Command(name = "presets",
        description = "Browse the preset catalog: documented rules for applications and appliances.",
        mixinStandardHelpOptions = true,
        subcommands = {PresetsListCommand.class, PresetsShowCommand.class})
public final class PresetsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The group alone is a usage error: which of its commands was meant? */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed");
    }
}
