package dev.portcullis.engine;

import dev.portcullis.model.Action;
import dev.portcullis.model.Mode;
import dev.portcullis.model.Rule;
import java.util.Locale;
import java.util.Optional;

/**
 * What the engine decided for one packet, and why in one word. The full reasoning (which rules were examined and
 * why each missed) is an {@link Explanation}, computed only when asked for.
 *
 * @param verdict what happens to the packet
 * @param reason  which part of the semantics decided it
 * @param rule    the deciding rule: the matched rule, or for tracked and related packets the rule that opened
 *                the flow; empty when a mode decided, or when a flow was opened by the mode's default
 */
public record Decision(Action verdict, Reason reason, Optional<Rule> rule) {

    /** Which part of the semantics decided a packet. */
    public enum Reason {
        /** The first rule that matches the packet decided. */
        MATCHED_RULE,
        /** No rule matched; the policy mode's default decided (block-most and learning block, allow-most allows). */
        DEFAULT_OF_MODE,
        /** A later packet of a tracked flow, travelling the way the flow was opened. */
        ESTABLISHED,
        /** A reply of a tracked flow, travelling against the way it was opened. */
        TRACKED_REPLY,
        /** An ICMP error (v4 types 3, 4, 11, 12; v6 types 1-4) about a tracked flow. */
        RELATED_ICMP,
        /** The policy is in stop-all mode: everything is blocked, tracked flows too. */
        MODE_STOP_ALL,
        /** The policy is in disabled mode: everything is allowed. */
        MODE_DISABLED;

        /** The word used in output: {@code matched-rule}, {@code default-of-mode}, ... */
        public String keyword() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public Decision {
        if (reason == Reason.MATCHED_RULE && rule.isEmpty()) {
            throw new IllegalArgumentException("a matched-rule decision needs its rule");
        }
    }

    public static Decision matched(Rule rule) {
        return new Decision(rule.action(), Reason.MATCHED_RULE, Optional.of(rule));
    }

    /** The verdict a mode gives to traffic no rule decides, or that its override gives to everything. */
    public static Decision ofMode(Mode mode) {
        return switch (mode) {
            case BLOCK_MOST, LEARNING -> new Decision(Action.BLOCK, Reason.DEFAULT_OF_MODE, Optional.empty());
            case ALLOW_MOST -> new Decision(Action.ALLOW, Reason.DEFAULT_OF_MODE, Optional.empty());
            case STOP_ALL -> new Decision(Action.BLOCK, Reason.MODE_STOP_ALL, Optional.empty());
            case DISABLED -> new Decision(Action.ALLOW, Reason.MODE_DISABLED, Optional.empty());
        };
    }

    /** Whether the mode decides every packet by itself, so that rules and tracked flows are not consulted. */
    public static boolean modeOverridesRules(Mode mode) {
        return mode == Mode.STOP_ALL || mode == Mode.DISABLED;
    }

    public boolean permits() {
        return verdict.permits();
    }

    /** {@code allow (matched-rule icq.server-out)}, {@code block (default-of-mode)}. */
    @Override
    public String toString() {
        return verdict.keyword() + " (" + reason.keyword() + rule.map(r -> " " + r.id()).orElse("") + ")";
    }
}
