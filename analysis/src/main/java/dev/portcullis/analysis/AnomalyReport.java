package dev.portcullis.analysis;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The answer of {@link AnomalyAnalysis}: every finding, in rule order within each kind. */
public record AnomalyReport(String policy, int ruleCount, List<Finding> findings) {
    public AnomalyReport {
        findings = List.copyOf(findings);
    }

    public Map<Finding.Kind, Integer> countsByKind() {
        Map<Finding.Kind, Integer> counts = new EnumMap<>(Finding.Kind.class);
        for (Finding finding : findings) {
            counts.merge(finding.kind(), 1, Integer::sum);
        }
        return counts;
    }

    public boolean hasAnomalies() {
        return findings.stream().anyMatch(f -> f.kind().isAnomaly());
    }

    public List<Finding> ofKind(Finding.Kind kind) {
        return findings.stream().filter(f -> f.kind() == kind).toList();
    }
}
