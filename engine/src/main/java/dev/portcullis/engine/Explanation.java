package dev.portcullis.engine;

import dev.portcullis.model.Mode;
import dev.portcullis.model.Packet;
import dev.portcullis.model.Rule;
import java.util.List;

/**
 * The reasoning behind one decision, step by step: a mode override, a tracked flow, or the rules examined in
 * order (each miss with its first failing field) up to the deciding rule or the mode's default.
 */
public record Explanation(Packet packet, Decision decision, List<Step> steps) {

    public Explanation {
        steps = List.copyOf(steps);
    }

    /** One step of the reasoning. */
    public sealed interface Step {
        /** The policy mode decides every packet by itself (stop-all, disabled). */
        record ModeOverride(Mode mode) implements Step {
        }

        /** The policy is stateless: no flow is tracked, every packet is decided by the rules alone. */
        record Stateless() implements Step {
        }

        /** The packet belongs to a tracked flow; {@code reply} when it travels against the flow's opening way. */
        record TrackedFlowFound(TrackedFlow flow, boolean reply) implements Step {
        }

        /** The packet is an ICMP error about a tracked flow; {@code offending} is the packet it quotes. */
        record RelatedToFlow(TrackedFlow flow, Packet offending) implements Step {
        }

        /** The packet is an ICMP error whose quoted packet belongs to no tracked flow, so rules decide. */
        record NotRelated(Packet offending) implements Step {
        }

        /** A rule at a 1-based position in the policy did not match, and why. */
        record RuleMissed(int position, Rule rule, Mismatch mismatch) implements Step {
        }

        /** The first rule that matches, which decides. */
        record RuleMatched(int position, Rule rule) implements Step {
        }

        /** No rule matched; the mode's default decides (and learning mode records the packet). */
        record NoRuleMatched(Mode mode) implements Step {
        }
    }

    /** Text for people: one line per step, then the verdict with the deciding rule's origin, purpose and advice. */
    public String render() {
        StringBuilder text = new StringBuilder("packet:  ").append(packet).append('\n');
        for (Step step : steps) {
            text.append("  ").append(describe(step)).append('\n');
        }
        text.append("verdict: ").append(decision.verdict().keyword())
                .append(" (").append(decision.reason().keyword()).append(")\n");
        decision.rule().ifPresent(rule -> {
            text.append("rule:    ").append(rule.id());
            if (!rule.name().equals(rule.id())) {
                text.append(" \"").append(rule.name()).append('"');
            }
            text.append('\n');
            text.append("         ").append(rule.summary()).append('\n');
            text.append("origin:  ").append(rule.origin()).append('\n');
            rule.source().ifPresent(source -> text.append("source:  ").append(source).append('\n'));
            if (!rule.purpose().isEmpty()) {
                text.append("purpose: ").append(rule.purpose()).append('\n');
            }
            if (!rule.advice().isEmpty()) {
                text.append("advice:  ").append(rule.advice()).append('\n');
            }
        });
        return text.toString();
    }

    private static String describe(Step step) {
        return switch (step) {
            case Step.ModeOverride override -> "mode " + override.mode().keyword() + " decides every packet; rules and"
                    + " tracked flows are not consulted";
            case Step.Stateless stateless -> "policy is stateless: no connection tracking, rules decide every packet";
            case Step.TrackedFlowFound found -> (found.reply() ? "reply of tracked flow " : "packet of tracked flow ")
                    + found.flow();
            case Step.RelatedToFlow related -> "ICMP error about tracked flow " + related.flow()
                    + " (quoted packet: " + related.offending() + ")";
            case Step.NotRelated notRelated -> "ICMP error quotes " + notRelated.offending()
                    + ", which belongs to no tracked flow";
            case Step.RuleMissed missed -> "#" + missed.position() + " " + missed.rule().id() + ": no match, "
                    + missed.mismatch();
            case Step.RuleMatched matched -> "#" + matched.position() + " " + matched.rule().id() + ": match";
            case Step.NoRuleMatched none -> "no rule matched: default of mode " + none.mode().keyword()
                    + (none.mode() == Mode.LEARNING ? " (a connection attempt is recorded as a candidate rule)" : "");
        };
    }
}
