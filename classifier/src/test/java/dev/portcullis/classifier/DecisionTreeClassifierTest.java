package dev.portcullis.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DecisionTreeClassifierTest {

    /** 4,000 /24 rules in 10.0.0.0/8, priorities 0, 10, 20, ... so updates can slot in between. */
    private static List<RangeRule> baseRules() {
        List<RangeRule> rules = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            rules.add(RangeRule.ofPrefixes(10 << 24 | i << 8, 24, 0, 0, 0, 65535, 80, 80, 6, i * 10, i));
        }
        return rules;
    }

    @Test
    void repeatedInsertAndDeleteOfANarrowRuleKeepsTheSizeConstant() {
        DecisionTreeClassifier tree = new DecisionTreeClassifier(baseRules());
        long before = tree.footprintBytes();
        RangeRule extra = RangeRule.ofPrefixes(10 << 24 | 5 << 8 | 1, 32, 0, 0, 0, 65535, 80, 80, 6, 15, 99_999);
        for (int k = 0; k < 10_000; k++) {
            tree.insert(extra);
            assertThat(tree.firstMatch(10 << 24 | 5 << 8 | 1, 7, 1234, 80, 6)).isEqualTo(99_999);
            assertThat(tree.delete(extra.id())).isTrue();
            assertThat(tree.firstMatch(10 << 24 | 5 << 8 | 1, 7, 1234, 80, 6)).isEqualTo(5);
        }
        assertThat(tree.footprintBytes()).isEqualTo(before);
    }

    @Test
    void wideInsertsGoPendingAndWinByPriority() {
        DecisionTreeClassifier tree = new DecisionTreeClassifier(baseRules());
        // Matches everything, so it overlaps every leaf; priority 25 beats rules 3 onwards.
        RangeRule wide = RangeRule.ofPrefixes(0, 0, 0, 0, 0, 65535, 0, 65535, RangeRule.ANY_PROTOCOL, 25, 50_000);
        tree.insert(wide);
        assertThat(tree.firstMatch(10 << 24 | 2 << 8, 0, 0, 80, 6)).isEqualTo(2);
        assertThat(tree.firstMatch(10 << 24 | 3 << 8, 0, 0, 80, 6)).isEqualTo(50_000);
        assertThat(tree.firstMatch(11 << 24, 0, 0, 443, 17)).isEqualTo(50_000);
        assertThat(tree.delete(50_000)).isTrue();
        assertThat(tree.firstMatch(11 << 24, 0, 0, 443, 17)).isEqualTo(Classifier.NO_MATCH);
    }

    @Test
    void lookupsDuringUpdatesSeeTheStableRulesUnchanged() throws InterruptedException {
        DecisionTreeClassifier tree = new DecisionTreeClassifier(baseRules());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger wrong = new AtomicInteger();
        Thread reader = new Thread(() -> {
            int i = 0;
            while (!stop.get()) {
                // Rule i*10 is the only base rule for 10.i.x.0/24; updates only add rules with larger
                // priorities in other networks, so the answer never changes.
                int network = i % 4000;
                if (tree.firstMatch(10 << 24 | network << 8 | 9, 1, 2, 80, 6) != network) {
                    wrong.incrementAndGet();
                }
                i++;
            }
        });
        reader.start();
        for (int k = 0; k < 20_000; k++) {
            int id = 100_000 + k % 500;
            if (k >= 500) {
                tree.delete(id);
            }
            tree.insert(RangeRule.ofPrefixes(20 << 24 | k, 32, 0, 0, 0, 65535, 80, 80, 6, 1_000_000 + id, id));
        }
        stop.set(true);
        reader.join();
        assertThat(wrong.get()).isZero();
        assertThat(tree.size()).isEqualTo(4500);
    }
}
