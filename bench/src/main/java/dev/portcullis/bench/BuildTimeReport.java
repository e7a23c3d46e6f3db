package dev.portcullis.bench;

import dev.portcullis.classifier.RangeRule;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * Build time as CPU time of the building thread, the smallest of 10 builds after 5 warm-up builds, printed as a
 * table. A companion to {@link BuildBenchmark} (wall time) for shared machines: when other processes take
 * the cores, wall time includes the time spent waiting for one, CPU time does not. It still includes any slowdown
 * from caches shared with those processes. Not a JMH benchmark; JIT warm-up is the 5 discarded builds.
 *
 * <pre>
 * java -Dportcullis.shared=../shared -cp bench/target/benchmarks.jar dev.portcullis.bench.BuildTimeReport \
 *     acl1_1k acl1_10k acl1_100k
 * </pre>
 */
public final class BuildTimeReport {

    private BuildTimeReport() {
    }

    public static void main(String[] args) {
        String[] sets = args.length > 0 ? args : new String[] {"acl1_1k", "acl1_10k", "acl1_100k", "fw1_1k",
            "fw1_10k", "fw1_100k", "ipc1_1k", "ipc1_10k", "ipc1_100k"};
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf("%-10s %7s %20s %20s%n", "set", "rules", "tree build cpu ms", "tree build wall ms");
        for (String set : sets) {
            List<RangeRule> rules = ClassBenchSets.rules(set);
            long bestCpu = Long.MAX_VALUE;
            long bestWall = Long.MAX_VALUE;
            for (int i = 0; i < 15; i++) {
                long cpu = threads.getCurrentThreadCpuTime();
                long wall = System.nanoTime();
                int size = ClassBenchSets.create("tree", rules).size();
                long cpuTaken = threads.getCurrentThreadCpuTime() - cpu;
                long wallTaken = System.nanoTime() - wall;
                if (size != rules.size()) {
                    throw new AssertionError("built " + size + " of " + rules.size() + " rules");
                }
                if (i >= 5) {
                    bestCpu = Math.min(bestCpu, cpuTaken);
                    bestWall = Math.min(bestWall, wallTaken);
                }
            }
            System.out.printf("%-10s %7d %20.1f %20.1f%n", set, rules.size(), bestCpu / 1e6, bestWall / 1e6);
        }
    }
}
