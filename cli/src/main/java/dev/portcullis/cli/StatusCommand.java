package dev.portcullis.cli;

import dev.portcullis.model.Policy;
import dev.portcullis.nftables.NftablesBackend;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code portcullis status [POLICY]}: what is live, and whether it drifted. */
@Command(name = "status",
        description = {"Show what is live in the table 'inet portcullis' and any drift: rules changed by hand since "
                + "the last apply, and with POLICY, whether the live table was compiled from that policy."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:in sync", "1:drift, or no table", "2:bad input or usage (every problem with its file:line:column); nothing was changed", "3:the system refused (nft, permissions, the lockout guard); nothing was changed", "4:internal error (a bug: please report it with the output of --debug)"},
        mixinStandardHelpOptions = true)
public final class StatusCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    JsonOption json;

    @Mixin
    PolicyOptions policyOptions;

    @Mixin
    NftablesSupport.StateDirOption state;

    @Parameters(paramLabel = "POLICY", arity = "0..1", description = "The policy file the live table should match.")
    Path file;

    record StatusView(boolean tablePresent, boolean appliedByPortcullis, boolean awaitingConfirmation,
                      Boolean matchesPolicy, List<String> drift, String liveTable) {
    }

    @Override
    public Integer call() throws Exception {
        Optional<Policy> policy = Optional.ofNullable(file).map(policyOptions::load);
        return NftablesSupport.refusalsAreFailures(spec, () -> {
            NftablesBackend.Status status = state.backend().status(policy);
            StringBuilder text = new StringBuilder();
            if (!status.tablePresent()) {
                text.append("no table inet portcullis is live");
            } else {
                text.append(status.liveTable().orElse(""));
                text.append(status.appliedByPortcullis() ? "" : "\n(not applied through this state directory)");
            }
            status.matchesPolicy().ifPresent(m -> text.append(m ? "\nlive table matches " + file
                    : "\nlive table was NOT compiled from " + file + " (apply it to bring it in force)"));
            if (!status.drift().isEmpty()) {
                text.append("\ndrift since the last apply (+ live only, - expected only):");
                status.drift().forEach(line -> text.append("\n  ").append(line));
            } else if (status.appliedByPortcullis()) {
                text.append("\nno drift since the last apply");
            }
            if (status.awaitingConfirmation()) {
                text.append("\nwaiting for 'portcullis confirm'");
            }
            new Output(spec.commandLine().getOut(), json.enabled()).print(new StatusView(status.tablePresent(),
                    status.appliedByPortcullis(), status.awaitingConfirmation(), status.matchesPolicy().orElse(null),
                    status.drift(), status.liveTable().orElse(null)), text.toString());
            return status.tablePresent() && !status.hasDrift() ? ExitCodes.OK : ExitCodes.FINDINGS;
        });
    }
}
