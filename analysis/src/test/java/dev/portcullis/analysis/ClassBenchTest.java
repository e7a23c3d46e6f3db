package dev.portcullis.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.model.NameResolver;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The symbolic first match on real-looking rule sets agrees with the ClassBench first-match answers (computed by
 * a separate linear scan and cross-checked with DPDK), and the anomaly report runs on them.
 */
class ClassBenchTest {
    @ParameterizedTest
    @ValueSource(strings = {"acl1_1k", "fw1_1k", "ipc1_1k"})
    void symbolicFirstMatchAgreesWithTheReferenceAnswers(String set) throws IOException {
        ClassBench bench = ClassBench.load(set);
        assertThat(bench.lossyRules).isZero();
        CompiledPolicy compiled = CompiledPolicy.compile(bench.policy, NameResolver.NONE);
        List<ClassBench.TracePacket> trace = ClassBench.trace(set, 20_000);
        assertThat(trace).isNotEmpty();
        for (ClassBench.TracePacket header : trace) {
            int decider = compiled.decider(header.packet());
            assertThat(decider + 1).as("first match of %s", header.packet()).isEqualTo(header.firstMatchLine());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"acl1_1k", "fw1_1k"})
    void anomalyReportExamplesAreRealOnClassBench(String set) throws IOException {
        ClassBench bench = ClassBench.load(set);
        AnomalyReport report = AnomalyAnalysis.analyze(bench.policy);
        assertThat(report.findings()).isNotEmpty();
        dev.portcullis.model.RuleMatcher matcher = dev.portcullis.model.RuleMatcher.forPolicy(bench.policy,
                NameResolver.NONE);
        for (Finding finding : report.findings()) {
            finding.example().ifPresent(example -> {
                for (String id : finding.rules()) {
                    if (!id.equals("default") && finding.kind() != Finding.Kind.SHADOWED
                            && finding.kind() != Finding.Kind.REDUNDANT) {
                        assertThat(matcher.matches(bench.policy.rule(id).orElseThrow(), example.packet())).isTrue();
                    }
                }
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"acl1_1k", "ipc1_1k"})
    void garbageCollectionChangesNoFinding(String set) throws IOException {
        ClassBench bench = ClassBench.load(set);
        AnomalyReport without = AnomalyAnalysis.analyze(bench.policy, NameResolver.NONE, 0);
        AnomalyReport collecting = AnomalyAnalysis.analyze(bench.policy, NameResolver.NONE, 20_000);
        assertThat(collecting.findings()).isEqualTo(without.findings());
    }

    /**
     * The running union of earlier rules (the default) and the former per-rule differences give every rule the
     * same reach, hence the same report, finding for finding; and the earlier rules a shadowed finding names are
     * those the former one-difference-at-a-time walk named.
     */
    @ParameterizedTest
    @ValueSource(strings = {"acl1_1k", "acl2_1k", "acl3_1k", "acl4_1k", "acl5_1k", "fw1_1k", "fw2_1k", "fw3_1k",
            "fw4_1k", "fw5_1k", "ipc1_1k", "ipc2_1k"})
    void runningUnionAgreesWithPerRuleDifferences(String set) throws IOException {
        ClassBench bench = ClassBench.load(set);
        AnomalyReport byUnion = AnomalyAnalysis.analyze(bench.policy);
        AnomalyReport byDifferences;
        CompiledPolicy former;
        CompiledPolicy.PER_RULE_DIFFERENCES = true;
        try {
            byDifferences = AnomalyAnalysis.analyze(bench.policy);
            former = CompiledPolicy.compile(bench.policy, NameResolver.NONE);
        } finally {
            CompiledPolicy.PER_RULE_DIFFERENCES = false;
        }
        assertThat(byUnion.findings()).isEqualTo(byDifferences.findings());
        Bdd bdd = former.space.bdd;
        for (Finding finding : byUnion.findings()) {
            if (finding.kind() != Finding.Kind.SHADOWED) {
                continue;
            }
            List<String> ids = finding.rules();
            int i = bench.policy.rules().indexOf(bench.policy.rule(ids.get(ids.size() - 1)).orElseThrow());
            List<String> expected = new java.util.ArrayList<>();
            int rest = former.match[i];
            for (int j = 0; j < i && rest != Bdd.FALSE; j++) {
                if (bdd.intersects(rest, former.match[j])) {
                    expected.add(former.rules.get(j).id());
                    rest = bdd.diff(rest, former.match[j]);
                }
            }
            expected.add(former.rules.get(i).id());
            assertThat(ids).as(finding.message()).isEqualTo(expected);
        }
    }
}
