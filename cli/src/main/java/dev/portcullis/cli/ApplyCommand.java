package dev.portcullis.cli;

import dev.portcullis.model.Policy;
import dev.portcullis.nftables.NftablesBackend;
import dev.portcullis.nftables.SshSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code portcullis apply POLICY}: enforce a policy with nftables, safely. */
@Command(name = "apply",
        description = {"Enforce a policy: compile it, check it with 'nft -c', and replace the table "
                + "'inet portcullis' in one atomic transaction. Other tables (Docker, libvirt, ...) are never "
                + "touched. If any step fails, the previous ruleset stays in force.",
                "Refuses a policy that would cut the SSH session you run it from, or a management address in the "
                        + "policy's settings, unless --force.",
                "With --confirm SECONDS the previous ruleset comes back by itself unless 'portcullis confirm' runs "
                        + "in time: use it whenever you apply over the network."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:applied", "2:bad input or usage (every problem with its file:line:column); nothing was changed", "3:the system refused (nft, permissions, the lockout guard); nothing was changed", "4:internal error (a bug: please report it with the output of --debug)"},
        mixinStandardHelpOptions = true)
public final class ApplyCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    JsonOption json;

    @Mixin
    PolicyOptions policyOptions;

    @Mixin
    NftablesSupport.StateDirOption state;

    @Parameters(paramLabel = "POLICY", description = "The policy file to enforce.")
    Path file;

    @Option(names = "--confirm", paramLabel = "SECONDS",
            description = "Revert to the previous ruleset after SECONDS unless 'portcullis confirm' comes first.")
    Integer confirmSeconds;

    @Option(names = "--force", description = "Apply even if the lockout guard says it would cut your access.")
    boolean force;

    record Applied(String policy, String mode, int nftRules, boolean replacedPreviousTable,
                   Long confirmWithinSeconds, List<String> lockoutOverridden) {
    }

    @Override
    public Integer call() throws Exception {
        if (confirmSeconds != null && confirmSeconds < 1) {
            throw Arguments.invalid("--confirm", confirmSeconds + " is not a number of seconds of at least 1",
                    "write --confirm 60 to have a minute to run 'portcullis confirm'");
        }
        Policy policy = policyOptions.load(file);
        NftablesSupport.checkEnforceable(policy);
        return NftablesSupport.refusalsAreFailures(spec, () -> {
            NftablesBackend.ApplyOptions options = new NftablesBackend.ApplyOptions(
                    Optional.ofNullable(confirmSeconds).map(Duration::ofSeconds), force,
                    SshSession.fromEnvironment(System.getenv()), NftablesSupport.localAddresses());
            NftablesBackend.ApplyResult result = state.backend().apply(policy, NftablesSupport.systemResolver(),
                    options);
            StringBuilder text = new StringBuilder("applied policy '" + policy.name() + "' (mode "
                    + policy.mode().keyword() + ", " + result.nftRules() + " nft rules) to table inet portcullis");
            result.lockoutOverridden().forEach(p -> text.append("\nwarning (--force): ").append(p));
            result.confirmWithin().ifPresent(d -> text.append("\nrun 'portcullis confirm' within ")
                    .append(d.toSeconds()).append(" s to keep it; otherwise the previous ruleset comes back"));
            new Output(spec.commandLine().getOut(), json.enabled()).print(new Applied(policy.name(),
                    policy.mode().keyword(), result.nftRules(), result.hadPreviousTable(),
                    result.confirmWithin().map(Duration::toSeconds).orElse(null), result.lockoutOverridden()),
                    text.toString());
            return ExitCodes.OK;
        });
    }
}
