package dev.portcullis.bench;

import dev.portcullis.classifier.ClassBench;
import dev.portcullis.classifier.Classifier;
import dev.portcullis.classifier.DecisionTreeClassifier;
import dev.portcullis.classifier.LinearScanClassifier;
import dev.portcullis.classifier.RangeRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the benchmarks find ClassBench data and how they make each classifier, so every benchmark compares
 * implementations the same way.
 *
 * <p>The data stays in {@code shared/classbench} beside the checkout: {@code -Dportcullis.shared=DIR} points to
 * it, default {@code ../shared} relative to the working directory (the repository root).
 */
final class ClassBenchSets {

    private ClassBenchSets() {
    }

    static Path dir() {
        Path dir = Path.of(System.getProperty("portcullis.shared", "../shared"), "classbench");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("ClassBench data not found at " + dir.toAbsolutePath()
                    + "; run from the repository root or pass -Dportcullis.shared=DIR");
        }
        return dir;
    }

    static List<RangeRule> rules(String set) {
        Path plain = dir().resolve("rules").resolve(set);
        return ClassBench.readRules(Files.exists(plain) ? plain : dir().resolve("rules").resolve(set + ".gz"));
    }

    /** The trace of a set; the 100k sets without their own trace are not benchmarked for lookups. */
    static ClassBench.Trace trace(String set) {
        return ClassBench.readTrace(dir().resolve("traces").resolve(set + "_trace.gz"));
    }

    /** {@code "tree"}: {@link DecisionTreeClassifier}; {@code "linear"}: {@link LinearScanClassifier}. */
    static Classifier create(String implementation, List<RangeRule> rules) {
        return switch (implementation) {
            case "tree" -> new DecisionTreeClassifier(rules);
            case "linear" -> new LinearScanClassifier(rules);
            default -> throw new IllegalArgumentException("unknown implementation " + implementation
                    + " (expected tree or linear)");
        };
    }
}
