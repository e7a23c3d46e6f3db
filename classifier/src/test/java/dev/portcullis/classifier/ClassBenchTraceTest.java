package dev.portcullis.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every ClassBench trace line must get the answer in its first-match file (computed by an independent linear
 * scan and cross-checked against DPDK), from the decision tree on every line and from the linear scan on every
 * line of the 1k and 10k sets and every 100th line of the 100k sets (all 1M lines × 100k rules would take
 * minutes; the sample still checks the reference on 10,000 headers per set).
 */
class ClassBenchTraceTest {

    private static final List<String> TYPES =
            List.of("acl1", "acl2", "acl3", "acl4", "acl5", "fw1", "fw2", "fw3", "fw4", "fw5", "ipc1", "ipc2");

    static Stream<String> sets() {
        return Stream.concat(
                Stream.of("_1k", "_10k").flatMap(size -> TYPES.stream().map(type -> type + size)),
                Stream.of("acl1_100k", "fw1_100k", "ipc1_100k"));
    }

    static Path classBench() {
        String shared = System.getProperty("portcullis.shared", "../../shared");
        Path dir = Path.of(shared, "classbench");
        assumeTrue(Files.isDirectory(dir), "ClassBench data not found at " + dir.toAbsolutePath()
                + " (set -Dportcullis.shared); skipping");
        return dir;
    }

    static Path rulesFile(Path dir, String set) {
        Path plain = dir.resolve("rules").resolve(set);
        return Files.exists(plain) ? plain : dir.resolve("rules").resolve(set + ".gz");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sets")
    void bothClassifiersGiveTheFirstMatchOnEveryTraceLine(String set) {
        Path dir = classBench();
        List<RangeRule> rules = ClassBench.readRules(rulesFile(dir, set));
        ClassBench.Trace trace = ClassBench.readTrace(dir.resolve("traces").resolve(set + "_trace.gz"));
        int[] expected = ClassBench.readFirstMatch(
                dir.resolve("firstmatch").resolve(set + "_trace.firstmatch.gz"));
        assertThat(expected).hasSize(trace.size());

        DecisionTreeClassifier tree = new DecisionTreeClassifier(rules);
        LinearScanClassifier linear = new LinearScanClassifier(rules);
        int linearStep = rules.size() > 20_000 ? 100 : 1;
        int treeMismatches = 0;
        int linearMismatches = 0;
        int firstMismatch = -1;
        for (int i = 0; i < trace.size(); i++) {
            int line = expected[i] - 1; // ids are 0-based rule lines; -1 means no match either way
            int src = trace.src()[i];
            int dst = trace.dst()[i];
            int sp = trace.srcPort()[i];
            int dp = trace.dstPort()[i];
            int proto = trace.protocol()[i];
            if (tree.firstMatch(src, dst, sp, dp, proto) != line) {
                treeMismatches++;
                firstMismatch = firstMismatch < 0 ? i : firstMismatch;
            }
            if (i % linearStep == 0 && linear.firstMatch(src, dst, sp, dp, proto) != line) {
                linearMismatches++;
                firstMismatch = firstMismatch < 0 ? i : firstMismatch;
            }
        }
        assertThat(treeMismatches).as("decision tree mismatches on %s (first at trace line %d)", set, firstMismatch + 1)
                .isZero();
        assertThat(linearMismatches).as("linear scan mismatches on %s (first at trace line %d)", set, firstMismatch + 1)
                .isZero();
    }
}
