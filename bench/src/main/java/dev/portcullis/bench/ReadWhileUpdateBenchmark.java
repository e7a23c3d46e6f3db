package dev.portcullis.bench;

import dev.portcullis.classifier.ClassBench;
import dev.portcullis.classifier.Classifier;
import dev.portcullis.classifier.RangeRule;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Lookups while one thread keeps updating: a JMH group of one lookup thread (the trace, as in
 * {@link LookupBenchmark}) and one updater that alternately inserts and deletes rules of an {@link UpdatePool}
 * (one operation = one insert or one delete). Compare {@code readWhileUpdate:lookup} with
 * {@code LookupBenchmark.lookup} for the cost updates impose on readers. On a 2-core machine this uses both.
 *
 * <pre>
 * java -Dportcullis.shared=../shared -jar bench/target/benchmarks.jar ReadWhileUpdateBenchmark
 * </pre>
 */
@State(Scope.Group)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReadWhileUpdateBenchmark {

    @Param({"acl1_10k", "acl1_100k"})
    public String set;

    @Param({"tree"})
    public String impl;

    private Classifier classifier;
    private RangeRule[] extra;
    private int[] src;
    private int[] dst;
    private int[] srcPort;
    private int[] dstPort;
    private int[] protocol;
    private int nextHeader;
    private int nextUpdate;

    @Setup
    public void setUp() {
        UpdatePool pool = UpdatePool.of(set, 1000);
        classifier = ClassBenchSets.create(impl, pool.base());
        extra = pool.extra();
        // The 100k sets other than acl1, fw1 and ipc1 have no trace; the benchmarked ones all do.
        ClassBench.Trace trace = ClassBenchSets.trace(set);
        src = trace.src();
        dst = trace.dst();
        srcPort = trace.srcPort();
        dstPort = trace.dstPort();
        protocol = trace.protocol();
    }

    @Benchmark
    @Group("readWhileUpdate")
    @GroupThreads(1)
    public int lookup() {
        int i = nextHeader;
        nextHeader = i + 1 == src.length ? 0 : i + 1;
        return classifier.firstMatch(src[i], dst[i], srcPort[i], dstPort[i], protocol[i]);
    }

    /** Inserts the pool's rules one per call, then deletes them one per call, and so on. */
    @Benchmark
    @Group("readWhileUpdate")
    @GroupThreads(1)
    public void update() {
        int k = nextUpdate;
        nextUpdate = k + 1 == 2 * extra.length ? 0 : k + 1;
        if (k < extra.length) {
            classifier.insert(extra[k]);
        } else {
            classifier.delete(extra[k - extra.length].id());
        }
    }
}
