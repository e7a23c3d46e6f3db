package dev.portcullis.engine;

import dev.portcullis.model.Mode;
import dev.portcullis.model.NameResolver;
import dev.portcullis.model.Packet;
import dev.portcullis.model.Policy;
import dev.portcullis.model.Rule;
import dev.portcullis.model.RuleMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stateless reference semantics: the first rule of the policy that matches a packet decides it; when none
 * does, the policy mode's default does. Stop-all and disabled decide every packet without looking at rules.
 * Connection tracking is layered on top by {@link Engine}; this class remembers nothing between packets.
 *
 * <p>Every backend and analysis is tested against this class, so it stays a plain loop over
 * {@link RuleMatcher}. The lookup can be swapped for a faster classifier; {@link #explain} always walks the
 * rules linearly, so explanations are the reference even then.
 */
public final class FirstMatchEvaluator {
    private final Policy policy;
    private final RuleMatcher matcher;
    private final RuleLookup lookup;
    private final RuleExplainer explainer;

    /** The reference evaluator: a linear first-match scan. */
    public FirstMatchEvaluator(Policy policy, NameResolver resolver) {
        this(policy, resolver, RuleLookup.linear(policy.rules(), RuleMatcher.forPolicy(policy, resolver)));
    }

    /**
     * The same decisions through the classifier module's decision tree ({@link ClassifierLookup}), for large
     * policies; rules it cannot hold exactly are still matched by {@link RuleMatcher}.
     */
    public static FirstMatchEvaluator indexed(Policy policy, NameResolver resolver) {
        RuleMatcher matcher = RuleMatcher.forPolicy(policy, resolver);
        return new FirstMatchEvaluator(policy, resolver, ClassifierLookup.build(policy, matcher));
    }

    /** An evaluator whose lookup is given, e.g. a classifier built from the same policy and resolver. */
    public FirstMatchEvaluator(Policy policy, NameResolver resolver, RuleLookup lookup) {
        this.policy = policy;
        this.matcher = RuleMatcher.forPolicy(policy, resolver);
        this.lookup = lookup;
        this.explainer = new RuleExplainer(matcher, resolver);
    }

    public Policy policy() {
        return policy;
    }

    /** The matcher this evaluator uses, for callers that need the same definition of a match. */
    public RuleMatcher matcher() {
        return matcher;
    }

    public Decision decide(Packet packet) {
        Mode mode = policy.mode();
        if (Decision.modeOverridesRules(mode)) {
            return Decision.ofMode(mode);
        }
        return lookup.firstMatch(packet).map(Decision::matched).orElseGet(() -> Decision.ofMode(mode));
    }

    /** The same decision as {@link #decide}, with every rule examined on the way and why it missed. */
    public Explanation explain(Packet packet) {
        Mode mode = policy.mode();
        if (Decision.modeOverridesRules(mode)) {
            return new Explanation(packet, Decision.ofMode(mode), List.of(new Explanation.Step.ModeOverride(mode)));
        }
        List<Explanation.Step> steps = ruleSteps(packet);
        Explanation.Step last = steps.get(steps.size() - 1);
        Decision decision = last instanceof Explanation.Step.RuleMatched matched
                ? Decision.matched(matched.rule())
                : Decision.ofMode(mode);
        return new Explanation(packet, decision, steps);
    }

    /** The rules examined for a packet, in order, ending with the match or {@code NoRuleMatched}. */
    private List<Explanation.Step> ruleSteps(Packet packet) {
        List<Explanation.Step> steps = new ArrayList<>();
        List<Rule> rules = policy.rules();
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            Optional<Mismatch> mismatch = explainer.firstMismatch(rule, packet);
            if (mismatch.isEmpty()) {
                steps.add(new Explanation.Step.RuleMatched(i + 1, rule));
                return steps;
            }
            steps.add(new Explanation.Step.RuleMissed(i + 1, rule, mismatch.get()));
        }
        steps.add(new Explanation.Step.NoRuleMatched(policy.mode()));
        return steps;
    }
}
