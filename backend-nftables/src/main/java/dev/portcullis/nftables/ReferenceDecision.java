package dev.portcullis.nftables;

import dev.portcullis.model.Action;
import dev.portcullis.model.NameResolver;
import dev.portcullis.model.Packet;
import dev.portcullis.model.Policy;
import dev.portcullis.model.Rule;
import dev.portcullis.model.RuleMatcher;

/**
 * What the policy decides for the first packet of a flow: the first enabled rule that matches (by
 * {@link RuleMatcher}), else the mode's default. The lockout guard and the kernel tests ask this; in stateful
 * mode a flow whose first packet is allowed has its replies allowed too.
 */
public final class ReferenceDecision {
    private ReferenceDecision() {
    }

    public static Action decide(Policy policy, Packet packet, NameResolver resolver) {
        return switch (policy.mode()) {
            case STOP_ALL -> Action.BLOCK;
            case DISABLED -> Action.ALLOW;
            case BLOCK_MOST, LEARNING, ALLOW_MOST -> {
                RuleMatcher matcher = RuleMatcher.forPolicy(policy, resolver);
                for (Rule rule : policy.rules()) {
                    if (matcher.matches(rule, packet)) {
                        yield rule.action();
                    }
                }
                yield policy.mode() == dev.portcullis.model.Mode.ALLOW_MOST ? Action.ALLOW : Action.BLOCK;
            }
        };
    }
}
