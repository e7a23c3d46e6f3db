package dev.portcullis.cli;

import dev.portcullis.model.InputProblem;
import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.Policy;
import dev.portcullis.model.Rule;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code portcullis policy validate FILE}: is this policy file valid, and if not, exactly where is it wrong. */
@Command(name = "validate",
        description = {"Check a policy file: YAML syntax, every key and value, zones, and each preset instance "
                + "against the catalog. Every problem is reported as FILE:LINE:COLUMN with a hint."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:valid", "2:not valid (every problem with its file:line:column), or bad usage", "4:internal error (a bug: please report it with the output of --debug)"},
        mixinStandardHelpOptions = true)
public final class PolicyValidateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    JsonOption json;

    @Mixin
    PolicyOptions policyOptions;

    @Parameters(paramLabel = "FILE", description = "The policy file to check.")
    Path file;

    /** What the policy must also be enforceable by; {@code none} checks the file alone. */
    enum Target { nftables, none }

    @picocli.CommandLine.Option(names = "--target", paramLabel = "TARGET", defaultValue = "nftables",
            description = {"Also check that this backend can enforce the policy on this host, as 'compile' and"
                    + " 'apply' do (executable selectors, inbound application selectors, users that do not exist):"
                    + " ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}."})
    Target target;

    record Problem(String file, int line, int column, String message, String hint) {
        static Problem of(InputProblem problem) {
            return new Problem(problem.location().file(), problem.location().line(), problem.location().column(),
                    problem.message(), problem.hint());
        }
    }

    record Verdict(String file, boolean valid, String name, String mode, int rules, int presetRules,
                   List<String> presetInstances, List<Problem> problems) {
    }

    @Override
    public Integer call() {
        Output output = new Output(spec.commandLine().getOut(), json.enabled());
        Policy policy;
        try {
            policy = policyOptions.load(file);
            if (target == Target.nftables) {
                NftablesSupport.checkEnforceable(policy);
            }
        } catch (InvalidInputException invalid) {
            if (!json.enabled()) {
                throw invalid; // printed by the shared handler, to stderr, as FILE:LINE:COLUMN lines
            }
            output.print(new Verdict(file.toString(), false, "", "", 0, 0, List.of(),
                    invalid.problems().stream().map(Problem::of).toList()), "");
            return ExitCodes.BAD_INPUT;
        }
        List<String> instances = policy.rules().stream().flatMap(r -> r.origin().preset().stream()).distinct().toList();
        int fromPresets = (int) policy.rules().stream().filter(r -> r.origin().preset().isPresent()).count();
        Verdict verdict = new Verdict(file.toString(), true, policy.name(), policy.mode().keyword(),
                policy.rules().size(), fromPresets, instances, List.of());
        output.print(verdict, file + ": valid — policy '" + policy.name() + "', mode " + policy.mode().keyword()
                + ", " + count(policy.rules()) + (instances.isEmpty() ? ""
                : " (" + fromPresets + " from presets: " + String.join(", ", instances) + ")"));
        return ExitCodes.OK;
    }

    private static String count(List<Rule> rules) {
        return rules.size() == 1 ? "1 rule" : rules.size() + " rules";
    }
}
