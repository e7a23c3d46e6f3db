package dev.portcullis.cli;

import dev.portcullis.analysis.AnomalyAnalysis;
import dev.portcullis.analysis.AnomalyReport;
import dev.portcullis.analysis.Finding;
import dev.portcullis.model.Policy;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code portcullis analyze POLICY}: rule-order anomalies and over-broad rules, each with an example packet. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Find rules that never fire (shadowed, also by several earlier rules together), rules that"
                + " can be removed without changing any verdict (redundant), rules that overlap with a different"
                + " action (generalization, correlation), and allow rules broader than they need to be (any-to-any,"
                + " whole port classes, open peer ranges, proxy and auxiliary HTTP ports, the reference's advice).",
                "Answers are exact: every packet is considered, and each finding comes with a packet that shows it."},
        footer = {"", "Example:", "  portcullis analyze home.yaml --json",
                ""},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:no anomaly (over-broad advice alone is not one)", "1:anomalies found", "2:bad input or usage (every problem with its file:line:column); nothing was changed", "4:internal error (a bug: please report it with the output of --debug)"})
public final class AnalyzeCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "POLICY", description = "The policy file (YAML).")
    Path policyFile;

    @Mixin
    PolicyOptions policyOptions;

    @Mixin
    JsonOption json;

    record AnalyzeAnswer(String policy, String mode, int rules, java.util.Map<String, Integer> counts,
                         List<AnalysisViews.FindingView> findings) {
    }

    @Override
    public Integer call() {
        Policy policy = policyOptions.load(policyFile);
        AnomalyReport report = AnomalyAnalysis.analyze(policy, policyOptions.resolver());
        java.util.Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        report.countsByKind().forEach((kind, count) -> counts.put(AnalysisViews.keyword(kind), count));
        AnalyzeAnswer answer = new AnalyzeAnswer(policy.name(), policy.mode().keyword(), policy.rules().size(), counts,
                report.findings().stream().map(AnalysisViews.FindingView::of).toList());
        StringBuilder text = new StringBuilder("policy: " + policy.name() + " (" + policy.mode().keyword() + ", "
                + policy.rules().size() + " rules)\n");
        if (report.findings().isEmpty()) {
            text.append("no findings\n");
        }
        for (Finding finding : report.findings()) {
            text.append(AnalysisViews.keyword(finding.kind())).append(": ").append(finding.message()).append('\n');
            finding.example().ifPresent(e -> text.append("    example: ").append(e).append('\n'));
        }
        if (!counts.isEmpty()) {
            text.append("summary: ").append(counts).append('\n');
        }
        new Output(spec.commandLine().getOut(), json.enabled()).print(answer, text.toString());
        return report.hasAnomalies() ? ExitCodes.FINDINGS : ExitCodes.OK;
    }
}
