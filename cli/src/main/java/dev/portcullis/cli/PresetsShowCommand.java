package dev.portcullis.cli;

import dev.portcullis.catalog.Catalog;
import dev.portcullis.catalog.Parameter;
import dev.portcullis.catalog.Preset;
import dev.portcullis.catalog.PresetRule;
import dev.portcullis.catalog.Term;
import dev.portcullis.model.InvalidInputException;
import dev.portcullis.model.Location;
import dev.portcullis.model.SourceRef;
import dev.portcullis.model.StateMatch;
import dev.portcullis.model.Durations;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code portcullis presets show NAME}: everything a preset says, with its sources. */
@Command(name = "show",
        description = {"Show one preset: its rules with their purpose and advice, its parameters and options, "
                + "and where in the reference documents each rule comes from.",
                "Rules show $${parameter} where an instance's value goes, and 'when OPTION' for the parts an option "
                        + "adds (or 'when !OPTION' for those it removes)."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:shown", "2:bad input or usage (every problem with its file:line:column); nothing was changed", "4:internal error (a bug: please report it with the output of --debug)"},
        mixinStandardHelpOptions = true)
public final class PresetsShowCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    JsonOption json;

    @Mixin
    CatalogOption catalogOption;

    @Parameters(paramLabel = "NAME", description = "Preset id, alias or title, e.g. icq or \"Yahoo! Messenger\".")
    String name;

    record ParameterView(String name, String kind, boolean required, String defaultValue, String description) {
    }

    record OptionView(String name, boolean enabledByDefault, String description, String why) {
    }

    record RuleView(String id, String name, String summary, String when, String purpose, String advice,
                    String source, String sharedRule, String notes) {
    }

    record PresetView(String id, String name, String kind, String description, List<ParameterView> parameters,
                      List<OptionView> options, List<RuleView> rules, List<String> sources, String notes) {
    }

    @Override
    public Integer call() {
        Catalog catalog = catalogOption.catalog();
        Preset preset = catalog.find(name).orElseThrow(() -> new InvalidInputException(
                Location.of("presets show " + name), "unknown preset '" + name + "'",
                "'portcullis presets list' shows every preset; known ids: "
                        + catalog.presets().stream().map(Preset::id).collect(Collectors.joining(", "))));
        PresetView view = view(preset);
        new Output(spec.commandLine().getOut(), json.enabled()).print(view, text(view));
        return ExitCodes.OK;
    }

    static PresetView view(Preset preset) {
        return new PresetView(preset.id(), preset.name(), preset.kind().name().toLowerCase(Locale.ROOT),
                preset.description(),
                preset.parameters().stream().map(PresetsShowCommand::parameter).toList(),
                preset.options().stream().map(o -> new OptionView(o.name(), o.enabledByDefault(), o.description(),
                        o.why())).toList(),
                preset.rules().stream().map(r -> rule(preset, r)).toList(),
                preset.sources().stream().map(SourceRef::toString).toList(),
                preset.notes());
    }

    private static ParameterView parameter(Parameter parameter) {
        return new ParameterView(parameter.name(), parameter.kind().name().toLowerCase(Locale.ROOT),
                parameter.required(), parameter.defaultValue().orElse(""), parameter.description());
    }

    private static RuleView rule(Preset preset, PresetRule rule) {
        return new RuleView(preset.id() + "." + rule.id(), rule.name(), summary(rule),
                rule.when().map(Object::toString).orElse(""), rule.purpose(), rule.advice(),
                rule.source().map(SourceRef::toString).orElse(""), rule.sharedRule().orElse(""), rule.notes());
    }

    /** Like {@code Rule.summary()}, with parameters and conditions shown as written in the catalog. */
    static String summary(PresetRule rule) {
        StringBuilder text = new StringBuilder()
                .append(rule.action().keyword()).append(' ')
                .append(rule.direction().keyword()).append(' ')
                .append(RuleText.protocol(rule.protocol()));
        clause(text, "remote", rule.remoteHosts());
        clause(text, "remote-port", rule.remotePorts());
        clause(text, "local", rule.localHosts());
        clause(text, "local-port", rule.localPorts());
        if (rule.state() != StateMatch.ANY) {
            text.append(" state ").append(rule.state().keyword());
        }
        rule.sessionTimeout().ifPresent(t -> text.append(" session-timeout ").append(
                t instanceof Term.Fixed<java.time.Duration> fixed ? Durations.format(fixed.value()) : t.toString()));
        rule.conntrackHelper().ifPresent(h -> text.append(" helper ").append(h));
        return text.toString();
    }

    private static void clause(StringBuilder text, String label, List<? extends Term<?>> terms) {
        if (!terms.isEmpty()) {
            text.append(' ').append(label).append(' ')
                    .append(terms.stream().map(Object::toString).collect(Collectors.joining(",")));
        }
    }

    private static String text(PresetView view) {
        StringBuilder out = new StringBuilder();
        out.append(view.id()).append(" — ").append(view.name()).append(" (").append(view.kind()).append(")\n");
        if (!view.description().isEmpty()) {
            out.append('\n').append(TextLayout.wrap(view.description(), "  "));
        }
        out.append("\nParameters").append(view.parameters().isEmpty() ? ": none\n" : ":\n");
        for (ParameterView p : view.parameters()) {
            String status = p.required() ? "required" : p.defaultValue().isEmpty() ? "optional, unset = any"
                    : "default " + p.defaultValue();
            out.append(TextLayout.wrap(p.description(), "  " + p.name() + " (" + p.kind() + ", " + status + "): ",
                    "      "));
        }
        out.append("\nOptions").append(view.options().isEmpty() ? ": none\n" : ":\n");
        for (OptionView o : view.options()) {
            out.append(TextLayout.wrap(o.description(), "  " + o.name() + " (" + (o.enabledByDefault() ? "on" : "off")
                    + " by default): ", "      "));
            if (!o.why().isEmpty()) {
                out.append(TextLayout.wrap(o.why(), "      why: ", "           "));
            }
        }
        out.append("\nRules (first match wins, in this order):\n");
        int number = 1;
        for (RuleView r : view.rules()) {
            out.append(String.format(Locale.ROOT, "%3d. ", number++)).append(r.id()).append(" — ").append(r.name())
                    .append(r.when().isEmpty() ? "" : "   [only when " + r.when() + "]").append('\n');
            out.append(TextLayout.wrap(r.summary(), "     ", "         "));
            if (!r.purpose().isEmpty()) {
                out.append(TextLayout.wrap(r.purpose(), "     What it's for: ", "       "));
            }
            if (!r.advice().isEmpty()) {
                out.append(TextLayout.wrap(r.advice(), "     To optimize: ", "       "));
            }
            if (!r.source().isEmpty()) {
                out.append("     Source: ").append(r.source())
                        .append(r.sharedRule().isEmpty() ? "" : " (shared rule " + r.sharedRule() + ")").append('\n');
            }
        }
        if (!view.sources().isEmpty()) {
            out.append("\nSources: ").append(String.join(", ", view.sources())).append('\n');
        }
        if (!view.notes().isEmpty()) {
            out.append("\nNotes:\n").append(TextLayout.wrap(view.notes(), "  "));
        }
        return out.toString();
    }
}
