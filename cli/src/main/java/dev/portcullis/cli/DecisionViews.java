package dev.portcullis.cli;

import dev.portcullis.engine.Decision;
import dev.portcullis.engine.Explanation;
import dev.portcullis.model.Rule;
import java.util.List;

/**
 * The JSON shapes of decisions, rules and explanation steps: plain strings and numbers, absent values as null,
 * so that scripts need no knowledge of the model's types.
 */
final class DecisionViews {
    private DecisionViews() {
    }

    record RuleView(String id, String name, String action, String summary, String preset, String presetRule,
                    String definedAt, String source, String purpose, String advice) {
        static RuleView of(Rule rule) {
            return new RuleView(rule.id(), rule.name(), rule.action().keyword(), rule.summary(),
                    rule.origin().preset().orElse(null), rule.origin().presetRule().orElse(null),
                    rule.origin().definedAt().map(Object::toString).orElse(null),
                    rule.source().map(Object::toString).orElse(null), rule.purpose(), rule.advice());
        }
    }

    record DecisionView(String verdict, String reason, RuleView rule) {
        static DecisionView of(Decision decision) {
            return new DecisionView(decision.verdict().keyword(), decision.reason().keyword(),
                    decision.rule().map(RuleView::of).orElse(null));
        }
    }

    /** One step; {@code kind} says which of the other fields are set. */
    record StepView(String kind, Integer position, String rule, String field, String detail) {
        static StepView of(Explanation.Step step) {
            return switch (step) {
                case Explanation.Step.ModeOverride override -> new StepView("mode-override", null, null, null,
                        "mode " + override.mode().keyword() + " decides every packet");
                case Explanation.Step.Stateless stateless -> new StepView("stateless", null, null, null,
                        "the policy tracks no connections");
                case Explanation.Step.TrackedFlowFound found -> new StepView(
                        found.reply() ? "tracked-reply" : "tracked-flow", null,
                        found.flow().openedBy().map(Rule::id).orElse(null), null, found.flow().toString());
                case Explanation.Step.RelatedToFlow related -> new StepView("related-to-flow", null,
                        related.flow().openedBy().map(Rule::id).orElse(null), null, related.flow().toString());
                case Explanation.Step.NotRelated notRelated -> new StepView("not-related", null, null, null,
                        "quoted packet " + notRelated.offending() + " belongs to no tracked flow");
                case Explanation.Step.RuleMissed missed -> new StepView("rule-missed", missed.position(),
                        missed.rule().id(), missed.mismatch().field().keyword(), missed.mismatch().detail());
                case Explanation.Step.RuleMatched matched -> new StepView("rule-matched", matched.position(),
                        matched.rule().id(), null, null);
                case Explanation.Step.NoRuleMatched none -> new StepView("no-rule-matched", null, null, null,
                        "default of mode " + none.mode().keyword());
            };
        }

        static List<StepView> of(List<Explanation.Step> steps) {
            return steps.stream().map(StepView::of).toList();
        }
    }
}
