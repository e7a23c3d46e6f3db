package dev.portcullis.analysis;

import dev.portcullis.model.Packet;
import dev.portcullis.model.Policy;
import java.util.List;
import java.util.Optional;

/**
 * A narrower policy proposed from the traffic that must keep passing, what changed rule by rule, and the proof
 * (checked on the symbolic packet space) that it allows every kept flow and nothing the original blocked.
 *
 * @param notAllowedByOriginal kept flows the original policy already blocks: narrowing never opens anything, so
 *                             these stay blocked and are listed for the user to look at
 */
public record NarrowingResult(Policy narrowed, List<RuleChange> changes, List<Packet> notAllowedByOriginal,
                              Proof proof) {
    public NarrowingResult {
        changes = List.copyOf(changes);
        notAllowedByOriginal = List.copyOf(notAllowedByOriginal);
    }

    /**
     * One rule made narrower or removed; {@code removedTraffic} is exactly what the rule no longer matches.
     */
    public record RuleChange(String rule, ChangeKind kind, String before, String after, int keptFlows,
                             List<String> notes, List<TrafficBox> removedTraffic, boolean removedTrafficTruncated) {
        public RuleChange {
            notes = List.copyOf(notes);
            removedTraffic = List.copyOf(removedTraffic);
        }
    }

    public enum ChangeKind { NARROWED, REMOVED }

    /**
     * {@code keptStillAllowed}: every kept flow the original allowed is allowed by the narrowed policy.
     * {@code nothingNewAllowed}: every packet the narrowed policy allows, the original allows too.
     * A counterexample packet when either fails (which would be a bug: the construction guarantees both).
     */
    public record Proof(boolean keptStillAllowed, boolean nothingNewAllowed, Optional<Example> counterexample,
                        List<TrafficBox> newlyBlocked, boolean newlyBlockedTruncated) {
        public Proof {
            newlyBlocked = List.copyOf(newlyBlocked);
        }

        public boolean holds() {
            return keptStillAllowed && nothingNewAllowed;
        }
    }
}
