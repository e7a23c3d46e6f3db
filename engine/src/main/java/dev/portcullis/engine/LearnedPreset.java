package dev.portcullis.engine;

import dev.portcullis.model.Packet;
import dev.portcullis.model.Rule;
import java.util.List;

/**
 * What learning mode offers: the unmatched flows it saw, grouped into candidate allow rules, most frequent first,
 * shaped like a preset so that the user can review it and add it to the policy.
 */
public record LearnedPreset(String name, List<Candidate> candidates) {

    public LearnedPreset {
        candidates = List.copyOf(candidates);
    }

    /** A candidate rule, how many packets it would have allowed, and the first few of them. */
    public record Candidate(Rule rule, long count, List<Packet> examples) {
        public Candidate {
            examples = List.copyOf(examples);
        }
    }

    public List<Rule> rules() {
        return candidates.stream().map(Candidate::rule).toList();
    }
}
