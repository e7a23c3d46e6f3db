package dev.portcullis.cli;

import dev.portcullis.engine.StatelessExpansion;
import dev.portcullis.model.Policy;
import dev.portcullis.model.Rule;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code portcullis stateless POLICY}: the return rules a static packet filter needs for the policy. */
@Command(name = "stateless", mixinStandardHelpOptions = true,
        description = {"Show the rules a static (stateless) packet filter needs in addition to the policy's own, to let"
                + " replies back without connection tracking: established TCP back, UDP replies to the client's"
                + " ephemeral ports (settings: ephemeral-ports), echo replies of allowed pings, and ICMP errors"
                + " (reference 004, 'What if I use a static or port filtering firewall?').",
                "A static filter places them before the policy's rules. 'check --static' decides packets with them."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:shown", "2:bad input or usage (every problem with its file:line:column); nothing was changed", "4:internal error (a bug: please report it with the output of --debug)"})
public final class StatelessCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "POLICY", description = "The policy file (YAML).")
    Path policyFile;

    @Mixin
    PolicyOptions policyOptions;

    @Mixin
    JsonOption json;

    /** What {@code --json} prints. */
    record StatelessAnswer(String policy, String ephemeralPorts, List<DecisionViews.RuleView> returnRules) {
    }

    @Override
    public Integer call() {
        Policy policy = policyOptions.load(policyFile);
        List<Rule> returns = StatelessExpansion.returnRules(policy);
        StatelessAnswer answer = new StatelessAnswer(policy.name(), policy.settings().ephemeralPorts().toString(),
                returns.stream().map(DecisionViews.RuleView::of).toList());
        StringBuilder text = new StringBuilder("policy ").append(policy.name()).append(": ").append(returns.size())
                .append(" return rules for a static packet filter (client ports ")
                .append(policy.settings().ephemeralPorts()).append(")\n");
        for (Rule rule : returns) {
            text.append(String.format("  %-40s %s%n", rule.id(), rule.summary()));
        }
        new Output(spec.commandLine().getOut(), json.enabled()).print(answer, text.toString());
        return ExitCodes.OK;
    }
}
