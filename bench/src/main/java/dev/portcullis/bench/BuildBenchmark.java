package dev.portcullis.bench;

import dev.portcullis.classifier.Classifier;
import dev.portcullis.classifier.RangeRule;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to build a classifier from a parsed ClassBench set of 1k, 10k or 100k rules (parsing excluded), in ms.
 * The target for the decision tree is under 200 ms at 100k; DPDK's {@code rte_acl_build} takes seconds there.
 *
 * <pre>
 * java -Dportcullis.shared=../shared -jar bench/target/benchmarks.jar BuildBenchmark -p impl=tree
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BuildBenchmark {

    @Param({"acl1_1k", "acl1_10k", "acl1_100k", "fw1_1k", "fw1_10k", "fw1_100k", "ipc1_1k", "ipc1_10k",
            "ipc1_100k"})
    public String set;

    @Param({"tree", "linear"})
    public String impl;

    private List<RangeRule> rules;

    @Setup
    public void setUp() {
        rules = ClassBenchSets.rules(set);
    }

    @Benchmark
    public Classifier build() {
        return ClassBenchSets.create(impl, rules);
    }
}
