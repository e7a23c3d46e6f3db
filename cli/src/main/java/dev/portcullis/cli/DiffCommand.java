package dev.portcullis.cli;

import dev.portcullis.analysis.DiffReport;
import dev.portcullis.analysis.SemanticDiff;
import dev.portcullis.analysis.TrafficBox;
import dev.portcullis.model.Policy;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code portcullis diff A B}: every class of traffic whose verdict differs between two policies. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Compare two policies by what they do, not by their text: every class of traffic whose verdict"
                + " changed, as compact boxes, with the deciding rule on each side and an example packet."},
        footer = {"", "Example:", "  portcullis diff before.yaml after.yaml",
                ""},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the same verdict for every packet", "1:differences found", "2:bad input or usage (every problem with its file:line:column); nothing was changed", "4:internal error (a bug: please report it with the output of --debug)"})
public final class DiffCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BEFORE", description = "The first policy file (YAML).")
    Path leftFile;

    @Parameters(index = "1", paramLabel = "AFTER", description = "The second policy file (YAML).")
    Path rightFile;

    @Mixin
    PolicyOptions policyOptions;

    @Mixin
    JsonOption json;

    record DiffAnswer(String before, String after, boolean identical, List<AnalysisViews.ChangeView> changes) {
    }

    @Override
    public Integer call() {
        Policy left = policyOptions.load(leftFile);
        Policy right = policyOptions.load(rightFile);
        DiffReport report = SemanticDiff.diff(left, right, policyOptions.resolver());
        DiffAnswer answer = new DiffAnswer(leftFile.toString(), rightFile.toString(), report.identical(),
                report.changes().stream().map(AnalysisViews.ChangeView::of).toList());
        StringBuilder text = new StringBuilder();
        if (report.identical()) {
            text.append("same verdict for every packet\n");
        }
        for (DiffReport.Change change : report.changes()) {
            text.append(change.leftAction().keyword()).append(" -> ").append(change.rightAction().keyword())
                    .append(": before by ").append(change.leftRule()).append(", after by ").append(change.rightRule())
                    .append('\n');
            for (TrafficBox box : change.traffic()) {
                text.append("    ").append(box).append('\n');
            }
            if (change.trafficTruncated()) {
                text.append("    ... (more boxes; use --json for the listed ones)\n");
            }
            text.append("    example: ").append(change.example()).append('\n');
        }
        new Output(spec.commandLine().getOut(), json.enabled()).print(answer, text.toString());
        return report.identical() ? ExitCodes.OK : ExitCodes.FINDINGS;
    }
}
