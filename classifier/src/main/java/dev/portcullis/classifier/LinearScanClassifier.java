package dev.portcullis.classifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The reference classifier: rules in priority order, tried one by one with {@link RangeRule#matches}.
 *
 * <p>Obviously correct and O(rules) per lookup; every faster classifier is tested against it. Updates copy
 * the array, so lookups need no lock: they read whichever array was last published.
 */
public final class LinearScanClassifier implements Classifier {

    private static final Comparator<RangeRule> BY_PRIORITY = Comparator.comparingInt(RangeRule::priority);

    private volatile RangeRule[] rules;

    public LinearScanClassifier(Collection<RangeRule> rules) {
        RangeRule[] sorted = rules.toArray(RangeRule[]::new);
        Arrays.sort(sorted, BY_PRIORITY);
        requireUnique(sorted);
        this.rules = sorted;
    }

    @Override
    public int firstMatch(int src, int dst, int srcPort, int dstPort, int protocol) {
        for (RangeRule rule : rules) {
            if (rule.matches(src, dst, srcPort, dstPort, protocol)) {
                return rule.id();
            }
        }
        return NO_MATCH;
    }

    @Override
    public synchronized void insert(RangeRule rule) {
        List<RangeRule> next = new ArrayList<>(Arrays.asList(rules));
        next.add(rule);
        RangeRule[] sorted = next.toArray(RangeRule[]::new);
        Arrays.sort(sorted, BY_PRIORITY);
        requireUnique(sorted);
        rules = sorted;
    }

    @Override
    public synchronized boolean delete(int id) {
        RangeRule[] current = rules;
        RangeRule[] next = Arrays.stream(current).filter(r -> r.id() != id).toArray(RangeRule[]::new);
        rules = next;
        return next.length != current.length;
    }

    @Override
    public int size() {
        return rules.length;
    }

    private static void requireUnique(RangeRule[] sorted) {
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < sorted.length; i++) {
            if (!ids.add(sorted[i].id())) {
                throw new IllegalArgumentException("duplicate rule id " + sorted[i].id());
            }
            if (i > 0 && sorted[i].priority() == sorted[i - 1].priority()) {
                throw new IllegalArgumentException("duplicate rule priority " + sorted[i].priority());
            }
        }
    }
}
