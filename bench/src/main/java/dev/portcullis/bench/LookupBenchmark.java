package dev.portcullis.bench;

import dev.portcullis.classifier.ClassBench;
import dev.portcullis.classifier.Classifier;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Time per first-match lookup over a ClassBench trace, header after header in trace order (the trace has the
 * locality of reference ClassBench gives it, as in DPDK's {@code dpdk-test-acl} on the same file).
 *
 * <ul>
 *   <li>{@code lookup}: one thread, average ns per lookup.</li>
 *   <li>{@code lookupAllCores}: one thread per core ({@code Threads.MAX}), each from its own offset in the
 *       trace; the figure is ns per lookup per thread.</li>
 *   <li>{@code lookupLatency}: {@code Mode.SampleTime}, for the p99 of a single lookup. Each sample is timed
 *       with {@code System.nanoTime()}, whose own cost (~20 ns) and granularity inflate small values.</li>
 * </ul>
 *
 * <p>Zero allocation per lookup is checked with JMH's GC profiler: {@code gc.alloc.rate.norm} should be
 * ~0 B/op.
 *
 * <pre>
 * java -Dportcullis.shared=../shared -jar bench/target/benchmarks.jar LookupBenchmark \
 *     -p set=acl1_10k,fw1_10k,ipc1_10k -p impl=tree,linear -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LookupBenchmark {

    @Param({"acl1_10k", "fw1_10k", "ipc1_10k"})
    public String set;

    @Param({"tree", "linear"})
    public String impl;

    private Classifier classifier;
    private int[] src;
    private int[] dst;
    private int[] srcPort;
    private int[] dstPort;
    private int[] protocol;

    @Setup
    public void setUp() {
        classifier = ClassBenchSets.create(impl, ClassBenchSets.rules(set));
        ClassBench.Trace trace = ClassBenchSets.trace(set);
        src = trace.src();
        dst = trace.dst();
        srcPort = trace.srcPort();
        dstPort = trace.dstPort();
        protocol = trace.protocol();
    }

    /** Each thread walks the trace from its own starting point. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        @Setup
        public void setUp(LookupBenchmark benchmark, ThreadParams threads) {
            next = (int) ((long) benchmark.src.length * threads.getThreadIndex() / threads.getThreadCount());
        }
    }

    @Benchmark
    @Threads(1)
    public int lookup(Cursor cursor) {
        return lookupNext(cursor);
    }

    @Benchmark
    @Threads(Threads.MAX)
    public int lookupAllCores(Cursor cursor) {
        return lookupNext(cursor);
    }

    @Benchmark
    @Threads(1)
    @BenchmarkMode(Mode.SampleTime)
    public int lookupLatency(Cursor cursor) {
        return lookupNext(cursor);
    }

    private int lookupNext(Cursor cursor) {
        int i = cursor.next;
        cursor.next = i + 1 == src.length ? 0 : i + 1;
        return classifier.firstMatch(src[i], dst[i], srcPort[i], dstPort[i], protocol[i]);
    }
}
