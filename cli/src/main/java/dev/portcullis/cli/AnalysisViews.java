package dev.portcullis.cli;

import dev.portcullis.analysis.DiffReport;
import dev.portcullis.analysis.Example;
import dev.portcullis.analysis.Finding;
import dev.portcullis.analysis.NarrowingResult;
import dev.portcullis.analysis.ReachAnswer;
import dev.portcullis.analysis.TrafficBox;
import java.util.List;
import java.util.Map;

/** The JSON shapes of analysis answers: strings, lists and maps only, packets in the command-line packet syntax. */
final class AnalysisViews {
    private AnalysisViews() {
    }

    record ExampleView(String packet, List<String> assumptions) {
        static ExampleView of(Example example) {
            return example == null ? null : new ExampleView(example.packet().toString(), example.assumptions());
        }
    }

    record FindingView(String kind, boolean anomaly, List<String> rules, ExampleView example, String message) {
        static FindingView of(Finding finding) {
            return new FindingView(keyword(finding.kind()), finding.kind().isAnomaly(), finding.rules(),
                    finding.example().map(ExampleView::of).orElse(null), finding.message());
        }
    }

    static List<Map<String, String>> boxes(List<TrafficBox> boxes) {
        return boxes.stream().map(TrafficBox::fields).toList();
    }

    record DecisionView(String rule, String action, ExampleView example) {
        static DecisionView of(ReachAnswer.Decision decision) {
            return new DecisionView(decision.rule(), decision.action().keyword(), ExampleView.of(decision.example()));
        }
    }

    record ChangeView(String leftRule, String leftVerdict, String rightRule, String rightVerdict,
                      ExampleView example, List<Map<String, String>> traffic, boolean trafficTruncated) {
        static ChangeView of(DiffReport.Change change) {
            return new ChangeView(change.leftRule(), change.leftAction().keyword(), change.rightRule(),
                    change.rightAction().keyword(), ExampleView.of(change.example()), boxes(change.traffic()),
                    change.trafficTruncated());
        }
    }

    record RuleChangeView(String rule, String change, String before, String after, int keptFlows, List<String> notes,
                          List<Map<String, String>> removedTraffic, boolean removedTrafficTruncated) {
        static RuleChangeView of(NarrowingResult.RuleChange change) {
            return new RuleChangeView(change.rule(), change.kind().name().toLowerCase(java.util.Locale.ROOT),
                    change.before(), change.after(), change.keptFlows(), change.notes(),
                    boxes(change.removedTraffic()), change.removedTrafficTruncated());
        }
    }

    static String keyword(Finding.Kind kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
