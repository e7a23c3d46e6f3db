package dev.portcullis.cli;

import dev.portcullis.nftables.NftablesBackend;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code portcullis refresh}: re-resolve the host names of the live policy. */
@Command(name = "refresh",
        description = {"Resolve the host names of the applied policy again and replace the addresses in their named "
                + "sets, in one atomic transaction; nothing else in the table changes. Run it from cron or a timer "
                + "when the names' addresses change."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:refreshed", "2:bad input or usage (every problem with its file:line:column); nothing was changed", "3:the system refused (nft, permissions, the lockout guard); nothing was changed", "4:internal error (a bug: please report it with the output of --debug)"},
        mixinStandardHelpOptions = true)
public final class RefreshCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    JsonOption json;

    @Mixin
    NftablesSupport.StateDirOption state;

    record Refreshed(boolean changed, Map<String, java.util.List<String>> addresses) {
    }

    @Override
    public Integer call() throws Exception {
        return NftablesSupport.refusalsAreFailures(spec, () -> {
            NftablesBackend.RefreshResult result = state.backend().refresh(NftablesSupport.systemResolver());
            StringBuilder text = new StringBuilder(result.changed() ? "refreshed host-name sets:"
                    : "host-name sets unchanged:");
            result.addresses().forEach((name, addresses) -> text.append("\n  ").append(name).append(" -> ")
                    .append(addresses.isEmpty() ? "(does not resolve: matches nothing)" : String.join(", ", addresses)));
            new Output(spec.commandLine().getOut(), json.enabled())
                    .print(new Refreshed(result.changed(), result.addresses()), text.toString());
            return ExitCodes.OK;
        });
    }
}
