package dev.portcullis.bench;

import dev.portcullis.classifier.Classifier;
import dev.portcullis.classifier.RangeRule;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one insert and of one delete, in ns, on a built ClassBench set: each invocation inserts (or deletes)
 * {@value #BATCH} rules of an {@link UpdatePool}; the untimed per-invocation setup undoes the previous one (deletes
 * them again, or re-inserts them), so the structure stays the same size however long it runs. Any rebuild an
 * update triggers (the decision tree rebuilds when its pending list of wide rules fills up) is inside the timing.
 *
 * <pre>
 * java -Dportcullis.shared=../shared -jar bench/target/benchmarks.jar UpdateBenchmark -p impl=tree
 * </pre>
 * ({@code -p impl=linear} works too but copies the whole rule array per update.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class UpdateBenchmark {

    static final int BATCH = 1000;

    @Param({"acl1_10k", "fw1_10k", "ipc1_10k", "acl1_100k", "fw1_100k", "ipc1_100k"})
    public String set;

    @Param({"tree"})
    public String impl;

    private Classifier classifier;
    private RangeRule[] extra;
    private boolean inserted;

    @Setup(Level.Trial)
    public void build() {
        UpdatePool pool = UpdatePool.of(set, BATCH);
        classifier = ClassBenchSets.create(impl, pool.base());
        extra = pool.extra();
    }

    @Setup(Level.Invocation)
    public void reset(BenchmarkParamsHolder which) {
        boolean wantInserted = which.deleting;
        if (inserted && !wantInserted) {
            for (RangeRule r : extra) {
                classifier.delete(r.id());
            }
        } else if (!inserted && wantInserted) {
            for (RangeRule r : extra) {
                classifier.insert(r);
            }
        }
        inserted = wantInserted;
    }

    /** Tells the shared setup which benchmark runs: inserts start from the base set, deletes from base + pool. */
    @State(Scope.Thread)
    public static class BenchmarkParamsHolder {
        boolean deleting;

        @Setup(Level.Trial)
        public void setUp(org.openjdk.jmh.infra.BenchmarkParams params) {
            deleting = params.getBenchmark().endsWith(".delete");
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void insert() {
        for (RangeRule r : extra) {
            classifier.insert(r);
        }
        inserted = true;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void delete() {
        for (RangeRule r : extra) {
            classifier.delete(r.id());
        }
        inserted = false;
    }
}
