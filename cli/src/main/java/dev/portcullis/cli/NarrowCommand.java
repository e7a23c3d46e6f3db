package dev.portcullis.cli;

import dev.portcullis.input.OutputFiles;
import dev.portcullis.analysis.Narrowing;
import dev.portcullis.analysis.NarrowingResult;
import dev.portcullis.analysis.TrafficBox;
import dev.portcullis.engine.Decision;
import dev.portcullis.engine.FlowFile;
import dev.portcullis.engine.FlowRecord;
import dev.portcullis.engine.Replay;
import dev.portcullis.engine.ReplayResult;
import dev.portcullis.model.Location;
import dev.portcullis.model.Packet;
import dev.portcullis.model.Policy;
import dev.portcullis.model.Rule;
import dev.portcullis.policy.PolicyDocument;
import dev.portcullis.policy.PolicyEntry;
import dev.portcullis.policy.PolicyWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code portcullis narrow POLICY --keep FLOWS}: a least-privilege version of the policy, proven. */
@Command(name = "narrow", mixinStandardHelpOptions = true,
        description = {"Propose a narrower policy that still allows the traffic that must keep working (a flow file, as"
                + " 'replay' reads it), and prove it: every kept flow is still allowed, and nothing is allowed that the"
                + " original blocked. Allow rules shrink to the service ports, protocols, directions and listed hosts the"
                + " flows use; allow rules no flow uses are dropped."},
        footer = {"", "Example:", "  portcullis narrow home.yaml --keep flows.csv -o home-narrow.yaml",
                ""},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the narrower policy is proven", "1:the proof failed (a bug: please report it)", "2:bad input or usage (every problem with its file:line:column); nothing was changed", "4:internal error (a bug: please report it with the output of --debug)"})
public final class NarrowCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "POLICY", description = "The policy file (YAML).")
    Path policyFile;

    @Option(names = "--keep", required = true, paramLabel = "FLOWS",
            description = "Flow file (CSV: time,direction,protocol,src,sport,dst,dport[,...]) of traffic that must stay"
                    + " allowed. In a stateful policy the flows are replayed with connection tracking and only the"
                    + " packets a rule decides are kept: replies pass by tracking, not by rules.")
    Path keepFile;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Also write the narrowed policy there as a policy file (presets expanded into plain rules),"
                    + " only when the proof holds.")
    Path output;

    @Option(names = "--force", description = "Overwrite FILE if it exists.")
    boolean force;

    @Mixin
    PolicyOptions policyOptions;

    @Mixin
    JsonOption json;

    record NarrowAnswer(String policy, boolean proven, boolean keptStillAllowed, boolean nothingNewAllowed,
                        AnalysisViews.ExampleView counterexample, List<String> keptButBlockedByOriginal,
                        List<AnalysisViews.RuleChangeView> changes, List<String> narrowedRules,
                        List<java.util.Map<String, String>> newlyBlocked, boolean newlyBlockedTruncated,
                        String written) {
    }

    @Override
    public Integer call() {
        Policy policy = policyOptions.load(policyFile);
        List<Packet> keep = packetsTheRulesDecide(policy, FlowFile.load(keepFile));
        NarrowingResult result = Narrowing.narrow(policy, keep, policyOptions.resolver());
        NarrowingResult.Proof proof = result.proof();
        // Written before anything is printed, so that a refused write (file exists, no directory) is the only
        // output and nothing claims a file that is not there.
        boolean written = output != null && proof.holds();
        if (written) {
            OutputFiles.write(output, narrowedPolicyFile(result.narrowed()), force, "policy file");
        }
        NarrowAnswer answer = new NarrowAnswer(policy.name(), proof.holds(), proof.keptStillAllowed(),
                proof.nothingNewAllowed(), proof.counterexample().map(AnalysisViews.ExampleView::of).orElse(null),
                result.notAllowedByOriginal().stream().map(Packet::toString).toList(),
                result.changes().stream().map(AnalysisViews.RuleChangeView::of).toList(),
                result.narrowed().rules().stream().map(r -> r.id() + ": " + r.summary()).toList(),
                AnalysisViews.boxes(proof.newlyBlocked()), proof.newlyBlockedTruncated(),
                written ? output.toString() : "");
        StringBuilder text = new StringBuilder("policy: " + policy.name() + ", " + keep.size()
                + " kept packets that rules decide\n");
        if (result.changes().isEmpty()) {
            text.append("nothing to narrow: every allow rule is already what the kept flows use\n");
        }
        for (NarrowingResult.RuleChange change : result.changes()) {
            text.append(change.kind() == NarrowingResult.ChangeKind.REMOVED ? "remove " : "narrow ")
                    .append(change.rule()).append(" (").append(change.keptFlows()).append(" kept flows)\n")
                    .append("    before: ").append(change.before()).append('\n');
            if (!change.after().isEmpty()) {
                text.append("    after:  ").append(change.after()).append('\n');
            }
            change.notes().forEach(note -> text.append("    - ").append(note).append('\n'));
        }
        for (Packet blocked : result.notAllowedByOriginal()) {
            text.append("kept flow already blocked by the original (stays blocked): ").append(blocked).append('\n');
        }
        text.append("newly blocked traffic:\n");
        for (TrafficBox box : proof.newlyBlocked()) {
            text.append("    ").append(box).append('\n');
        }
        if (proof.newlyBlockedTruncated()) {
            text.append("    ... (more boxes)\n");
        }
        text.append("narrowed rules:\n");
        for (Rule rule : result.narrowed().rules()) {
            text.append("    ").append(rule.id()).append(": ").append(rule.summary()).append('\n');
        }
        text.append(proof.holds() ? "proof: every kept flow is allowed, and nothing the original blocked is allowed\n"
                : "proof FAILED, counterexample: " + proof.counterexample().map(Object::toString).orElse("?") + "\n");
        if (written) {
            text.append("wrote the narrowed policy to ").append(output).append("; next: portcullis diff ")
                    .append(policyFile).append(' ').append(output).append('\n');
        } else if (output != null) {
            text.append("nothing written to ").append(output).append(": the proof failed\n");
        }
        new Output(spec.commandLine().getOut(), json.enabled()).print(answer, text.toString());
        return proof.holds() ? ExitCodes.OK : ExitCodes.FINDINGS;
    }

    /** The narrowed policy as a file {@code policy validate} and {@code apply} take, with where it came from. */
    private String narrowedPolicyFile(Policy narrowed) {
        List<PolicyEntry> entries = narrowed.rules().stream()
                .<PolicyEntry>map(rule -> new PolicyEntry.PlainRule(rule, Location.of(output.toString())))
                .toList();
        PolicyDocument document = new PolicyDocument(narrowed.name(), narrowed.mode(), narrowed.settings(),
                narrowed.zones(), entries);
        return PolicyWriter.write(document, List.of(
                "Written by: portcullis narrow " + policyFile + " --keep " + keepFile,
                "Proven: every kept flow is still allowed, and nothing " + policyFile + " blocks is allowed.",
                "Presets are expanded into plain rules; 'portcullis diff " + policyFile + " FILE' shows what it blocks."));
    }

    /**
     * The packets the rule list itself must keep allowing. In a stateful policy the engine's connection tracking
     * lets replies and later packets of an allowed flow through whatever the rules say, so narrowing must not keep
     * rules (or local ports) alive just for them: the flows are replayed and only the packets decided by a rule or
     * by the mode's default are kept. A static filter decides every packet by its rules, so all of them are kept.
     */
    private List<Packet> packetsTheRulesDecide(Policy policy, List<FlowRecord> flows) {
        if (!policy.settings().stateful()) {
            return flows.stream().map(FlowRecord::packet).toList();
        }
        ReplayResult replay = Replay.run(policy, policyOptions.resolver(), flows);
        return replay.verdicts().stream()
                .filter(verdict -> verdict.decision().reason() == Decision.Reason.MATCHED_RULE
                        || verdict.decision().reason() == Decision.Reason.DEFAULT_OF_MODE)
                .map(verdict -> verdict.flow().packet())
                .toList();
    }
}
