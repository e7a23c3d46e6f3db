package dev.portcullis.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code portcullis revert}: restore the table as it was before the last apply. */
@Command(name = "revert",
        description = {"Restore the table 'inet portcullis' as it was before the last apply (or remove it if there "
                + "was none), in one atomic transaction. Other tables are not touched."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:reverted", "2:bad input or usage (every problem with its file:line:column); nothing was changed", "3:nothing to revert, or nft refused; nothing was changed", "4:internal error (a bug: please report it with the output of --debug)"},
        mixinStandardHelpOptions = true)
public final class RevertCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    JsonOption json;

    @Mixin
    NftablesSupport.StateDirOption state;

    record Reverted(boolean reverted) {
    }

    @Override
    public Integer call() throws Exception {
        return NftablesSupport.refusalsAreFailures(spec, () -> {
            state.backend().revert();
            new Output(spec.commandLine().getOut(), json.enabled()).print(new Reverted(true),
                    "reverted: the ruleset from before the last apply is back in force");
            return ExitCodes.OK;
        });
    }
}
