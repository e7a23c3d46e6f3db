package dev.portcullis.analysis;

import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures the full anomaly report (shadowed, redundant, generalization, correlation, over-broad) on ClassBench
 * 10k sets with alternating actions. Disabled by default; run with
 * {@code mvn -q -pl analysis -am verify -Dportcullis.bench=true -Dtest=AnomalyBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * (optionally {@code -Dportcullis.bench.sets=acl1_10k,fw1_10k}). Prints one line per set: rules, wall and CPU
 * seconds, findings by kind.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "portcullis.bench", matches = "true")
class AnomalyBenchmark {
    @Test
    void anomalyReportOnClassBench10k() throws Exception {
        String sets = System.getProperty("portcullis.bench.sets",
                "acl1_10k,acl2_10k,acl3_10k,acl4_10k,acl5_10k,fw1_10k,fw2_10k,fw3_10k,fw4_10k,fw5_10k,ipc1_10k,ipc2_10k");
        for (String set : sets.split(",")) {
            ClassBench bench = ClassBench.load(set.trim());
            // One warm-up pass on the same input so the figure is not JIT compilation time.
            if (Boolean.parseBoolean(System.getProperty("portcullis.bench.warmup", "true"))) {
                AnomalyAnalysis.analyze(bench.policy);
            }
            // CPU time of this thread beside the wall time: on a shared machine the wall time includes waiting for
            // a core, the CPU time does not (the analysis is single-threaded).
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            AnomalyReport report = AnomalyAnalysis.analyze(bench.policy);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            Map<Finding.Kind, Integer> counts = report.countsByKind();
            System.out.printf("%-9s rules=%5d lossy=%4d seconds=%6.2f cpu=%6.2f findings=%7d %s%n", set.trim(),
                    bench.policy.rules().size(), bench.lossyRules, seconds, cpuSeconds, report.findings().size(),
                    counts);
        }
    }
}
