package dev.portcullis.cli;

import dev.portcullis.model.Location;
import dev.portcullis.model.Policy;
import dev.portcullis.model.Rule;
import dev.portcullis.model.SourceRef;
import dev.portcullis.model.Zone;
import dev.portcullis.model.Durations;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code portcullis policy show FILE}: the expanded rule list, in evaluation order, each with its origin. */
@Command(name = "show",
        description = {"Show a policy's rules after preset expansion, in the order they are evaluated (first match "
                + "wins), each with where it came from: the file line of a plain rule, or the preset instance, the "
                + "preset's rule and its source in the reference documents."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:shown", "2:bad input or usage (every problem with its file:line:column); nothing was changed", "4:internal error (a bug: please report it with the output of --debug)"},
        mixinStandardHelpOptions = true)
public final class PolicyShowCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    JsonOption json;

    @Mixin
    PolicyOptions policyOptions;

    @Parameters(paramLabel = "FILE", description = "The policy file to show.")
    Path file;

    @Option(names = "--brief", description = "Leave out each rule's purpose and advice.")
    boolean brief;

    record OriginView(String preset, String presetRule, String file, int line, int column) {
    }

    record RuleView(int position, String id, String name, boolean enabled, String action, String direction,
                    String protocol, String localHosts, String localPorts, String remoteHosts, String remotePorts,
                    String state, String application, String sessionTimeout, String helper, boolean log,
                    String summary, OriginView origin, String source, String purpose, String advice) {
    }

    record ZoneView(String name, List<String> addresses, List<String> interfaces, String description) {
    }

    record PolicyView(String file, String name, String mode, boolean stateful, List<ZoneView> zones,
                      List<RuleView> rules) {
    }

    @Override
    public Integer call() {
        Policy policy = policyOptions.load(file);
        PolicyView view = view(policy);
        new Output(spec.commandLine().getOut(), json.enabled()).print(view, text(view));
        return ExitCodes.OK;
    }

    private PolicyView view(Policy policy) {
        List<RuleView> rules = new java.util.ArrayList<>();
        for (Rule rule : policy.rules()) {
            rules.add(rule(rules.size() + 1, rule));
        }
        return new PolicyView(file.toString(), policy.name(), policy.mode().keyword(), policy.settings().stateful(),
                policy.zones().stream().map(PolicyShowCommand::zone).toList(), rules);
    }

    private static ZoneView zone(Zone zone) {
        return new ZoneView(zone.name(), zone.addresses().stream().map(Object::toString).toList(), zone.interfaces(),
                zone.description());
    }

    static RuleView rule(int position, Rule rule) {
        Location at = rule.origin().definedAt().orElse(Location.of(""));
        OriginView origin = new OriginView(rule.origin().preset().orElse(""), rule.origin().presetRule().orElse(""),
                at.file(), at.line(), at.column());
        return new RuleView(position, rule.id(), rule.name(), rule.enabled(), rule.action().keyword(),
                rule.direction().keyword(), RuleText.protocol(rule.protocol()), rule.localHosts().toString(),
                rule.localPorts().toString(), rule.remoteHosts().toString(), rule.remotePorts().toString(),
                rule.state().keyword(), rule.application().map(Object::toString).orElse(""),
                rule.sessionTimeout().map(Durations::format).orElse(""), rule.conntrackHelper().orElse(""),
                rule.log(), RuleText.summary(rule), origin, rule.source().map(SourceRef::toString).orElse(""),
                rule.purpose(), rule.advice());
    }

    private String text(PolicyView view) {
        StringBuilder out = new StringBuilder();
        out.append("Policy '").append(view.name()).append("' (").append(view.file()).append("): mode ")
                .append(view.mode()).append(", ").append(view.stateful() ? "stateful" : "stateless (static filter)")
                .append(", ").append(view.rules().size()).append(view.rules().size() == 1 ? " rule" : " rules")
                .append('\n');
        if (!view.zones().isEmpty()) {
            out.append("\nZones:\n");
            for (ZoneView zone : view.zones()) {
                String members = zone.addresses().isEmpty() && zone.interfaces().isEmpty()
                        ? "everything no other zone covers"
                        : String.join(", ", zone.addresses())
                        + (zone.interfaces().isEmpty() ? "" : (zone.addresses().isEmpty() ? "" : "; ")
                        + "interfaces " + String.join(", ", zone.interfaces()));
                out.append("  ").append(zone.name()).append(": ").append(members)
                        .append(zone.description().isEmpty() ? "" : "  — " + zone.description()).append('\n');
            }
        }
        out.append("\nRules, in evaluation order (first match wins):\n");
        for (RuleView rule : view.rules()) {
            out.append(String.format(Locale.ROOT, "%3d. ", rule.position())).append(rule.id())
                    .append(rule.name().equals(rule.id()) ? "" : " — " + rule.name())
                    .append(rule.enabled() ? "" : "   [disabled]").append('\n');
            out.append("     ").append(rule.summary()).append(extras(rule)).append('\n');
            out.append("     from: ").append(origin(rule)).append('\n');
            if (!brief && !rule.purpose().isEmpty()) {
                out.append(TextLayout.wrap(rule.purpose(), "     purpose: ", "       "));
            }
            if (!brief && !rule.advice().isEmpty()) {
                out.append(TextLayout.wrap(rule.advice(), "     advice: ", "       "));
            }
        }
        return out.toString();
    }

    private static String extras(RuleView rule) {
        return (rule.sessionTimeout().isEmpty() ? "" : " session-timeout " + rule.sessionTimeout())
                + (rule.helper().isEmpty() ? "" : " helper " + rule.helper())
                + (rule.log() ? " log" : "");
    }

    private static String origin(RuleView rule) {
        OriginView origin = rule.origin();
        String place = new Location(origin.file(), origin.line(), origin.column()).toString();
        if (origin.preset().isEmpty()) {
            return place;
        }
        return List.of("preset instance " + origin.preset() + " (rule " + origin.presetRule() + ") at " + place,
                        rule.source().isEmpty() ? "" : "source " + rule.source())
                .stream().filter(s -> !s.isEmpty()).collect(Collectors.joining("; "));
    }
}
