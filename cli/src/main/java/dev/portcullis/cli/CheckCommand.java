package dev.portcullis.cli;

import dev.portcullis.engine.Explanation;
import dev.portcullis.engine.FirstMatchEvaluator;
import dev.portcullis.engine.StatelessExpansion;
import dev.portcullis.model.Action;
import dev.portcullis.model.Packet;
import dev.portcullis.model.Policy;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code portcullis check POLICY PACKET}: the verdict for one packet, the deciding rule, and why. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Decide one packet against a policy and explain the verdict: the deciding rule with its preset,"
                + " purpose and advice, and why each earlier rule did not match.",
                "The packet is the first of its flow: no connections are tracked (use 'replay' for that)."},
        footer = {"", "Example:", "  portcullis check home.yaml \"out tcp 10.0.0.2:40000 -> 203.0.113.5:5050\"",
                "  portcullis check home.yaml \"in icmp 192.0.2.1 -> 10.0.0.2 type 3 code 1\" --expect block",
                ""},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:decided (and as --expect'ed)", "1:a verdict other than --expect", "2:bad input or usage (every problem with its file:line:column); nothing was changed", "4:internal error (a bug: please report it with the output of --debug)"})
public final class CheckCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "POLICY", description = "The policy file (YAML).")
    Path policyFile;

    @Parameters(index = "1", paramLabel = "PACKET",
            description = "DIR PROTO SRC[:PORT] -> DST[:PORT] [flags F,..] [type T [code C]] [if NAME], e.g."
                    + " \"out tcp 10.0.0.2:40000 -> 203.0.113.5:5050\". DIR is relative to the protected host.")
    String packetText;

    @Option(names = "--expect", paramLabel = "allow|block|reject",
            description = "Exit with status 1 when the verdict is not this one (for scripts and CI).")
    String expect;

    @Option(names = "--static",
            description = "Decide as a static (stateless) packet filter would: the policy's rules preceded by the return"
                    + " rules that 'portcullis stateless' shows, so a reply such as \"in tcp ... flags ack\" can pass.")
    boolean asStaticFilter;

    @Mixin
    PolicyOptions policyOptions;

    @Mixin
    JsonOption json;

    /** What {@code --json} prints. */
    record CheckAnswer(String policy, String mode, String packet, String verdict, String reason,
                       DecisionViews.RuleView rule, List<DecisionViews.StepView> steps) {
    }

    @Override
    public Integer call() {
        Optional<Action> expected = Optional.ofNullable(expect).map(CheckCommand::parseAction);
        Packet packet = Arguments.parse("PACKET", packetText, Packet::parse,
                "write DIR PROTO SRC[:PORT] -> DST[:PORT], e.g. \"out tcp 10.0.0.2:40000 -> 203.0.113.5:5050\"");
        Policy loaded = policyOptions.load(policyFile);
        Policy policy = asStaticFilter ? StatelessExpansion.apply(loaded) : loaded;
        Explanation explanation = new FirstMatchEvaluator(policy, policyOptions.resolver()).explain(packet);

        var decision = DecisionViews.DecisionView.of(explanation.decision());
        CheckAnswer answer = new CheckAnswer(policy.name(), policy.mode().keyword(), packet.toString(),
                decision.verdict(), decision.reason(), decision.rule(), DecisionViews.StepView.of(explanation.steps()));
        String text = "policy:  " + policy.name() + " (" + policy.mode().keyword() + ")\n" + explanation.render();
        new Output(spec.commandLine().getOut(), json.enabled()).print(answer, text);
        return expected.filter(action -> action != explanation.decision().verdict()).isPresent()
                ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    private static Action parseAction(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "allow" -> Action.ALLOW;
            case "block" -> Action.BLOCK;
            case "reject" -> Action.REJECT;
            default -> throw Arguments.invalid("--expect", "'" + text + "' is not a verdict",
                    "write --expect allow, block or reject");
        };
    }
}
