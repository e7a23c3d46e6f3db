package dev.portcullis.engine;

import dev.portcullis.model.Rule;
import java.util.List;

/**
 * What a replay found: the decision for every line of the flow file, and for every rule of the policy how often
 * it decided a packet and how many packets of the flows it opened passed afterwards.
 *
 * @param unusedRules the rules that decided no packet, in policy order
 * @param learned     in learning mode, the unmatched flows as candidate rules; otherwise no candidates
 */
public record ReplayResult(List<Verdict> verdicts, List<RuleHits> ruleHits, List<Rule> unusedRules,
                           LearnedPreset learned) {

    public ReplayResult {
        verdicts = List.copyOf(verdicts);
        ruleHits = List.copyOf(ruleHits);
        unusedRules = List.copyOf(unusedRules);
    }

    public record Verdict(FlowRecord flow, Decision decision) {
    }

    /**
     * @param matched packets the rule decided as the first match
     * @param tracked later packets (either way) and related ICMP errors of flows the rule opened
     */
    public record RuleHits(Rule rule, long matched, long tracked) {
    }
}
