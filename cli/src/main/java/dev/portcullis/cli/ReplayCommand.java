package dev.portcullis.cli;

import dev.portcullis.engine.FlowFile;
import dev.portcullis.engine.FlowRecord;
import dev.portcullis.engine.LearnedPreset;
import dev.portcullis.engine.Replay;
import dev.portcullis.engine.ReplayResult;
import dev.portcullis.model.Policy;
import dev.portcullis.model.Rule;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code portcullis replay POLICY FLOWS.csv}: per-flow verdicts with connection tracking, and rule hit counts. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay a time-ordered flow file through the policy with connection tracking, and print the"
                + " verdict of every line, how often each rule decided a packet, and the rules that decided none."
                + " In learning mode, also the candidate rules for what was blocked.",
                "Flow file: CSV with a header naming the columns time,direction,protocol,src,sport,dst,dport and"
                        + " optionally flags (joined by +), icmp_type, icmp_code, interface, and related (for an ICMP"
                        + " error: the packet it quotes, PROTO SRC:PORT -> DST:PORT). time is seconds since the start."},
        footer = {"", "Example:", "  portcullis replay home.yaml flows.csv --json",
                ""},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:replayed", "2:bad input or usage (every problem with its file:line:column); nothing was changed", "4:internal error (a bug: please report it with the output of --debug)"})
public final class ReplayCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "POLICY", description = "The policy file (YAML).")
    Path policyFile;

    @Parameters(index = "1", paramLabel = "FLOWS.csv", description = "The flow file, in time order.")
    Path flowFile;

    @Mixin
    PolicyOptions policyOptions;

    @Mixin
    JsonOption json;

    record FlowView(String location, String time, String packet, String quoted, String verdict, String reason,
                    String rule) {
    }

    record RuleHitsView(String rule, long matched, long tracked) {
    }

    record CandidateView(DecisionViews.RuleView rule, long count, List<String> examples) {
    }

    /** What {@code --json} prints. */
    record ReplayAnswer(String policy, String mode, List<FlowView> flows, List<RuleHitsView> rules,
                        List<String> unusedRules, List<CandidateView> learned) {
    }

    @Override
    public Integer call() {
        Policy policy = policyOptions.load(policyFile);
        List<FlowRecord> flows = FlowFile.load(flowFile);
        ReplayResult result = Replay.run(policy, policyOptions.resolver(), flows);

        ReplayAnswer answer = new ReplayAnswer(policy.name(), policy.mode().keyword(),
                result.verdicts().stream().map(ReplayCommand::view).toList(),
                result.ruleHits().stream().map(h -> new RuleHitsView(h.rule().id(), h.matched(), h.tracked())).toList(),
                result.unusedRules().stream().map(Rule::id).toList(),
                result.learned().candidates().stream().map(ReplayCommand::view).toList());
        new Output(spec.commandLine().getOut(), json.enabled()).print(answer, text(policy, answer));
        return ExitCodes.OK;
    }

    private static FlowView view(ReplayResult.Verdict verdict) {
        FlowRecord flow = verdict.flow();
        return new FlowView(flow.location().toString(), seconds(flow.time()), flow.packet().toString(),
                flow.quoted().map(Object::toString).orElse(null), verdict.decision().verdict().keyword(),
                verdict.decision().reason().keyword(), verdict.decision().rule().map(Rule::id).orElse(null));
    }

    private static CandidateView view(LearnedPreset.Candidate candidate) {
        return new CandidateView(DecisionViews.RuleView.of(candidate.rule()), candidate.count(),
                candidate.examples().stream().map(Object::toString).toList());
    }

    private static String seconds(Duration time) {
        return BigDecimal.valueOf(time.getSeconds()).add(BigDecimal.valueOf(time.getNano(), 9))
                .setScale(3, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    private static String text(Policy policy, ReplayAnswer answer) {
        StringBuilder text = new StringBuilder("policy ").append(policy.name()).append(" (")
                .append(policy.mode().keyword()).append("), ").append(answer.flows().size()).append(" packets\n");
        int locationWidth = answer.flows().stream().mapToInt(f -> f.location().length()).max().orElse(0);
        int ruleWidth = Math.max(4, answer.rules().stream().mapToInt(r -> r.rule().length()).max().orElse(0));
        for (FlowView flow : answer.flows()) {
            text.append(String.format("%-" + locationWidth + "s %10s  %-6s %-15s %-" + ruleWidth + "s  %s%n",
                    flow.location(), flow.time(), flow.verdict(), flow.reason(),
                    flow.rule() == null ? "-" : flow.rule(),
                    flow.packet() + (flow.quoted() == null ? "" : " (quoting " + flow.quoted() + ")")));
        }
        text.append("\nrule hits: matched = packets the rule decided, tracked = later packets of the flows it opened\n");
        text.append(String.format("  %-" + ruleWidth + "s %8s %8s%n", "rule", "matched", "tracked"));
        for (RuleHitsView hits : answer.rules()) {
            text.append(String.format("  %-" + ruleWidth + "s %8d %8d%n", hits.rule(), hits.matched(), hits.tracked()));
        }
        text.append("\nunused rules: ").append(answer.unusedRules().isEmpty() ? "none"
                : String.join(", ", answer.unusedRules())).append('\n');
        if (!answer.learned().isEmpty()) {
            text.append("\nlearned candidates (most frequent first):\n");
            for (CandidateView candidate : answer.learned()) {
                text.append(String.format("  %5d  %-28s %s%n", candidate.count(), candidate.rule().id(),
                        candidate.rule().summary()));
            }
        }
        return text.toString();
    }
}
