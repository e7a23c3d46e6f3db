package dev.portcullis.bench;

import dev.portcullis.classifier.RangeRule;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A ClassBench set renumbered for updates: its rules get even priorities (line × 2), and the pool gets copies
 * of randomly chosen rules with fresh ids and odd priorities, so each update inserts a rule between two
 * existing ones, the way an operator edits a policy. The seed is fixed so every run updates the same rules.
 */
record UpdatePool(List<RangeRule> base, RangeRule[] extra) {

    static UpdatePool of(String set, int size) {
        List<RangeRule> rules = ClassBenchSets.rules(set);
        List<RangeRule> base = new ArrayList<>(rules.size());
        for (RangeRule r : rules) {
            base.add(withOrder(r, r.priority() * 2, r.id()));
        }
        SplittableRandom random = new SplittableRandom(42);
        RangeRule[] extra = new RangeRule[size];
        boolean[] taken = new boolean[rules.size()];
        for (int k = 0; k < size; k++) {
            int line;
            do {
                line = random.nextInt(rules.size());
            } while (taken[line]);
            taken[line] = true;
            extra[k] = withOrder(rules.get(line), line * 2 + 1, rules.size() + k);
        }
        return new UpdatePool(base, extra);
    }

    private static RangeRule withOrder(RangeRule r, int priority, int id) {
        return new RangeRule(r.srcLo(), r.srcHi(), r.dstLo(), r.dstHi(), r.srcPortLo(), r.srcPortHi(),
                r.dstPortLo(), r.dstPortHi(), r.protocol(), priority, id);
    }
}
