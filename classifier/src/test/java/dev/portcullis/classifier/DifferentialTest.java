package dev.portcullis.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Seeded random rule sets and headers: the decision tree must agree with the linear scan on every header,
 * before and after random inserts and deletes. Values are drawn to hit the edges (/0 and /32 prefixes, ports
 * 0 and 65535, protocol wildcard, addresses 0 and 255.255.255.255) and headers are drawn at rule boundaries,
 * where an off-by-one in a cut would show.
 */
class DifferentialTest {

    @ParameterizedTest(name = "seed {0}, {1} rules")
    @CsvSource({"1, 10", "2, 100", "3, 1000", "4, 3000", "5, 200", "6, 50", "7, 2000", "8, 500"})
    void agreesWithLinearScanAfterBuildInsertsAndDeletes(long seed, int ruleCount) {
        SplittableRandom random = new SplittableRandom(seed);
        List<RangeRule> rules = new ArrayList<>();
        int nextId = 0;
        for (; nextId < ruleCount; nextId++) {
            rules.add(randomRule(random, nextId, nextId * 2));
        }
        DecisionTreeClassifier tree = new DecisionTreeClassifier(rules);
        LinearScanClassifier linear = new LinearScanClassifier(rules);
        assertAgree(tree, linear, rules, random, 20_000);

        List<Integer> present = new ArrayList<>(rules.stream().map(RangeRule::id).toList());
        for (int round = 0; round < 10; round++) {
            for (int u = 0; u < Math.max(5, ruleCount / 5); u++) {
                if (random.nextBoolean() && !present.isEmpty()) {
                    int id = present.remove(random.nextInt(present.size()));
                    assertThat(tree.delete(id)).isTrue();
                    assertThat(linear.delete(id)).isTrue();
                    rules.removeIf(r -> r.id() == id);
                } else {
                    // Odd priorities interleave new rules between the original ones, and may beat them.
                    RangeRule rule = randomRule(random, nextId, 2 * random.nextInt(ruleCount + 1) - 1);
                    if (rules.stream().noneMatch(r -> r.priority() == rule.priority())) {
                        nextId++;
                        tree.insert(rule);
                        linear.insert(rule);
                        rules.add(rule);
                        present.add(rule.id());
                    }
                }
            }
            assertThat(tree.size()).isEqualTo(linear.size());
            assertAgree(tree, linear, rules, random, 5_000);
        }
        assertThat(tree.delete(-12345)).isFalse();
        tree.rebuild();
        assertAgree(tree, linear, rules, random, 5_000);
    }

    private static void assertAgree(Classifier tree, Classifier linear, List<RangeRule> rules,
                                    SplittableRandom random, int headers) {
        for (int k = 0; k < headers; k++) {
            int src;
            int dst;
            int sp;
            int dp;
            int proto;
            if (!rules.isEmpty() && random.nextInt(4) != 0) {
                RangeRule r = rules.get(random.nextInt(rules.size()));
                src = nearEdge(random, r.srcLo(), r.srcHi());
                dst = nearEdge(random, r.dstLo(), r.dstHi());
                sp = clampPort(nearEdge(random, r.srcPortLo(), r.srcPortHi()));
                dp = clampPort(nearEdge(random, r.dstPortLo(), r.dstPortHi()));
                proto = r.protocol() == RangeRule.ANY_PROTOCOL || random.nextInt(8) == 0
                        ? random.nextInt(256) : r.protocol();
            } else {
                src = edgyAddress(random);
                dst = edgyAddress(random);
                sp = edgyPort(random);
                dp = edgyPort(random);
                proto = random.nextInt(3) == 0 ? random.nextInt(256) : (random.nextBoolean() ? 6 : 17);
            }
            assertThat(tree.firstMatch(src, dst, sp, dp, proto))
                    .as("header %s %s %d %d %d", Integer.toUnsignedString(src), Integer.toUnsignedString(dst),
                            sp, dp, proto)
                    .isEqualTo(linear.firstMatch(src, dst, sp, dp, proto));
        }
    }

    /** A value at, just inside or just outside one end of [lo, hi] (wrapping, which covers 0 and 2^32-1). */
    private static int nearEdge(SplittableRandom random, int lo, int hi) {
        int base = random.nextBoolean() ? lo : hi;
        return base + random.nextInt(3) - 1;
    }

    private static int clampPort(int port) {
        return Math.max(0, Math.min(65535, port));
    }

    private static RangeRule randomRule(SplittableRandom random, int id, int priority) {
        int sp0 = edgyPort(random);
        int sp1 = random.nextInt(3) == 0 ? sp0 : edgyPort(random);
        int dp0 = edgyPort(random);
        int dp1 = random.nextInt(3) == 0 ? dp0 : edgyPort(random);
        int proto = switch (random.nextInt(4)) {
            case 0 -> RangeRule.ANY_PROTOCOL;
            case 1 -> 6;
            case 2 -> 17;
            default -> random.nextInt(256);
        };
        if (random.nextInt(5) == 0) {
            // An arbitrary (non-prefix) range, as the engine produces from address ranges.
            int a = edgyAddress(random);
            int b = edgyAddress(random);
            int c = edgyAddress(random);
            int d = edgyAddress(random);
            return new RangeRule(umin(a, b), umax(a, b), umin(c, d), umax(c, d),
                    Math.min(sp0, sp1), Math.max(sp0, sp1), Math.min(dp0, dp1), Math.max(dp0, dp1),
                    proto, priority, id);
        }
        return RangeRule.ofPrefixes(edgyAddress(random), edgyPrefixLength(random), edgyAddress(random),
                edgyPrefixLength(random), Math.min(sp0, sp1), Math.max(sp0, sp1), Math.min(dp0, dp1),
                Math.max(dp0, dp1), proto, priority, id);
    }

    private static int edgyPrefixLength(SplittableRandom random) {
        return switch (random.nextInt(6)) {
            case 0 -> 0;
            case 1 -> 32;
            case 2 -> 1 + random.nextInt(31);
            default -> 8 + random.nextInt(25);
        };
    }

    private static int edgyAddress(SplittableRandom random) {
        return switch (random.nextInt(8)) {
            case 0 -> 0;
            case 1 -> -1;
            case 2 -> Integer.MIN_VALUE;
            case 3 -> Integer.MAX_VALUE;
            // A small pool of networks, so rules overlap and priorities matter.
            default -> (10 + random.nextInt(4)) << 24 | random.nextInt(4) << 16 | random.nextInt(256);
        };
    }

    private static int edgyPort(SplittableRandom random) {
        return switch (random.nextInt(6)) {
            case 0 -> 0;
            case 1 -> 65535;
            case 2 -> 1 + random.nextInt(1023);
            default -> random.nextInt(65536);
        };
    }

    private static int umin(int a, int b) {
        return Integer.compareUnsigned(a, b) <= 0 ? a : b;
    }

    private static int umax(int a, int b) {
        return Integer.compareUnsigned(a, b) <= 0 ? b : a;
    }
}
