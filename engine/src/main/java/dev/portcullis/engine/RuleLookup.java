package dev.portcullis.engine;

import dev.portcullis.model.Packet;
import dev.portcullis.model.Rule;
import dev.portcullis.model.RuleMatcher;
import java.util.List;
import java.util.Optional;

/**
 * Finds the first rule, in policy order, that matches a packet. The linear scan is the reference; a faster
 * classifier may stand in for it as long as it answers the same rule for every packet.
 */
@FunctionalInterface
public interface RuleLookup {
    Optional<Rule> firstMatch(Packet packet);

    /** The reference: try each rule in order with {@link RuleMatcher}, the one definition of a match. */
    static RuleLookup linear(List<Rule> rules, RuleMatcher matcher) {
        List<Rule> ordered = List.copyOf(rules);
        return packet -> {
            for (Rule rule : ordered) {
                if (matcher.matches(rule, packet)) {
                    return Optional.of(rule);
                }
            }
            return Optional.empty();
        };
    }
}
