package dev.portcullis.bench;

import dev.portcullis.classifier.Classifier;
import dev.portcullis.classifier.DecisionTreeClassifier;
import dev.portcullis.classifier.RangeRule;
import java.util.List;

/**
 * Bytes per rule of each classifier, two ways, printed as a table:
 * <ul>
 *   <li>{@code estimate}: {@link DecisionTreeClassifier#footprintBytes()}, the sum of its arrays' sizes
 *       (16-byte headers, compressed references), i.e. the lookup structure only.</li>
 *   <li>{@code heap}: growth of used heap after building (and after {@code System.gc()} several times), with
 *       the parsed rule list already on the heap before. Includes the writer-side maps and the copy of the
 *       rules each classifier keeps for updates and rebuilds. Approximate: it is what the GC reports.</li>
 * </ul>
 * Not a JMH benchmark: memory is a property of the built structure, not a rate.
 *
 * <pre>
 * java -Dportcullis.shared=../shared -cp bench/target/benchmarks.jar dev.portcullis.bench.FootprintReport \
 *     acl1_10k fw1_10k ipc1_10k acl1_100k fw1_100k ipc1_100k
 * </pre>
 */
public final class FootprintReport {

    private FootprintReport() {
    }

    public static void main(String[] args) {
        String[] sets = args.length > 0 ? args
                : new String[] {"acl1_1k", "acl1_10k", "fw1_10k", "ipc1_10k", "acl1_100k", "fw1_100k", "ipc1_100k"};
        System.out.printf("%-10s %7s %-7s %16s %12s%n", "set", "rules", "impl", "estimate B/rule", "heap B/rule");
        for (String set : sets) {
            List<RangeRule> rules = ClassBenchSets.rules(set);
            for (String impl : List.of("tree", "linear")) {
                long before = usedAfterGc();
                Classifier classifier = ClassBenchSets.create(impl, rules);
                long after = usedAfterGc();
                String estimate = classifier instanceof DecisionTreeClassifier tree
                        ? String.format("%.1f", (double) tree.footprintBytes() / rules.size()) : "-";
                System.out.printf("%-10s %7d %-7s %16s %12.1f%n", set, rules.size(), impl, estimate,
                        (double) (after - before) / rules.size());
                if (classifier.size() != rules.size()) {
                    throw new AssertionError("keeps the classifier reachable until measured");
                }
            }
        }
    }

    private static long usedAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
