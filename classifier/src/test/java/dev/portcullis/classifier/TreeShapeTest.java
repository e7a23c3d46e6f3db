package dev.portcullis.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The tree shapes {@link TreeBuilder} chooses beyond binary cuts: bit-cut nodes (16 children by 4 bits of a
 * field) and the merge of the rules narrow in both addresses into another group's tree. Each test checks that
 * the shape is really built, then that lookups agree with the linear scan before and after inserts and deletes
 * that land in it.
 */
class TreeShapeTest {

    private static final int NET_10_1 = 10 << 24 | 1 << 16;
    private static final int NET_192_168 = 192 << 24 | 168 << 16;

    @Test
    void bitCutsSeparateHostsUnderOneTableEntry() {
        // 2,000 host rules in 10.1.0.0/16: the root table uses address bits 16 and up, so they all share an
        // entry and only the low 16 bits separate them.
        SplittableRandom random = new SplittableRandom(11);
        List<RangeRule> rules = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            rules.add(RangeRule.ofPrefixes(NET_10_1 | random.nextInt(1 << 16), 32, 0, 0, 0, 65535,
                    random.nextInt(1024), 65535, RangeRule.ANY_PROTOCOL, 10 * i, i));
        }
        TreeBuilder.Forest forest = build(rules);
        assertThat(countBitCuts(forest, 0)).as("bit cuts on the source address").isPositive();

        List<RangeRule> updates = new ArrayList<>();
        // A /20 spans the children of bit cuts at low shifts, a /12 is wider than the tree's inserts allow
        // (pending), a host lands in one leaf.
        updates.add(RangeRule.ofPrefixes(NET_10_1 | 0x3000, 20, 0, 0, 0, 65535, 0, 65535, 6, 5, 100_001));
        updates.add(RangeRule.ofPrefixes(NET_10_1, 12, 0, 0, 0, 65535, 0, 65535, 17, 15, 100_002));
        updates.add(RangeRule.ofPrefixes(NET_10_1 | 0x1234, 32, 0, 0, 80, 80, 0, 65535, 6, 25, 100_003));
        checkUpdates(rules, updates, random);
    }

    @Test
    void bitCutsSeparatePortsOfOneHost() {
        // One source host, 600 destination ports: only the port field separates the rules.
        List<RangeRule> rules = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            rules.add(RangeRule.ofPrefixes(NET_10_1 | 7, 32, 0, 0, 0, 65535, 100 * i, 100 * i + 49,
                    RangeRule.ANY_PROTOCOL, 10 * i, i));
        }
        TreeBuilder.Forest forest = build(rules);
        assertThat(countBitCuts(forest, 3)).as("bit cuts on the destination port").isPositive();

        List<RangeRule> updates = new ArrayList<>();
        updates.add(RangeRule.ofPrefixes(NET_10_1 | 7, 32, 0, 0, 0, 65535, 4000, 9000, 6, 5, 100_001));
        updates.add(RangeRule.ofPrefixes(NET_10_1 | 7, 32, 0, 0, 0, 65535, 65535, 65535, 6, 15, 100_002));
        updates.add(RangeRule.ofPrefixes(NET_10_1 | 7, 32, 0, 0, 0, 65535, 0, 65535, 6, 25, 100_003));
        checkUpdates(rules, updates, new SplittableRandom(12));
    }

    @Test
    void rulesNarrowInBothAddressesJoinTheSourceTreeWhenSourcesSpreadThem() {
        // Narrow-narrow rules with many sources and one destination /24: a source table spreads them.
        List<RangeRule> rules = new ArrayList<>();
        int id = 0;
        for (int i = 0; i < 300; i++, id++) {
            rules.add(RangeRule.ofPrefixes(NET_10_1 | i << 8, 24, NET_192_168, 24, 0, 65535, 0, 65535, 6, 2 * id, id));
        }
        for (int i = 0; i < 300; i++, id++) { // narrow source, any destination
            rules.add(RangeRule.ofPrefixes(NET_10_1 | i << 4, 28, 0, 0, 0, 65535, 0, 65535, 17, 2 * id, id));
        }
        for (int i = 0; i < 300; i++, id++) { // any source, narrow destination
            rules.add(RangeRule.ofPrefixes(0, 0, NET_192_168 | i << 4, 28, 0, 65535, 0, 65535, 17, 2 * id, id));
        }
        TreeBuilder.Forest forest = build(rules);
        assertThat(forest.roots()).hasSize(2);
        assertThat(forest.treeOfGroup()[0]).isEqualTo(forest.treeOfGroup()[1]);
        checkMergedInserts(rules, 2 * id + 1);
    }

    @Test
    void rulesNarrowInBothAddressesJoinTheDestinationTreeWhenDestinationsSpreadThem() {
        List<RangeRule> rules = new ArrayList<>();
        int id = 0;
        for (int i = 0; i < 300; i++, id++) {
            rules.add(RangeRule.ofPrefixes(NET_10_1, 24, NET_192_168 | i << 8, 24, 0, 65535, 0, 65535, 6, 2 * id, id));
        }
        for (int i = 0; i < 300; i++, id++) {
            rules.add(RangeRule.ofPrefixes(NET_10_1 | i << 4, 28, 0, 0, 0, 65535, 0, 65535, 17, 2 * id, id));
        }
        for (int i = 0; i < 300; i++, id++) {
            rules.add(RangeRule.ofPrefixes(0, 0, NET_192_168 | i << 4, 28, 0, 65535, 0, 65535, 17, 2 * id, id));
        }
        TreeBuilder.Forest forest = build(rules);
        assertThat(forest.roots()).hasSize(2);
        assertThat(forest.treeOfGroup()[0]).isEqualTo(forest.treeOfGroup()[2]);
        checkMergedInserts(rules, 2 * id + 1);
    }

    /** Inserts narrow-narrow rules, which go to the merged tree rather than to the pending list. */
    private static void checkMergedInserts(List<RangeRule> rules, int firstPriority) {
        DecisionTreeClassifier tree = new DecisionTreeClassifier(rules);
        LinearScanClassifier linear = new LinearScanClassifier(rules);
        List<RangeRule> all = new ArrayList<>(rules);
        for (int k = 0; k < 20; k++) {
            RangeRule rule = RangeRule.ofPrefixes(NET_10_1 | k << 8 | 5, 32, NET_192_168 | k << 8 | 9, 32,
                    0, 65535, 443, 443, 6, k == 0 ? -1 : firstPriority + 2 * k, 200_000 + k);
            tree.insert(rule);
            linear.insert(rule);
            all.add(rule);
        }
        assertThat(tree.describe()).contains("pending=0");
        assertAgree(tree, linear, all, new SplittableRandom(13), 20_000);
        for (int k = 0; k < 20; k += 2) {
            assertThat(tree.delete(200_000 + k)).isTrue();
            linear.delete(200_000 + k);
        }
        assertAgree(tree, linear, all, new SplittableRandom(14), 20_000);
    }

    private static void checkUpdates(List<RangeRule> rules, List<RangeRule> updates, SplittableRandom random) {
        DecisionTreeClassifier tree = new DecisionTreeClassifier(rules);
        LinearScanClassifier linear = new LinearScanClassifier(rules);
        List<RangeRule> all = new ArrayList<>(rules);
        assertAgree(tree, linear, all, random, 20_000);
        for (RangeRule rule : updates) {
            tree.insert(rule);
            linear.insert(rule);
            all.add(rule);
            assertAgree(tree, linear, all, random, 5_000);
        }
        for (int k = 0; k < rules.size(); k += 3) { // rules placed by the build
            assertThat(tree.delete(rules.get(k).id())).isTrue();
            linear.delete(rules.get(k).id());
        }
        for (RangeRule rule : updates) {
            assertThat(tree.delete(rule.id())).isTrue();
            linear.delete(rule.id());
        }
        assertAgree(tree, linear, all, random, 20_000);
    }

    /** Headers at and next to the edges of random rules' ranges, and some anywhere. */
    private static void assertAgree(Classifier tree, Classifier linear, List<RangeRule> rules,
                                    SplittableRandom random, int headers) {
        for (int k = 0; k < headers; k++) {
            RangeRule r = rules.get(random.nextInt(rules.size()));
            int src = near(random, r.srcLo(), r.srcHi());
            int dst = near(random, r.dstLo(), r.dstHi());
            int sp = Math.clamp(near(random, r.srcPortLo(), r.srcPortHi()), 0, 65535);
            int dp = Math.clamp(near(random, r.dstPortLo(), r.dstPortHi()), 0, 65535);
            int proto = random.nextInt(4) == 0 ? random.nextInt(256) : random.nextBoolean() ? 6 : 17;
            assertThat(tree.firstMatch(src, dst, sp, dp, proto))
                    .as("header %08x %08x %d %d %d", src, dst, sp, dp, proto)
                    .isEqualTo(linear.firstMatch(src, dst, sp, dp, proto));
        }
    }

    private static int near(SplittableRandom random, int lo, int hi) {
        return switch (random.nextInt(5)) {
            case 0 -> lo;
            case 1 -> hi;
            case 2 -> lo - 1;
            case 3 -> hi + 1;
            default -> lo + (int) (random.nextLong(Integer.toUnsignedLong(hi) - Integer.toUnsignedLong(lo) + 1));
        };
    }

    private static TreeBuilder.Forest build(List<RangeRule> rules) {
        RangeRule[] sorted = rules.stream()
                .sorted((a, b) -> Integer.compare(a.priority(), b.priority())).toArray(RangeRule[]::new);
        int[] slots = new int[sorted.length];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = i;
        }
        return TreeBuilder.build(sorted, slots);
    }

    /** Bit-cut nodes on this field reachable from any tree's root or table. */
    private static int countBitCuts(TreeBuilder.Forest forest, int field) {
        int count = 0;
        for (int t = 0; t < forest.roots().length; t++) {
            if (forest.tables()[t] == null) {
                count += countBitCuts(forest, forest.roots()[t], field);
            } else {
                for (int ref : forest.tables()[t]) {
                    count += countBitCuts(forest, ref, field);
                }
            }
        }
        return count;
    }

    private static int countBitCuts(TreeBuilder.Forest forest, int ref, int field) {
        if (ref < 0) {
            return 0;
        }
        int[] nodes = forest.nodes();
        int head = nodes[ref];
        if (head < TreeBuilder.BIT_CUT_FLAG) {
            return countBitCuts(forest, nodes[ref + 2], field) + countBitCuts(forest, nodes[ref + 3], field);
        }
        int count = (head & 7) == field ? 1 : 0;
        for (int c = 0; c < TreeBuilder.BIT_CUT_CHILDREN; c++) {
            count += countBitCuts(forest, nodes[ref + 1 + c], field);
        }
        return count;
    }
}
