package dev.portcullis.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code portcullis confirm}: keep the ruleset of an 'apply --confirm'. */
@Command(name = "confirm",
        description = {"Keep the ruleset of the last 'apply --confirm': stops its timer from restoring the previous "
                + "one."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:confirmed", "2:bad input or usage (every problem with its file:line:column); nothing was changed", "3:nothing was waiting (never applied with --confirm, or already reverted), or nft refused", "4:internal error (a bug: please report it with the output of --debug)"},
        mixinStandardHelpOptions = true)
public final class ConfirmCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    JsonOption json;

    @Mixin
    NftablesSupport.StateDirOption state;

    record Confirmed(boolean confirmed) {
    }

    @Override
    public Integer call() throws Exception {
        return NftablesSupport.refusalsAreFailures(spec, () -> {
            boolean confirmed = state.backend().confirm();
            if (!confirmed) {
                spec.commandLine().getErr().println("error: no apply is waiting for confirmation (it may already "
                        + "have been reverted); 'portcullis status' shows what is live");
                return ExitCodes.FAILURE;
            }
            new Output(spec.commandLine().getOut(), json.enabled()).print(new Confirmed(true),
                    "confirmed: the applied ruleset stays");
            return ExitCodes.OK;
        });
    }
}
